import { allStates, type StateMachineDefinition } from "../asl";

/**
 * What the Amazon States Language requires and asl-validator does not check, so that a definition
 * it passes AWS would still refuse (states-language.html):
 * - the fields of a JSONPath state that are paths ("Paths": a reference path begins with `$`; a
 *   Fail's ErrorPath and CausePath may also be an intrinsic function, "Fail State"), which
 *   asl-validator checks on a state but not on a Catch, nor on a Fail;
 * - a Retrier's or Catcher's ErrorEquals, "a non-empty array of Strings" ("Error names").
 */
const PATH_FIELDS = ["InputPath", "OutputPath", "ResultPath", "ItemsPath"] as const;
const FAIL_PATH_FIELDS = ["ErrorPath", "CausePath"] as const;

const isPath = (value: unknown) => typeof value !== "string" || value.startsWith("$");
/** What `isPath` refuses is a string. */
const isPathOrIntrinsic = (value: unknown) =>
  isPath(value) || (value as string).startsWith("States.");

/** Each breach of those rules, as `state: field "value" is not a path` and the like. */
export function definitionProblems(definition: StateMachineDefinition): string[] {
  const problems: string[] = [];
  const check = (where: string, field: string, value: unknown, ok: (v: unknown) => boolean) => {
    if (!ok(value)) problems.push(`${where}: ${field} ${JSON.stringify(value)} is not a path`);
  };
  for (const { name, state } of allStates(definition)) {
    const fields = state as unknown as Record<string, unknown>;
    for (const field of PATH_FIELDS) check(name, field, fields[field], isPath);
    // Only a Fail has these (asl-validator refuses them elsewhere).
    for (const field of FAIL_PATH_FIELDS) check(name, field, fields[field], isPathOrIntrinsic);
    for (const [kind, list] of [
      ["Retry", fields.Retry],
      ["Catch", fields.Catch],
    ] as const) {
      const entries = (list ?? []) as { ErrorEquals: unknown[]; ResultPath?: unknown }[];
      entries.forEach(({ ErrorEquals, ResultPath }, n) => {
        const where = `${name} ${kind} #${n + 1}`;
        // A Retrier has none: the language gives it no ResultPath.
        check(where, "ResultPath", ResultPath, isPath);
        if (ErrorEquals.length === 0 || ErrorEquals.some((e) => typeof e !== "string" || e === ""))
          problems.push(`${where}: ErrorEquals ${JSON.stringify(ErrorEquals)} names no error`);
      });
    }
  }
  return problems;
}
