/**
 * Whether two values are the same JSON, as deep equality would not say: numbers by `Object.is`
 * (`-0` is not `0`), own keys in the same order, plain arrays and objects only.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object")
    return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (![Array.prototype, Object.prototype].includes(Object.getPrototypeOf(a))) return false;
  const keys = Object.getOwnPropertyNames(a);
  if (JSON.stringify(keys) !== JSON.stringify(Object.getOwnPropertyNames(b))) return false;
  return keys.every((k) =>
    sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Whether the objects inside a copy are new ones, all the way down. */
export function sharesNothing(copy: unknown, value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (copy === value) return false;
  return Object.keys(value).every((k) =>
    sharesNothing((copy as Record<string, unknown>)[k], (value as Record<string, unknown>)[k]),
  );
}
