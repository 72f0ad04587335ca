/**
 * The rules of a list of names in a machine's input (`tables`), written once: the machines'
 * JSONata checks (`request-check.ts`) and the clients that check a request before sending it both
 * read them. Each cause is a template whose `{}` takes the JSON text of the bad value, cut to
 * `QUOTED_CHARS` characters.
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

/** A cause quotes at most this many characters of a bad value. */
export const QUOTED_CHARS = 200;

export function nameListRefusals(rule: NameListRule) {
  const { label, what } = rule;
  const shown = rule.allowed.slice(0, SHOWN).join(", ");
  const allowedText = rule.allowed.length > SHOWN ? `${shown}, ...` : shown;
  return {
    tooMany: `${label} lists {} names, and there are ${rule.allowed.length} ${what}`,
    empty: `${label} is empty; leave it out for all, or list ${what}`,
    notAList: `${label} must be a list of ${what}, not {}`,
    unknown: `${label} has {} that are not ${what}; expected some of: ${allowedText}`,
  };
}

/** JSON text as JSONata's `$string` writes it: numbers that are not whole to 15 digits. */
export function jsonataString(value: unknown): string {
  if (typeof value === "string") return value;
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(15)) : v,
    ) ?? ""
  );
}

/** The JSON text of a value cut to QUOTED_CHARS characters and `...`, as the machines quote it. */
export function quoteValue(value: unknown): string {
  // Wrapped in an object: JSONata would flatten a list wrapped in a list.
  const chars = Array.from(jsonataString({ v: value }).slice(5, -1));
  return chars.length > QUOTED_CHARS
    ? `${chars.slice(0, QUOTED_CHARS).join("")}...`
    : chars.join("");
}

/** A template with each `{}` replaced by a quoted value, as the machines fill their causes. */
export function fillIn(template: string, ...values: unknown[]): string {
  let i = 0;
  return template.replace(/\{\}/g, () => quoteValue(values[i++]));
}

/** How many characters a text has, as JSONata's `$length` counts them (code points). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** Longer than there are names to choose from: refused before anything reads the list. */
export function refuseLongNameList(rule: NameListRule, value: unknown): string | undefined {
  return Array.isArray(value) && value.length > rule.allowed.length
    ? fillIn(nameListRefusals(rule).tooMany, value.length)
    : undefined;
}

/** The cause of refusing `value` under `rule`, or undefined when it is a good list. */
export function refuseNameList(rule: NameListRule, value: unknown): string | undefined {
  const refusals = nameListRefusals(rule);
  if (!Array.isArray(value)) return fillIn(refusals.notAList, value);
  if (value.length === 0) return refusals.empty;
  const unknown = value.filter((item) => typeof item !== "string" || !rule.allowed.includes(item));
  return unknown.length === 0 ? undefined : fillIn(refusals.unknown, unknown);
}
