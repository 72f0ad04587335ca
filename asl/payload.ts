import { isRef, type Ref } from "./paths";
import type { JsonObject, JsonValue } from "./types";

type Primitive = string | number | boolean | bigint | null | undefined;

/**
 * The shape `T` with every member given either literally or as a run-time reference.
 * Homomorphic, so required and optional members stay as the SDK declares them.
 */
export type Payload<T> = [T] extends [Primitive]
  ? T | Ref
  : T extends Date
    ? string | Ref
    : T extends Uint8Array
      ? string | Ref
      : T extends readonly (infer Item)[]
        ? Payload<Item>[] | Ref
        : T extends object
          ? { [K in keyof T]: Payload<NonNullable<T[K]>> | Extract<T[K], undefined> } | Ref
          : T | Ref;

/** Any payload: what `renderPayload` accepts when no SDK shape applies. */
export type AnyPayload = { [key: string]: PayloadValue };
export type PayloadValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Ref
  | PayloadValue[]
  | { [key: string]: PayloadValue };

/**
 * Renders references as `.$` keys and sorts keys, so that the same payload always renders to the
 * same text. Undefined members are dropped.
 */
export function renderPayload(payload: object): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(payload).sort()) {
    const value = (payload as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key.endsWith(".$")) {
      throw new Error(`payload key "${key}": give a reference with $("...") instead of a ".$" key`);
    }
    if (isRef(value)) out[`${key}.$`] = value.expression;
    else out[key] = renderValue(value, key);
  }
  return out;
}

function renderValue(value: unknown, key: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`payload key "${key}": ${value} is not a number`);
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (isRef(item)) {
        throw new Error(`payload key "${key}[${i}]": a reference inside a list cannot be rendered`);
      }
      return renderValue(item, `${key}[${i}]`);
    });
  }
  if (typeof value === "object") return renderPayload(value);
  throw new Error(`payload key "${key}": ${typeof value} cannot be rendered as JSON`);
}
