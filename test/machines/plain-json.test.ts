import { expect } from "chai";
import fc from "fast-check";
import { plainJson } from "../../rehearsal/plain-json";
import { propertyRuns } from "../helpers/property-runs";

/** Whether two values are the same JSON: numbers by `Object.is`, keys in order, plain prototypes. */
function same(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object")
    return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (![Array.prototype, Object.prototype].includes(Object.getPrototypeOf(a))) return false;
  const keys = Object.getOwnPropertyNames(a);
  if (JSON.stringify(keys) !== JSON.stringify(Object.getOwnPropertyNames(b))) return false;
  return keys.every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** What JSONata hands back: JSON, sequences (arrays with flags), and what JSON leaves out. */
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1.5, NaN, Infinity, -Infinity, "", undefined),
    fc.constantFrom(() => 1, Symbol("s")),
    fc.string({ unit: "binary" }),
    fc.date(),
    fc.dictionary(fc.constantFrom("a", "b", "__proto__", "0", "sequence"), tie("value"), {
      maxKeys: 4,
    }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.sparseArray(tie("value"), { maxLength: 4 }),
    fc
      .array(tie("value"), { maxLength: 3 })
      .map((items) => Object.assign(items, { sequence: true, keepSingleton: false })),
  ),
})).value;

describe("plainJson, what a JSONata Pass hands on", () => {
  it("is what JSON's round trip gives, for every value JSONata can hand back", () => {
    const { parameters } = propertyRuns<[unknown]>(1000, 1);
    fc.assert(
      fc.property(value, (v) => {
        const expected = JSON.parse(JSON.stringify(v) ?? "null") as unknown;
        expect(same(plainJson(v), expected), String(JSON.stringify(v))).to.equal(true);
      }),
      parameters,
    );
  });

  it("shares nothing with what it was given, and refuses what JSON refuses", () => {
    const given = { a: [{ b: 1 }], c: { d: "e" } };
    const copy = plainJson(given) as typeof given;
    expect(copy.a).not.to.equal(given.a);
    expect(copy.a[0]).not.to.equal(given.a[0]);
    expect(copy.c).not.to.equal(given.c);
    expect(() => plainJson({ n: 1n })).to.throw(TypeError, /BigInt/);
  });
});
