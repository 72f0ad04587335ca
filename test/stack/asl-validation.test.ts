import { createRequire } from "node:module";
import { expect } from "chai";
import aslValidator from "asl-validator";
import { buildStateMachine, Flow } from "../../asl";
import { validateAsl } from "../../stack/asl-validation";

const ajv = () => createRequire(require.resolve("asl-validator"))("ajv") as { default: unknown };

/** asl-validator's own verdict, from a fresh ajv (half a second): what the reuse must agree with. */
const references = new Map<unknown, { isValid: boolean; problems: string }>();
function reference(definition: unknown) {
  const known = references.get(definition);
  if (known !== undefined) return known;
  const result = aslValidator(structuredClone(definition) as never);
  const verdict = {
    isValid: result.isValid,
    problems: result.isValid ? "" : result.errorsText("; "),
  };
  references.set(definition, verdict);
  return verdict;
}

const good = buildStateMachine(Flow.start().pass("A", { Next: "B" }).succeed("B"));
const broken: [string, unknown][] = [
  ["a Next to no state", { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }],
  [
    "a bad ResultPath",
    { StartAt: "A", States: { A: { Type: "Pass", ResultPath: "$$[[", End: true } } },
  ],
  ["an unknown type", { StartAt: "A", States: { A: { Type: "Sleep", End: true } } }],
  ["no terminal state", { StartAt: "A", States: { A: { Type: "Pass", Next: "A" } } }],
];

describe("asl-validator with its schemas compiled once", () => {
  it("gives the validator's own verdicts, valid and invalid alike, in any order", () => {
    const cases: [string, unknown][] = [
      ["a valid machine", good],
      ...broken,
      ["a valid machine again", good],
    ];
    for (const [name, definition] of [...cases, ...cases.reverse()])
      expect(validateAsl(definition), name).to.deep.equal(reference(definition));
  });

  it("leaves asl-validator's ajv as it found it", () => {
    const before = ajv().default;
    validateAsl(good);
    expect(ajv().default).to.equal(before);
  });
});
