/**
 * The rules of a list of names in a machine's input (`tables`), written once: the ASL checks of
 * `input-checks.ts` and the clients that check a request before sending it both read them. Each
 * cause is a `States.Format` template whose `{}` takes the JSON text of the bad value.
 */

export interface NameListRule {
  /** The input key: `tables`. */
  label: string;
  /** What the items must be: `catalogued table names`. */
  what: string;
  allowed: readonly string[];
}

/** At most this many allowed names are shown in a cause. */
const SHOWN = 20;

export function nameListRefusals(rule: NameListRule) {
  const { label, what } = rule;
  const shown = rule.allowed.slice(0, SHOWN).join(", ");
  const allowedText = rule.allowed.length > SHOWN ? `${shown}, ...` : shown;
  return {
    empty: `${label} is empty; leave it out for all, or list ${what}`,
    notAList: `${label} must be a list of ${what}, not {}`,
    unknown: `${label} has {} that are not ${what}; expected some of: ${allowedText}`,
  };
}

/** A template with each `{}` replaced by the JSON text of a value, as `States.JsonToString` writes it. */
export function fillIn(template: string, ...values: unknown[]): string {
  let i = 0;
  return template.replace(/\{\}/g, () => JSON.stringify(values[i++]) ?? "null");
}

/** The cause of refusing `value` under `rule`, or undefined when it is a good list. */
export function refuseNameList(rule: NameListRule, value: unknown): string | undefined {
  const refusals = nameListRefusals(rule);
  if (!Array.isArray(value)) return fillIn(refusals.notAList, value);
  if (value.length === 0) return refusals.empty;
  const unknown = value.filter((item) => typeof item !== "string" || !rule.allowed.includes(item));
  return unknown.length === 0 ? undefined : fillIn(refusals.unknown, unknown);
}
