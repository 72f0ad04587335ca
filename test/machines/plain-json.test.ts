import { expect } from "chai";
import fc from "fast-check";
import { plainJson } from "../../rehearsal/plain-json";
import { sameJson, sharesNothing } from "../helpers/json-shape";
import { propertyRuns } from "../helpers/property-runs";

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
        expect(sameJson(plainJson(v), expected), String(JSON.stringify(v))).to.equal(true);
      }),
      parameters,
    );
  });

  it("shares nothing with what it was given, and refuses what JSON refuses", () => {
    const given = { a: [{ b: 1 }], c: { d: "e" } };
    expect(sharesNothing(plainJson(given), given)).to.equal(true);
    expect(() => plainJson({ n: 1n })).to.throw(TypeError, /BigInt/);
  });
});
