import { Condition } from "../conditions";
import { Flow, FOLLOWING, when } from "../flow";
import { fill, fillText, jsonata, literal, literals, quoteFunctions } from "../jsonata";
import { nameListRefusals, QUOTED_CHARS, type NameListRule } from "./name-list-rules";

/**
 * A machine's input, checked in one JSONata Pass state before anything is touched, so that a bad
 * request fails with `InvalidInput` and a cause naming the bad value. JSONata can measure what
 * JSONPath cannot: the request's length is checked before any state copies it, and a cause quotes
 * at most 200 characters of a value, so no request, however long, makes a state pass more than
 * Step Functions' 256 KiB. The rules and causes are those the clients check a request with
 * (`restore-input.ts`, `name-list-rules.ts`); `test/chat/shared-validation.test.ts` proves that
 * both refuse the same requests with the same words.
 */
export const INVALID_INPUT = "Invalid input";

/** Where a refusal goes first: the state that tells the run's topic of it. */
export const TELL_INVALID_INPUT = "Tell why the input was refused";

/** A refusal: when `when` holds (JSONata over `$in`, the input), the cause `cause` (JSONata). */
export interface Refusal {
  when: string;
  cause: string;
}

/**
 * The check: the first refusal that holds puts `{"invalid": {"cause"}}` in place of the input and
 * goes to TELL_INVALID_INPUT, then INVALID_INPUT; else the state's output is `accepted` (JSONata
 * over `$in`).
 */
export function checkInput(name: string, refusals: readonly Refusal[], accepted: string): Flow {
  const chain = refusals.reduceRight(
    (rest, r) => `(${r.when}) ? {'invalid': {'cause': ${r.cause}}} : ${rest}`,
    accepted,
  );
  return Flow.start()
    .compute(name, jsonata(`($in := $states.input; ${quoteFunctions(QUOTED_CHARS)}; ${chain})`))
    .choice(`${name}: refused?`, [when(Condition.isPresent("$.invalid"), TELL_INVALID_INPUT)], {
      Default: FOLLOWING,
    });
}

/** The states every refusal ends in: `tell` (its first state named as given) tells the topic. */
export function invalidInput(tell: (name: string) => Flow): Flow {
  return Flow.start()
    .then(tell(TELL_INVALID_INPUT))
    .fail(INVALID_INPUT, { Error: "InvalidInput", CausePath: "$.invalid.cause" });
}

/** The refusals of an input object that is none. */
export function notAnObject(requiredKey: string | undefined, cause: string): Refusal {
  const missing = requiredKey === undefined ? "" : ` or $not($exists($in.${requiredKey}))`;
  return { when: `$type($in) != 'object'${missing}`, cause: literal(cause) };
}

/** A key other than `keys`. */
export function otherKey(keys: readonly string[], template: string): Refusal {
  return {
    when: `$count($keys($in)[$not($ in ${literals(keys)})]) > 0`,
    cause: fill(template, "$in"),
  };
}

/** The refusals of the list of names at `$in.<label>` that `rule` describes, where given. */
export function nameListChecks(rule: NameListRule): {
  tooMany: Refusal;
  notAList: Refusal;
  empty: Refusal;
  unknown: Refusal;
} {
  const list = `$in.${rule.label}`;
  const refusals = nameListRefusals(rule);
  // The JSON text of each unknown item, made one by one: JSONata flattens a list in a list.
  const unknown = `[$map(${list}, function($n) { $type($n) = 'string' and $n in ${literals(rule.allowed)} ? '' : $json($n) })[$ != '']]`;
  return {
    tooMany: {
      when: `$type(${list}) = 'array' and $count(${list}) > ${rule.allowed.length}`,
      cause: fill(refusals.tooMany, `$count(${list})`),
    },
    notAList: {
      when: `$exists(${list}) and $type(${list}) != 'array'`,
      cause: fill(refusals.notAList, list),
    },
    empty: {
      when: `$type(${list}) = 'array' and $count(${list}) = 0`,
      cause: literal(refusals.empty),
    },
    unknown: {
      when: `$exists(${list}) and $count(${unknown}) > 0`,
      cause: fillText(refusals.unknown, `$cut('[' & $join(${unknown}, ',') & ']')`),
    },
  };
}

/** Whether `$in.<key>` is given and is a text longer than `max` characters, with the cause. */
export function textTooLong(key: string, max: number, template: string): Refusal {
  const value = `$in.${key}`;
  return {
    when: `$type(${value}) = 'string' and $length(${value}) > ${max}`,
    cause: fill(template, `$length(${value})`),
  };
}

/** The input's JSON text longer than `max` characters. */
export function inputTooLong(max: number, template: string): Refusal {
  return { when: `$length($string($in)) > ${max}`, cause: fill(template, "$length($string($in))") };
}

/**
 * The names the request asks for, in the catalog's order (largest first), or every one when it
 * names none.
 */
export function askedNames(label: string, ordered: readonly string[]): string {
  const all = literals(ordered);
  return `($exists($in.${label}) ? [$filter(${all}, function($n) { $n in $in.${label} })] : ${all})`;
}

/**
 * A short key of the execution, for naming the child executions it starts (`<key>-<index>`): 32
 * hex characters of the SHA-256 of its ARN (`$hash`, a JSONata function Step Functions adds).
 */
export const RUN_KEY = "$substring($hash($states.context.Execution.Id, 'SHA-256'), 0, 32)";
