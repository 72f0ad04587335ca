import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  BUILD_CLONE,
  LOOP_CLONE,
  runCommonJs,
  withLoopClone,
} from "../../rehearsal/interpreter-clone";
import { sameJson, sharesNothing } from "../helpers/json-shape";
import { propertyRuns } from "../helpers/property-runs";

type Clone = (value: unknown) => unknown;

const cloneOf = (text: string) => new Function(`return ${text}`)() as Clone;

/** Plain JSON values, with the keys a copy can get wrong: `__proto__` and the like. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1.5, "", "text", undefined),
    fc.dictionary(
      fc.constantFrom("a", "b", "__proto__", "constructor", "0", "length"),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
    fc.array(tie("value"), { maxLength: 4 }),
  ),
})).value;

describe("the interpreter's copy of a state's input", () => {
  const build = createRequire(__filename).resolve("aws-local-stepfunctions");

  it("is replaced in the installed build, which holds the copy once, word for word", () => {
    const faster = withLoopClone(readFileSync(build, "utf8"))!;
    expect(faster.split(LOOP_CLONE)).to.have.length(2);
    expect(faster).not.to.include(BUILD_CLONE);
    const loaded = runCommonJs(build, faster) as Record<string, unknown>;
    expect(loaded.StateMachine).to.be.a("function");
  });

  it("leaves a build without that copy, or with it twice, to be loaded as it is", () => {
    expect(withLoopClone("module.exports = { changed: true };")).to.equal(undefined);
    expect(withLoopClone(`${BUILD_CLONE}\n${BUILD_CLONE}`)).to.equal(undefined);
  });

  it("copies every JSON value as the build's own copy does: same keys, same order, same prototypes, nothing shared", () => {
    const original = cloneOf(BUILD_CLONE);
    const loops = cloneOf(LOOP_CLONE);
    const { parameters } = propertyRuns<[unknown]>(500, 1);
    fc.assert(
      fc.property(json, (value) => {
        const copy = loops(value);
        expect(sameJson(copy, original(value))).to.equal(true);
        expect(sharesNothing(copy, value)).to.equal(true);
      }),
      parameters,
    );
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, {"b": 2}]}') as object;
    const copy = loops(withProto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(Object.keys(copy)).to.deep.equal(["__proto__", "a"]);
    expect(sharesNothing(copy, withProto)).to.equal(true);
  });
});
