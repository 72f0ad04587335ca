import type { StackModel } from "../../config/model";
import {
  charCount,
  fillIn,
  jsonataString,
  nameListRefusals,
  refuseLongNameList,
  refuseNameList,
  type NameListRule,
} from "./name-list-rules";

/**
 * The restore machine's input contract, written once. The machine's ASL checks (`restore.ts`) take
 * their keys and causes from here, and clients (`chat/`) check a request with `checkRestoreInput`
 * before they send it, so that both refuse the same requests with the same words.
 */

/** The keys of the restore machine's input: the contract the chat bot relies on. */
export const RESTORE_INPUT_KEYS = ["environment", "tables", "requestedBy", "copyDate"] as const;

/** A tag value holds 256 characters, and `requestedBy` is one (TaggingRestrictions.html). */
export const MAX_REQUESTED_BY = 256;

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
 * The longest request the machine accepts, in characters of its JSON text: every catalogued
 * table named, the longest environment, a `requestedBy` of 256 characters that each take the
 * most JSON can spend on one (`\u0000`). Anything longer is refused before a state copies it.
 */
export function maxRequestChars(rules: RestoreRules): number {
  const longest = rules.environments.reduce((a, e) => (e.length > a.length ? e : a), "");
  return charCount(
    JSON.stringify({
      environment: longest,
      tables: rules.tables,
      requestedBy: "\u0000".repeat(MAX_REQUESTED_BY),
      copyDate: "2026-11-25",
    }),
  );
}

/**
 * The causes of `InvalidInput`, in the order the machine checks. `notAnObject` and `tables.empty`
 * are plain text; the others are templates whose `{}` takes the JSON text of the bad value (a
 * number for the lengths), cut to 200 characters.
 */
export function restoreRefusals(rules: RestoreRules) {
  return {
    notAnObject: 'the input must be an object such as {"environment": "dev-3"}',
    requestedByTooLong: `requestedBy has {} characters; it becomes a tag value, which holds at most ${MAX_REQUESTED_BY}`,
    tooLong: `the input has {} characters of JSON; a request has at most ${maxRequestChars(rules)}`,
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

/**
 * The machine's own checks, in its order: the first refusal wins, with the machine's cause. The
 * lengths come first, so that nothing reads more of a request than the longest good one.
 */
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
  const tooMany = refuseLongNameList(tablesRule(rules), given.tables);
  if (tooMany !== undefined) return refuse(tooMany);
  const requestedBy = given.requestedBy;
  if (typeof requestedBy === "string" && charCount(requestedBy) > MAX_REQUESTED_BY)
    return refuse(fillIn(refusals.requestedByTooLong, charCount(requestedBy)));
  const chars = charCount(jsonataString(input));
  if (chars > maxRequestChars(rules)) return refuse(fillIn(refusals.tooLong, chars));
  const environment = given.environment;
  if (typeof environment !== "string" || !rules.environments.includes(environment))
    return refuse(fillIn(refusals.environment, environment));
  if (!Object.keys(given).every((key) => (RESTORE_INPUT_KEYS as readonly string[]).includes(key)))
    return refuse(fillIn(refusals.otherKey, given));
  if (has(given, "tables")) {
    const cause = refuseNameList(tablesRule(rules), given.tables);
    if (cause !== undefined) return refuse(cause);
  }
  if (has(given, "requestedBy") && typeof requestedBy !== "string")
    return refuse(fillIn(refusals.requestedBy, requestedBy));
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
      ...(has(given, "requestedBy") ? { requestedBy: requestedBy as string } : {}),
      ...(has(given, "copyDate") ? { copyDate: given.copyDate as string } : {}),
    },
  };
}
