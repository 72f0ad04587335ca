import { COMPARISON_OPERATORS } from "./conditions";
import type { StateMachineDefinition } from "./types";

/** Key order of every ASL object, as the spec lists the fields; payload keys sort alphabetically. */
const ASL_KEY_ORDER = [
  "Type",
  "Comment",
  "QueryLanguage",
  "ErrorEquals",
  "StartAt",
  "States",
  "Resource",
  "Credentials",
  "InputPath",
  "Parameters",
  "ItemsPath",
  "ItemSelector",
  "MaxConcurrency",
  "Label",
  "ItemProcessor",
  "ProcessorConfig",
  "Mode",
  "ExecutionType",
  "Branches",
  "Variable",
  ...COMPARISON_OPERATORS,
  "And",
  "Or",
  "Not",
  "Choices",
  "Default",
  "Seconds",
  "SecondsPath",
  "Timestamp",
  "TimestampPath",
  "Result",
  "Output",
  "ResultSelector",
  "ResultPath",
  "OutputPath",
  "Error",
  "ErrorPath",
  "Cause",
  "CausePath",
  "IntervalSeconds",
  "MaxAttempts",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
  "TimeoutSeconds",
  "HeartbeatSeconds",
  "Retry",
  "Catch",
  "Next",
  "End",
];
const RANK = new Map(ASL_KEY_ORDER.map((key, i) => [key, i]));
const PAYLOAD_KEYS = new Set(["Parameters", "Result", "Output", "ItemSelector", "ResultSelector"]);

function byAslOrder(a: string, b: string): number {
  const ra = RANK.get(a) ?? ASL_KEY_ORDER.length;
  const rb = RANK.get(b) ?? ASL_KEY_ORDER.length;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

function sortedPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedPayload);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedPayload((value as Record<string, unknown>)[k])]),
  );
}

function ordered(value: unknown, inStates = false): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  // State names keep reading order: the order in which the machine runs.
  if (!inStates) entries.sort(([a], [b]) => byAslOrder(a, b));
  return Object.fromEntries(
    entries.map(([k, v]) => {
      if (inStates) return [k, ordered(v)];
      if (PAYLOAD_KEYS.has(k)) return [k, sortedPayload(v)];
      return [k, ordered(v, k === "States")];
    }),
  );
}

/** The fields of a state that hold states of their own, written out as the machine's are. */
const NESTED = new Set(["ItemProcessor", "Branches"]);

/**
 * A graph (machine, Map processor, Parallel branch) with one line per field, and within `States`
 * one line per field of each state, its value on that line: a definition carrying a large catalog
 * stays small, and a changed field is one line of a diff.
 */
function write(value: unknown, indent: string, isState = false): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => write(v, inner));
    return `[\n${items.map((item) => `${inner}${item}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => {
    const text =
      k === "States"
        ? writeStates(v as Record<string, unknown>, inner)
        : isState && !NESTED.has(k)
          ? JSON.stringify(v)
          : write(v, inner);
    return `${inner}${JSON.stringify(k)}: ${text}`;
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

function writeStates(states: Record<string, unknown>, indent: string): string {
  const inner = `${indent}  `;
  const lines = Object.entries(states).map(
    ([name, state]) => `${inner}${JSON.stringify(name)}: ${write(state, inner, true)}`,
  );
  return lines.length === 0 ? "{}" : `{\n${lines.join(",\n")}\n${indent}}`;
}

/** The definition as text, keys in a fixed order, so that a changed machine is a small diff. */
export function renderDefinition(definition: StateMachineDefinition): string {
  return `${write(ordered(definition), "")}\n`;
}
