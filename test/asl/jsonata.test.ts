import { createHash } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import jsonata from "jsonata";
import { buildStateMachine, Flow, jsonata as expression } from "../../asl";
import {
  fill,
  jsonataValue,
  literal,
  quoteFunctions,
  renderTemplate,
  textCut,
} from "../../asl/jsonata";
import { fillIn, QUOTED_CHARS, quoteValue } from "../../asl/machines/name-list-rules";
import {
  catalogCauseChars,
  causeChars,
  ERROR_CHARS,
  STATE_BUDGET,
} from "../../asl/machines/table-results";
import type { JsonValue } from "../../asl/types";
import { withObjectLiteralsFolded } from "../../rehearsal/jsonata-constants";
import { evaluateOutput, withJsonataPassesAsTasks } from "../../rehearsal/jsonata-states";
import { JSONATA_CONTEXT } from "../helpers/jsonata-context";

const evaluate = async (text: string, input: unknown = {}) =>
  (await jsonata(text).evaluate(input, { states: { input } })) as unknown;

const CONTEXT = JSONATA_CONTEXT;

describe("JSONata in the machines", () => {
  it("writes any text as a JSONata literal that reads back as the same text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), async (text) => {
        expect(await evaluate(literal(text))).to.equal(text);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it("quotes a value as the clients do: its JSON text, cut to 200 characters", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const quoted = await evaluate(
          `(${quoteFunctions(QUOTED_CHARS)}; $quote($states.input.v))`,
          {
            v: value,
          },
        );
        expect(quoted).to.equal(quoteValue(value));
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(quoteValue("x".repeat(300))).to.equal(`"${"x".repeat(QUOTED_CHARS - 1)}...`);
  });

  it("fills a cause's {} as the clients do", async () => {
    const filled = await evaluate(
      `(${quoteFunctions(QUOTED_CHARS)}; ${fill("bad {} here", "$states.input.v")})`,
      {
        v: ["a", 1],
      },
    );
    expect(filled).to.equal(fillIn("bad {} here", ["a", 1]));
  });

  it("cuts AWS's text to a length, control characters made spaces, and gives '' for no text", async () => {
    expect(await evaluate(textCut("$states.input.t", 5), { t: "a\u0001b\nc-long" })).to.equal(
      "a b c",
    );
    expect(await evaluate(textCut("$states.input.t", 5), { t: 42 })).to.equal("");
    expect(await evaluate(textCut("$states.input.t", 5), {})).to.equal("");
  });

  it("renders expressions as {% ... %} and refuses a plain text that would read as one", () => {
    expect(
      renderTemplate({ a: expression("$x"), b: "plain", c: [1, expression("$y")] }),
    ).to.deep.equal({
      a: "{% $x %}",
      b: "plain",
      c: [1, "{% $y %}"],
    });
    expect(() => renderTemplate("{%nope%}")).to.throw(/would be read as JSONata/);
    expect(renderTemplate(expression("a\n   + b"))).to.equal("{% a + b %}");
  });

  it("builds a JSONata Pass state in a JSONPath machine, as AWS lets a state opt in", () => {
    const definition = buildStateMachine(Flow.start().compute("Count", { n: expression("1 + 1") }));
    expect(definition.QueryLanguage).to.equal("JSONPath");
    expect(definition.States.Count).to.deep.equal({
      Type: "Pass",
      QueryLanguage: "JSONata",
      Output: { n: "{% 1 + 1 %}" },
      End: true,
    });
  });

  it("leaves the cause a compact result may carry within the state budget with every table failed", () => {
    expect(causeChars(3, 40)).to.equal(300);
    expect(causeChars(1000, 40_000)).to.equal(0);
    // A catalog's names take their room first: longer names leave less for each cause.
    const named = (length: number) =>
      Array.from({ length: 100 }, (_, i) => ({ name: `${i}`.padStart(length, "t") }));
    expect(catalogCauseChars(named(10))).to.equal(causeChars(100, 100 * 13 + 1));
    expect(catalogCauseChars(named(200))).to.be.below(catalogCauseChars(named(10)));
    for (const tables of [1, 10, 100, 300, 1000]) {
      const names = tables * 40;
      const chars = causeChars(tables, names);
      expect(4_096 + names + tables * (38 + ERROR_CHARS + 4 * chars)).to.be.at.most(STATE_BUDGET);
    }
  });
});

describe("the rehearsal's JSONata states", () => {
  it("are run as local Tasks in a copy of the definition, nested ones included", () => {
    const definition = buildStateMachine(
      Flow.start()
        .compute("Outer", { a: expression("1") })
        .map("Each", Flow.start().compute("Inner", { b: expression("2") }, { End: true }), {
          ItemsPath: "$.items",
        }),
    );
    const { definition: runnable, outputs } = withJsonataPassesAsTasks(definition);
    expect([...outputs.keys()]).to.deep.equal(["Outer", "Inner"]);
    expect(runnable.States.Outer!.Type).to.equal("Task");
    const each = runnable.States.Each as {
      ItemProcessor: { States: Record<string, { Type: string }> };
    };
    expect(each.ItemProcessor.States.Inner!.Type).to.equal("Task");
    expect(definition.States.Outer!.Type).to.equal("Pass");
  });

  it("evaluate an Output with the state's input and context, leaving out what gives nothing", async () => {
    const output = await evaluateOutput(
      {
        name: "{% $states.context.Execution.Name %}",
        x: "{% $states.input.missing %}",
        n: "{% $states.input.n + 1 %}",
        k: "plain",
      },
      { n: 1 },
      CONTEXT,
    );
    expect(output).to.deep.equal({ name: "run", n: 2, k: "plain" });
  });

  it("give what JSONata gives with object literals read once from a variable, on any input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (catalog, input) => {
        const text = `[$lookup(${jsonataValue({ c: catalog as JsonValue })}, 'c'), {'n': [1, {'m': $}]}, $]`;
        const { expression, bindings } = await withObjectLiteralsFolded(text);
        expect(Object.keys(bindings)).to.have.length(1);
        const folded = JSON.stringify(await expression.evaluate(input, bindings));
        expect(folded).to.equal(JSON.stringify(await jsonata(text).evaluate(input)));
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it("have $hash, which Step Functions adds to JSONata, as the digest in hex", async () => {
    const output = await evaluateOutput("{% $hash('abc', 'SHA-256') %}", {}, CONTEXT);
    expect(output).to.equal(createHash("sha256").update("abc").digest("hex"));
  });
});
