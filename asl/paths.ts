/**
 * References to values known only at run time: JSONPath into the state input (`$.x`), into the
 * context object (`$$.Execution.Name`), or an intrinsic function call. In a payload a reference
 * renders under its key with the `.$` suffix: `{ TableName: $("$.target") }` -> `"TableName.$"`.
 */

const REF = Symbol("asl.ref");

export interface Ref {
  readonly [REF]: true;
  readonly expression: string;
}

export function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && REF in value;
}

function makeRef(expression: string): Ref {
  return Object.freeze({ [REF]: true as const, expression });
}

const PATH =
  /^\$\$?(\.[A-Za-z_][\w-]*|\[\d+\]|\.\*|\[\*\]|\[\?\(@\.[\w.]+( (==|!=) ('[^']*'|true|false|\d+))?\)\])*$/;

/** A JSONPath into the state input or, with `$$.`, into the context object. */
export function $(path: string): Ref {
  if (!PATH.test(path)) {
    throw new Error(`"${path}" is not a JSONPath such as $.table.name or $$.Execution.Id`);
  }
  return makeRef(path);
}

type IntrinsicArg = Ref | string | number | boolean | null;

function renderArg(arg: IntrinsicArg): string {
  if (isRef(arg)) return arg.expression;
  if (typeof arg === "string") return `'${arg.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return String(arg);
}

function call(name: string, ...args: IntrinsicArg[]): Ref {
  return makeRef(`States.${name}(${args.map(renderArg).join(", ")})`);
}

/** Intrinsic functions, rendered as the value of a `.$` key. */
export const States = {
  format: (template: string, ...args: IntrinsicArg[]) => call("Format", template, ...args),
  array: (...args: IntrinsicArg[]) => call("Array", ...args),
  arrayLength: (array: Ref) => call("ArrayLength", array),
  arrayContains: (array: Ref, value: IntrinsicArg) => call("ArrayContains", array, value),
  arrayGetItem: (array: Ref, index: IntrinsicArg) => call("ArrayGetItem", array, index),
  arrayUnique: (array: Ref) => call("ArrayUnique", array),
  stringSplit: (text: Ref, splitter: string) => call("StringSplit", text, splitter),
  mathAdd: (value: IntrinsicArg, step: IntrinsicArg) => call("MathAdd", value, step),
  jsonMerge: (a: Ref, b: Ref) => call("JsonMerge", a, b, false),
  stringToJson: (text: Ref) => call("StringToJson", text),
  jsonToString: (value: Ref) => call("JsonToString", value),
  hash: (value: IntrinsicArg, algorithm: "MD5" | "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512") =>
    call("Hash", value, algorithm),
  uuid: () => call("UUID"),
} as const;

/** Context object paths used by the machines. */
export const Context = {
  executionId: $("$$.Execution.Id"),
  executionName: $("$$.Execution.Name"),
  executionStartTime: $("$$.Execution.StartTime"),
  stateMachineId: $("$$.StateMachine.Id"),
  mapItemValue: $("$$.Map.Item.Value"),
  mapItemIndex: $("$$.Map.Item.Index"),
} as const;
