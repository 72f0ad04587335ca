import type { JsonValue } from "./types";

/**
 * JSONata, for what JSONPath cannot do: measure text, cut it to a length, count and pick from
 * lists. Only `Flow.compute` uses it: a Pass state that sets `QueryLanguage: JSONata` for itself
 * (AWS lets a JSONPath machine opt in one state at a time), so every other state stays JSONPath.
 * Step Functions implements JSONata 2.0.6; the rehearsal runs these states with the `jsonata`
 * package, its reference implementation.
 */

const EXPRESSION = Symbol("asl.jsonata");

export interface Expression {
  readonly [EXPRESSION]: true;
  readonly text: string;
}

export function isExpression(value: unknown): value is Expression {
  return typeof value === "object" && value !== null && EXPRESSION in value;
}

/**
 * A JSONata expression, rendered as `{% ... %}` where the template puts it, on one line (line
 * breaks written for reading are folded into spaces).
 */
export function jsonata(text: string): Expression {
  return Object.freeze({ [EXPRESSION]: true as const, text: text.replace(/\s*\n\s*/g, " ") });
}

/** What a JSONata Pass state's `Output` may be: JSON with expressions in place of values. */
export type Template =
  Expression | string | number | boolean | null | Template[] | { [key: string]: Template };

const TEMPLATE = /^\{%([\s\S]*)%\}$/;

export function renderTemplate(template: Template): JsonValue {
  if (isExpression(template)) return `{% ${template.text} %}`;
  if (Array.isArray(template)) return template.map(renderTemplate);
  if (template === null || typeof template !== "object") {
    if (typeof template === "string" && TEMPLATE.test(template)) {
      throw new Error(`"${template}" would be read as JSONata: give it with jsonata("...")`);
    }
    return template;
  }
  return Object.fromEntries(
    Object.keys(template)
      .sort()
      .map((key) => [key, renderTemplate(template[key]!)]),
  );
}

/** The JSONata text of an expression written as `{% ... %}`, or undefined for a plain value. */
export function expressionOf(value: string): string | undefined {
  return TEMPLATE.exec(value)?.[1];
}

/**
 * A JSONata string literal, in single quotes (the text sits inside a JSON string). JSONata knows
 * JSON's escapes but not `\'`, so a quote is written `\u0027`.
 */
export function literal(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it must escape
  const escaped = text.replace(/[\\'\u0000-\u001f]/g, (c) =>
    c === "\\" ? "\\\\" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `'${escaped}'`;
}

/** A JSON value written as JSONata, strings and keys in single quotes (no escaping in JSON). */
export function jsonataValue(value: JsonValue): string {
  if (typeof value === "string") return literal(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonataValue).join(",")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${literal(k)}:${jsonataValue(v)}`)
    .join(",")}}`;
}

/** A JSONata array of string literals. */
export function literals(texts: readonly string[]): string {
  return `[${texts.map(literal).join(", ")}]`;
}

/**
 * The functions a cause is written with: `$json(v)`, the JSON text of a value as
 * `States.JsonToString` and `JSON.stringify` write it (wrapped in an object, for JSONata flattens
 * a list put in a list); `$cut(t)`, a text cut to `max` characters and `...`; `$quote(v)`, both.
 * A cause may so name a bad value without copying all of it. `quoteValue` in
 * `name-list-rules.ts` is the same in TypeScript.
 */
export function quoteFunctions(max: number): string {
  return [
    `$json := function($v) { ($t := $string({'v': $v}); $substring($t, 5, $length($t) - 6)) }`,
    `$cut := function($t) { $length($t) > ${max} ? $substring($t, 0, ${max}) & '...' : $t }`,
    `$quote := function($v) { $cut($json($v)) }`,
  ].join("; ");
}

/** A cause template's `{}` filled with `$quote(value)`: `fill("x {} y", "$in.a")`. */
export function fill(template: string, value: string): string {
  return fillText(template, `$quote(${value})`);
}

/** A cause template's `{}` filled with a text already made (JSONata giving a string). */
export function fillText(template: string, text: string): string {
  const t = literal(template);
  return `($substringBefore(${t}, '{}') & ${text} & $substringAfter(${t}, '{}'))`;
}

/**
 * A text at `path` cut to `max` characters, control characters made spaces: what a report may
 * carry of a cause whatever AWS put in it. Empty when the path holds no text. Cut first: each
 * replacement is one character for one, and a cause may be 32,768 characters long.
 */
export function textCut(path: string, max: number): string {
  return `($type(${path}) = 'string' ? $replace($substring(${path}, 0, ${max}), /[\\u0000-\\u001f]/, ' ') : '')`;
}
