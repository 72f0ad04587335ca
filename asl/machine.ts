import { FOLLOWING, type Flow, type StateDraft } from "./flow";
import { successorsOf } from "./walk";
import type { ChoiceRule, State, StateGraph, StateMachineDefinition } from "./types";

/** A machine that cannot be built; the message names the state at fault. */
export class AslBuildError extends Error {
  override readonly name = "AslBuildError";
}

export interface MachineOptions {
  Comment?: string;
  TimeoutSeconds?: number;
}

const MAX_STATE_NAME = 80;

type BuildListener = (definition: StateMachineDefinition) => void;
const listeners = new Set<BuildListener>();

/** Calls `listener` with every definition built from now on; returns the function that stops it. */
export function onMachineBuilt(listener: BuildListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Builds a definition from a flow, refusing a dangling `Next`, an unreachable state, a state name
 * used twice anywhere in the machine (branches included) and a graph with no terminal state.
 */
export function buildStateMachine(
  flow: Flow,
  options: MachineOptions = {},
): StateMachineDefinition {
  const seen = new Map<string, string>();
  const graph = buildGraph(flow, "the machine", seen);
  const definition: StateMachineDefinition = {
    ...(options.Comment === undefined ? {} : { Comment: options.Comment }),
    QueryLanguage: "JSONPath",
    StartAt: graph.StartAt,
    States: graph.States,
    ...(options.TimeoutSeconds === undefined ? {} : { TimeoutSeconds: options.TimeoutSeconds }),
  };
  for (const listener of listeners) listener(definition);
  return definition;
}

function buildGraph(flow: Flow, scope: string, seen: Map<string, string>): StateGraph {
  const drafts = flow.states;
  const start = drafts[0];
  if (start === undefined) throw new AslBuildError(`${scope} has no states`);

  const states: Record<string, State> = {};
  drafts.forEach((draft, index) => {
    const where = seen.get(draft.name);
    if (where !== undefined) {
      throw new AslBuildError(
        `State "${draft.name}" is defined twice (in ${where} and in ${scope}); state names must be unique across the machine`,
      );
    }
    if (draft.name.length === 0 || draft.name.length > MAX_STATE_NAME) {
      throw new AslBuildError(
        `State "${draft.name}": a name has 1 to ${MAX_STATE_NAME} characters`,
      );
    }
    seen.set(draft.name, scope);
    states[draft.name] = buildState(draft, drafts[index + 1]?.name, seen);
  });

  for (const [name, state] of Object.entries(states)) {
    for (const target of successorsOf(state)) {
      if (!(target in states)) {
        throw new AslBuildError(`State "${name}": Next "${target}" is not a state of ${scope}`);
      }
    }
  }

  const reached = new Set<string>([start.name]);
  const queue = [start.name];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const target of successorsOf(states[name]!)) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const name of Object.keys(states)) {
    if (!reached.has(name)) {
      throw new AslBuildError(
        `State "${name}" is unreachable in ${scope}: no state leads to it from "${start.name}"`,
      );
    }
  }

  const terminal = Object.values(states).some(
    (s) => s.Type === "Succeed" || s.Type === "Fail" || ("End" in s && s.End === true),
  );
  if (!terminal) {
    throw new AslBuildError(
      `${capitalize(scope)} has no terminal state (End, Succeed or Fail): starting at "${start.name}" it can never finish`,
    );
  }
  return { StartAt: start.name, States: states };
}

function buildState(
  draft: StateDraft,
  following: string | undefined,
  seen: Map<string, string>,
): State {
  const resolve = (target: string, field: string): string => {
    if (target !== FOLLOWING) return target;
    if (following === undefined) {
      throw new AslBuildError(
        `State "${draft.name}": ${field} goes to the following state, but none follows`,
      );
    }
    return following;
  };
  const fields: Record<string, unknown> = { Type: draft.type, ...draft.fields };

  if (Array.isArray(fields.Catch)) {
    fields.Catch = (fields.Catch as { Next: string }[]).map((c) => ({
      ...c,
      Next: resolve(c.Next, "a Catch"),
    }));
  }
  if (draft.type === "Choice") {
    const rules = draft.choices ?? [];
    if (rules.length === 0)
      throw new AslBuildError(`State "${draft.name}": a Choice needs at least one rule`);
    fields.Choices = rules.map((rule): ChoiceRule => ({
      ...rule.condition,
      Next: resolve(rule.next, "a Choice rule"),
      ...(rule.comment === undefined ? {} : { Comment: rule.comment }),
    }));
    if (typeof fields.Default === "string") fields.Default = resolve(fields.Default, "Default");
  }
  if (draft.processor !== undefined) {
    fields.ItemProcessor = {
      ProcessorConfig: draft.processorConfig ?? { Mode: "INLINE" },
      ...buildGraph(draft.processor, `the item processor of Map "${draft.name}"`, seen),
    };
  }
  if (draft.branches !== undefined) {
    if (draft.branches.length === 0)
      throw new AslBuildError(`State "${draft.name}": a Parallel needs a branch`);
    fields.Branches = draft.branches.map((branch, i) =>
      buildGraph(branch, `branch ${i + 1} of Parallel "${draft.name}"`, seen),
    );
  }
  if (draft.type !== "Choice" && draft.type !== "Succeed" && draft.type !== "Fail") {
    const goto = draft.goto ?? {};
    if (goto.End === true) fields.End = true;
    else if (goto.Next !== undefined) fields.Next = resolve(goto.Next, "Next");
    else if (following !== undefined) fields.Next = following;
    else fields.End = true;
  }
  return fields as unknown as State;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
