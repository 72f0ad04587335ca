import { createHash } from "node:crypto";
import { expressionOf } from "../asl/jsonata";
import type { JsonValue, State, StateGraph, StateMachineDefinition } from "../asl/types";
import { withObjectLiteralsFolded } from "./jsonata-constants";
import { plainJson } from "./plain-json";

/**
 * aws-local-stepfunctions runs JSONPath only: it passes a JSONata state's input through unchanged
 * (it ignores `Output`). The machines use JSONata in Pass states only (`Flow.compute`), so the
 * rehearsal hands the interpreter a copy of the definition in which each such state is a Task of
 * a local resource, answered by `evaluateOutput` with the `jsonata` package (the reference
 * implementation of the JSONata that Step Functions runs). The deployed definition is unchanged.
 */
export const JSONATA_PASS_RESOURCE = "arn:aws:states:::datarefresh-rehearsal:jsonata-pass";

export interface JsonataPasses {
  /** The definition the interpreter runs. */
  definition: StateMachineDefinition;
  /** Each JSONata Pass state's `Output`, by state name. */
  outputs: ReadonlyMap<string, JsonValue>;
}

function isJsonataPass(state: State): boolean {
  return state.Type === "Pass" && state.QueryLanguage === "JSONata";
}

function rewriteGraph<G extends StateGraph>(graph: G, outputs: Map<string, JsonValue>): G {
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(graph.States)) {
    if (isJsonataPass(state) && state.Type === "Pass") {
      outputs.set(name, state.Output ?? null);
      const { Next, End, Comment } = state;
      states[name] = {
        Type: "Task",
        Resource: JSONATA_PASS_RESOURCE,
        ...(Comment === undefined ? {} : { Comment }),
        ...(End === true ? { End: true } : { Next: Next! }),
      } as State;
    } else if (state.Type === "Map") {
      states[name] = { ...state, ItemProcessor: rewriteGraph(state.ItemProcessor, outputs) };
    } else if (state.Type === "Parallel") {
      states[name] = { ...state, Branches: state.Branches.map((b) => rewriteGraph(b, outputs)) };
    } else states[name] = state;
  }
  return { ...graph, States: states };
}

/** The definition with its JSONata Pass states as local Tasks, and what each must output. */
export function withJsonataPassesAsTasks(definition: StateMachineDefinition): JsonataPasses {
  const outputs = new Map<string, JsonValue>();
  return { definition: rewriteGraph(definition, outputs), outputs };
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

/** `$hash(value, algorithm)`, a JSONata function Step Functions adds: the hex digest. */
function stepFunctionsHash(value: unknown, algorithm: string): string {
  const name = HASH_ALGORITHMS[algorithm];
  if (name === undefined) throw new Error(`$hash: unknown algorithm ${algorithm}`);
  return createHash(name)
    .update(typeof value === "string" ? value : JSON.stringify(value))
    .digest("hex");
}

type Compiled = Awaited<ReturnType<typeof withObjectLiteralsFolded>>;
const expressions = new Map<string, Promise<Compiled>>();

/** Each expression is parsed once: the machines' are few, and some carry the whole catalog. */
function compiled(text: string): Promise<Compiled> {
  let parsed = expressions.get(text);
  if (parsed === undefined) {
    parsed = withObjectLiteralsFolded(text);
    expressions.set(text, parsed);
  }
  return parsed;
}

/** What `$states.context` holds for the rehearsal's executions. */
export interface JsonataContext {
  Execution: { Id: string; Name: string; StartTime: string; Input: unknown };
  StateMachine: { Id: string; Name: string };
  /** The state being run, and when it was entered (the execution's clock). */
  State?: { Name: string; EnteredTime: string };
}

/**
 * A JSONata `Output` evaluated as Step Functions does: every string written `{% ... %}` is an
 * expression over `$states.input` and `$states.context`; a field whose expression gives nothing
 * is left out.
 */
export async function evaluateOutput(
  template: JsonValue,
  input: unknown,
  context: JsonataContext,
): Promise<JsonValue> {
  const states = { input, context };
  const evaluate = async (value: JsonValue): Promise<JsonValue | undefined> => {
    if (typeof value === "string") {
      const text = expressionOf(value);
      if (text === undefined) return value;
      const { expression, bindings } = await compiled(text);
      const all = { ...bindings, states, hash: stepFunctionsHash };
      return (await expression.evaluate(input, all)) as JsonValue | undefined;
    }
    if (Array.isArray(value)) {
      const items = await Promise.all(value.map(evaluate));
      return items.filter((item): item is JsonValue => item !== undefined);
    }
    if (value === null || typeof value !== "object") return value;
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, v]) => [key, await evaluate(v)] as const),
    );
    const object: { [key: string]: JsonValue } = {};
    for (const [key, v] of entries) if (v !== undefined) object[key] = v;
    return object;
  };
  const output = await evaluate(template);
  // JSONata sequences are arrays with extra flags: hand back plain JSON.
  return plainJson(output) as JsonValue;
}
