import type { StackModel } from "../../config/model";
import { fillIn, nameListRefusals, refuseNameList, type NameListRule } from "./name-list-rules";

/**
 * The restore machine's input contract, written once. The machine's ASL checks (`restore.ts`) take
 * their keys and causes from here, and clients (`chat/`) check a request with `checkRestoreInput`
 * before they send it, so that both refuse the same requests with the same words.
 */

/** The keys of the restore machine's input: the contract the chat bot relies on. */
export const RESTORE_INPUT_KEYS = ["environment", "tables", "requestedBy", "copyDate"] as const;

/** A request the restore machine accepts. */
export interface RestoreInput {
  environment: string;
  /** Default: every catalogued table. */
  tables?: string[];
  requestedBy?: string;
  /** A UTC date, `2026-11-25`. Default: the newest copy. */
  copyDate?: string;
}

/** What a request is checked against: the dev stack's environments and the catalog's names. */
export interface RestoreRules {
  environments: readonly string[];
  tables: readonly string[];
}

export function restoreRulesOf(model: Pick<StackModel, "settings" | "tables">): RestoreRules {
  return { environments: model.settings.environments, tables: model.tables.map((t) => t.name) };
}

export function tablesRule(rules: RestoreRules): NameListRule {
  return { label: "tables", what: "catalogued table names", allowed: rules.tables };
}

/**
 * The causes of `InvalidInput`, in the order the machine checks. `notAnObject` and `tables.empty`
 * are plain text; the others are templates whose `{}` takes the JSON text of the bad value.
 */
export function restoreRefusals(rules: RestoreRules) {
  return {
    notAnObject: 'the input must be an object such as {"environment": "dev-3"}',
    environment: `environment {} is not configured; expected one of: ${rules.environments.join(", ")}`,
    otherKey: `the input may only have the keys ${RESTORE_INPUT_KEYS.join(", ")}; it was {}`,
    tables: nameListRefusals(tablesRule(rules)),
    requestedBy: "requestedBy must be text such as slack:U0123, not {}",
    copyDate: "copyDate must be a UTC date such as 2026-11-25, not {}",
    tableTwice: "tables names a table more than once: {}",
  };
}

/**
 * The machine takes a copyDate when `<copyDate>T00:00:00Z` passes `IsTimestamp`: an RFC 3339
 * full-date, whose grammar bounds the day by 31 whatever the month.
 */
export const COPY_DATE = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])$/;

export type RestoreCheck = { ok: true; input: RestoreInput } | { ok: false; cause: string };

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** The machine's own checks, in its order: the first refusal wins, with the machine's cause. */
export function checkRestoreInput(input: unknown, rules: RestoreRules): RestoreCheck {
  const refusals = restoreRefusals(rules);
  const refuse = (cause: string): RestoreCheck => ({ ok: false, cause });
  if (
    typeof input !== "object" ||
    input === null ||
    Array.isArray(input) ||
    !has(input, "environment")
  )
    return refuse(refusals.notAnObject);
  const given = input as Record<string, unknown>;
  const environment = given.environment;
  if (typeof environment !== "string" || !rules.environments.includes(environment))
    return refuse(fillIn(refusals.environment, environment));
  if (!Object.keys(given).every((key) => (RESTORE_INPUT_KEYS as readonly string[]).includes(key)))
    return refuse(fillIn(refusals.otherKey, given));
  if (has(given, "tables")) {
    const cause = refuseNameList(tablesRule(rules), given.tables);
    if (cause !== undefined) return refuse(cause);
  }
  if (has(given, "requestedBy") && typeof given.requestedBy !== "string")
    return refuse(fillIn(refusals.requestedBy, given.requestedBy));
  if (has(given, "copyDate")) {
    const copyDate = given.copyDate;
    if (typeof copyDate !== "string" || !COPY_DATE.test(copyDate))
      return refuse(fillIn(refusals.copyDate, copyDate));
  }
  const tables = (given.tables as string[] | undefined) ?? [...rules.tables];
  if (new Set(tables).size !== tables.length) return refuse(fillIn(refusals.tableTwice, tables));
  return {
    ok: true,
    input: {
      environment,
      ...(has(given, "tables") ? { tables: [...tables] } : {}),
      ...(has(given, "requestedBy") ? { requestedBy: given.requestedBy as string } : {}),
      ...(has(given, "copyDate") ? { copyDate: given.copyDate as string } : {}),
    },
  };
}
