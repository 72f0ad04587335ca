import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Condition,
  Flow,
  renderDefinition,
  sdkCall,
  toMermaid,
  when,
  type StateMachineDefinition,
} from "../../asl";

const describeTable = sdkCall("dynamodb", "describeTable", { TableName: $("$.table") });

/** Keys of the object at `path` (state names, then fields) in the rendered text. */
function keysAt(text: string, ...path: (string | number)[]): string[] {
  let node: unknown = JSON.parse(text);
  for (const step of path) node = (node as Record<string | number, unknown>)[step];
  return Object.keys(node as object);
}

describe("renderDefinition", () => {
  /** Written by hand with every object's keys out of order, which the builder never produces. */
  const scrambled = {
    States: {
      Work: {
        End: true,
        Retry: [{ MaxAttempts: 2, ErrorEquals: ["States.Timeout"] }],
        ResultPath: "$.out",
        Parameters: { b: 1, a: 2 },
        Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
        Type: "Task",
      },
      Route: {
        Default: "Work",
        Choices: [{ Next: "Work", StringEquals: "go", Variable: "$.mode" }],
        Type: "Choice",
      },
    },
    StartAt: "Route",
    QueryLanguage: "JSONPath",
    Comment: "scrambled",
  } as unknown as StateMachineDefinition;
  const text = () => renderDefinition(scrambled);

  it("orders the top level Comment, QueryLanguage, StartAt, States", () => {
    expect(keysAt(text())).to.deep.equal(["Comment", "QueryLanguage", "StartAt", "States"]);
  });

  it("puts Type first and End last within a state", () => {
    expect(keysAt(text(), "States", "Work")).to.deep.equal([
      "Type",
      "Resource",
      "Parameters",
      "ResultPath",
      "Retry",
      "End",
    ]);
    expect(keysAt(text(), "States", "Route")).to.deep.equal(["Type", "Choices", "Default"]);
  });

  it("puts a Choice rule's Variable before its operator, and Next last", () => {
    expect(keysAt(text(), "States", "Route", "Choices", 0)).to.deep.equal([
      "Variable",
      "StringEquals",
      "Next",
    ]);
  });

  it("orders a retrier's fields and sorts payload keys", () => {
    expect(keysAt(text(), "States", "Work", "Retry", 0)).to.deep.equal([
      "ErrorEquals",
      "MaxAttempts",
    ]);
    expect(keysAt(text(), "States", "Work", "Parameters")).to.deep.equal(["a", "b"]);
  });

  it("keeps the states in reading order, not sorted", () => {
    expect(keysAt(text(), "States")).to.deep.equal(["Work", "Route"]);
    const built = buildStateMachine(Flow.start().pass("Zebra").pass("Apple").pass("Mango"));
    expect(keysAt(renderDefinition(built), "States")).to.deep.equal(["Zebra", "Apple", "Mango"]);
  });

  it("puts Type first and Next last in a built Task with many options", () => {
    const built = buildStateMachine(
      Flow.start()
        .task("Look up", describeTable, {
          Retry: [{ ErrorEquals: ["States.Timeout"] }],
          TimeoutSeconds: 60,
          ResultPath: "$.description",
          InputPath: "$.request",
        })
        .succeed("Done"),
    );
    const keys = keysAt(renderDefinition(built), "States", "Look up");
    expect(keys.at(-1)).to.equal("Next");
    expect(keys).to.deep.equal([
      "Type",
      "Resource",
      "InputPath",
      "Parameters",
      "ResultPath",
      "TimeoutSeconds",
      "Retry",
      "Next",
    ]);
  });

  it("renders the same text for payloads written in different orders", () => {
    const render = (first: boolean) => {
      const parameters = first ? { b: $("$.b"), a: 1 } : { a: 1, b: $("$.b") };
      const result = first ? { y: [1, 2], x: { q: 1, p: 2 } } : { x: { p: 2, q: 1 }, y: [1, 2] };
      const flow = Flow.start()
        .pass("Shape", { Parameters: parameters })
        .pass("Constant", { Result: result, ResultPath: "$.constant" });
      return renderDefinition(buildStateMachine(flow));
    };
    expect(render(true)).to.equal(render(false));
    expect(keysAt(render(true), "States", "Constant", "Result")).to.deep.equal(["x", "y"]);
  });

  it("is the definition itself, as JSON ending in a single newline", () => {
    const built = buildStateMachine(Flow.start().pass("Only"));
    const rendered = renderDefinition(built);
    expect(rendered.endsWith("}\n")).to.equal(true);
    expect(JSON.parse(rendered)).to.deep.equal(built);
  });
});

/** A node declaration: `s3["name"]`, `s3{"name"}` (Choice) or `s3[["name (fail)"]]` (Fail). */
const NODE = /^\s*(s\d+)(?:\[\[|\[|\{)"([^"]*)"/;

/** A machine with a Catch, a Map, a two-branch Parallel and a Choice, drawn. */
function drawn() {
  const definition = buildStateMachine(
    Flow.start()
      .task("Look up", describeTable, {
        ResultPath: "$.table",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Broken" }],
      })
      .map("Each index", Flow.start().pass("Shape index").pass("Keep index"), {
        ItemsPath: "$.table.Table.GlobalSecondaryIndexes",
      })
      .parallel("Both", [Flow.start().pass("Left"), Flow.start().pass("Right")])
      .choice("Ready?", [when(Condition.stringEquals("$.status", "READY"), "Done")], {
        Default: "Broken",
      })
      .succeed("Done")
      .fail("Broken", { Error: "Broken" }),
  );
  const chart = toMermaid(definition);
  const lines = chart.split("\n");
  /** Node id by state name (a Fail's label reads "<name> (fail)"). */
  const nodes = new Map<string, string>();
  for (const line of lines) {
    const match = NODE.exec(line);
    if (match) nodes.set(match[2]!.replace(/ \(fail\)$/, ""), match[1]!);
  }
  return { chart, lines, nodes };
}

describe("toMermaid", () => {
  it("starts with flowchart TD", () => {
    expect(drawn().lines[0]).to.equal("flowchart TD");
  });

  it("draws one node per state, the states inside Map and Parallel included", () => {
    const { lines, nodes } = drawn();
    const declared = lines.filter((l) => NODE.test(l));
    expect(declared).to.have.length(10);
    expect([...nodes.keys()]).to.have.members([
      "Look up",
      "Each index",
      "Shape index",
      "Keep index",
      "Both",
      "Left",
      "Right",
      "Ready?",
      "Done",
      "Broken",
    ]);
  });

  it("draws a Map's item processor as a subgraph holding its states", () => {
    const { lines, nodes } = drawn();
    const open = lines.findIndex((l) => /^\s*subgraph \S+\["Each index"\]$/.test(l));
    expect(open, "subgraph of the Map").to.be.greaterThan(0);
    const close = lines.findIndex((l, i) => i > open && l.trim() === "end");
    const inside = lines.slice(open + 1, close).join("\n");
    expect(inside).to.include(`${nodes.get("Shape index")}["Shape index"]`);
    expect(inside).to.include(`${nodes.get("Shape index")} --> ${nodes.get("Keep index")}`);
  });

  it("draws each Parallel branch as a subgraph", () => {
    const { chart } = drawn();
    expect(chart).to.match(/subgraph \S+\["Both #1"\]/);
    expect(chart).to.match(/subgraph \S+\["Both #2"\]/);
  });

  it("labels the edge of a Catch with its errors", () => {
    const { lines, nodes } = drawn();
    expect(lines).to.include(
      `  ${nodes.get("Look up")} -->|"catch States.ALL"| ${nodes.get("Broken")}`,
    );
  });

  it("labels Choice edges with the condition and the default", () => {
    const { lines, nodes } = drawn();
    const ready = nodes.get("Ready?");
    expect(lines).to.include(
      `  ${ready} -->|"$.status StringEquals #quot;READY#quot;"| ${nodes.get("Done")}`,
    );
    expect(lines).to.include(`  ${ready} -->|"default"| ${nodes.get("Broken")}`);
  });

  it("ends in a newline", () => {
    const { chart } = drawn();
    expect(chart.endsWith("\n")).to.equal(true);
    expect(chart.endsWith("\n\n")).to.equal(false);
  });
});
