import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as LocalStepFunctions from "aws-local-stepfunctions";
import { runCommonJs, withLoopClone } from "./interpreter-clone";
import { polyfillPromiseWithResolvers } from "./polyfill";

type Interpreter = typeof LocalStepFunctions;

/** jsonpath-plus's `JSONPath`: a function, and a class whose `evaluate` gives the answer. */
export interface JsonPathFunction {
  (options: unknown, ...rest: unknown[]): unknown;
  new (options: unknown, ...rest: unknown[]): { evaluate(args: unknown): unknown };
}

const load = createRequire(__filename);
let interpreter: Interpreter | undefined;

/**
 * aws-local-stepfunctions, in its CommonJS build, with a jsonpath-plus that answers without
 * throwing, and with a faster copy of each state's input (`interpreter-clone.ts`). Called without
 * `new`, jsonpath-plus's JSONPath calls itself with `new`, and as a constructor cannot return a
 * scalar it throws an Error holding it, then catches it. The interpreter reads every path that
 * way: building those Errors took a tenth of the CPU of the whole suite run in one process (a V8
 * profile: 10.3 of 99.8 s in jsonpath-plus's NewError).
 */
export function interpreterModule(): Interpreter {
  if (interpreter === undefined) {
    polyfillPromiseWithResolvers();
    const jsonpath = load("jsonpath-plus") as { JSONPath: JsonPathFunction };
    jsonpath.JSONPath = answeringWithoutThrow(jsonpath.JSONPath);
    const build = load.resolve("aws-local-stepfunctions");
    const faster = withLoopClone(readFileSync(build, "utf8"));
    interpreter = (faster === undefined ? load(build) : runCommonJs(build, faster)) as Interpreter;
  }
  return interpreter;
}

/** A path of plain names only, such as `$.a.b`: most of the paths the interpreter reads. */
const NAMES_ONLY = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Each path's plain names, or null: a run reads the same few hundred paths over and over. */
const NAMES_OF = new Map<string, readonly string[] | null>();

/**
 * The names of the path of a query asked as the interpreter asks (`{ path, json, wrap: false }`,
 * nothing else), if they are plain names; null for any other query.
 */
function plainNamesOf(asked: Record<string, unknown>): readonly string[] | null {
  const { path } = asked;
  if (
    typeof path !== "string" ||
    asked.wrap !== false ||
    !Object.hasOwn(asked, "json") ||
    Object.keys(asked).length !== 3
  )
    return null;
  let names = NAMES_OF.get(path);
  if (names === undefined) {
    names = NAMES_ONLY.test(path) ? path.split(".").slice(1) : null;
    NAMES_OF.set(path, names);
  }
  return names;
}

/**
 * What jsonpath-plus answers, unwrapped, for a path of plain names: nothing for a falsy document,
 * and at each name, the value's own property of that name if the value is truthy and has one.
 */
function followNames(names: readonly string[], json: unknown): unknown {
  if (!json) return undefined;
  let value: unknown = json;
  for (const name of names) {
    if (!value || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/**
 * `JSONPath` whose call with an options object (the interpreter's only use) builds the query
 * without running it and asks it for the answer: what the original returns, with no throw on the
 * way. A path of plain names, unwrapped, is followed directly. Every other use is the original's.
 */
export function answeringWithoutThrow(original: JsonPathFunction): JsonPathFunction {
  function JSONPath(this: unknown, options: unknown, ...rest: unknown[]): unknown {
    if (new.target !== undefined)
      return Reflect.construct(original, [options, ...rest], new.target);
    const asked = options as { path?: unknown; json?: unknown; autostart?: unknown } | null;
    if (rest.length > 0 || typeof asked !== "object" || asked === null || asked.autostart === false)
      return original.call(this, options, ...rest);
    const names = plainNamesOf(asked as Record<string, unknown>);
    if (names !== null) return followNames(names, asked.json);
    const query = new original({ ...asked, autostart: false });
    return query.evaluate({ path: asked.path, ...("json" in asked ? { json: asked.json } : {}) });
  }
  Object.assign(JSONPath, original);
  JSONPath.prototype = original.prototype;
  return JSONPath as unknown as JsonPathFunction;
}
