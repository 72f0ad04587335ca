import { expect } from "chai";
import fc from "fast-check";
import { createRequire } from "node:module";
import {
  answeringWithoutThrow,
  interpreterModule,
  type JsonPathFunction,
} from "../../rehearsal/interpreter";
import { propertyRuns } from "../helpers/property-runs";

/** What a call returned or threw, comparable with deep equality. */
function outcome(call: () => unknown): { returned: unknown } | { threw: string } {
  try {
    return { returned: call() };
  } catch (error) {
    return { threw: String(error) };
  }
}

const key = fc.constantFrom("a", "b", "items", "0", "n", "length", "toString");
const step = fc.oneof(
  key.map((k) => `.${k}`),
  fc.integer({ min: -2, max: 3 }).map((i) => `[${i}]`),
  fc.constantFrom("[*]", ".*", "..a", "[0:2]", "['b']", ".length"),
);
const pathOf = (steps: fc.Arbitrary<string>) =>
  fc.array(steps, { maxLength: 4 }).map((s) => `$${s.join("")}`);
// Paths of plain names (`$.a.length`) are most of what the interpreter asks, and followed directly.
const path = fc.oneof(pathOf(step), pathOf(key.map((k) => `.${k}`)));
const document = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, 1.5, "", "text"),
    fc.dictionary(key, tie("value"), { maxKeys: 3 }),
    fc.array(tie("value"), { maxLength: 3 }),
  ),
})).value;

describe("the interpreter's JSONPath, answering without a throw", () => {
  it("answers every path over every document as jsonpath-plus does, scalars, misses and errors alike", async () => {
    // The ES module build: a JSONPath of its own, which the rehearsal leaves as it is.
    const { JSONPath } = (await import("jsonpath-plus")) as unknown as {
      JSONPath: JsonPathFunction;
    };
    const patched = answeringWithoutThrow(JSONPath);
    const { parameters } = propertyRuns<[string, unknown, boolean]>(1000, 1);
    fc.assert(
      fc.property(path, document, fc.boolean(), (p, json, wrap) => {
        const options = { path: p, json, wrap };
        expect(outcome(() => patched(options))).to.deep.equal(outcome(() => JSONPath(options)));
      }),
      parameters,
    );
    // Plain names over falsy values, strings and inherited names, where a direct walk could go wrong.
    const plain: [string, unknown][] = [
      ["$", 0],
      ["$", ""],
      ["$.length", ""],
      ["$.length", "text"],
      ["$.a.length", { a: "" }],
      ["$.a.b", { a: false }],
      ["$.a", { a: 0 }],
      ["$.toString", {}],
      ["$.a", { b: 1 }],
    ];
    for (const [p, json] of plain) {
      const options = { path: p, json, wrap: false };
      expect(
        outcome(() => patched(options)),
        JSON.stringify(options),
      ).to.deep.equal(outcome(() => JSONPath(options)));
    }
    // Any option besides the three the interpreter passes is jsonpath-plus's to answer.
    for (const extra of [{ resultType: "path" }, { resultType: "parent" }, { callback: () => 1 }]) {
      const options = { path: "$.a", json: { a: 1 }, wrap: false, ...extra };
      expect(
        outcome(() => patched(options)),
        JSON.stringify(options),
      ).to.deep.equal(outcome(() => JSONPath(options)));
    }
    for (const options of [{ path: "$.a" }, { json: { a: 1 } }, null])
      expect(
        outcome(() => patched(options)),
        JSON.stringify(options),
      ).to.deep.equal(outcome(() => JSONPath(options)));
    expect(patched("$.a", { a: 2 })).to.deep.equal(JSONPath("$.a", { a: 2 }));
    const built = { path: "$.a", json: { a: [3] } };
    expect(outcome(() => new patched(built))).to.deep.equal(outcome(() => new JSONPath(built)));
  });

  it("is the JSONPath the interpreter's build reads", () => {
    interpreterModule();
    const installed = createRequire(__filename)("jsonpath-plus") as { JSONPath: JsonPathFunction };
    expect(installed.JSONPath.name).to.equal("JSONPath");
    expect(installed.JSONPath({ path: "$.a.b", json: { a: { b: 7 } }, wrap: false })).to.equal(7);
  });
});
