import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Condition,
  Flow,
  FOLLOWING,
  sdkCall,
  when,
  type Catcher,
  type Retrier,
  type State,
} from "../../asl";

/** The rendered state `name` of the machine built from `flow`. */
function stateOf(flow: Flow, name: string): State {
  const state = buildStateMachine(flow).States[name];
  expect(state, `state "${name}" of the built machine`).to.not.equal(undefined);
  return state!;
}

const describeTable = sdkCall("dynamodb", "describeTable", { TableName: $("$.table") });

/** A Task followed by a Pass, so that the Task's own fields can be read in isolation. */
function renderedTask(options: Parameters<Flow["task"]>[2]): State {
  return stateOf(Flow.start().task("Describe", describeTable, options).pass("After"), "Describe");
}

describe("asl states: each state type renders as ASL", () => {
  it("renders a Task from an SDK call", () => {
    const flow = Flow.start().task("Describe table", describeTable, {
      ResultPath: "$.description",
    });
    expect(stateOf(flow, "Describe table")).to.deep.equal({
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
      Parameters: { "TableName.$": "$.table" },
      ResultPath: "$.description",
      End: true,
    });
  });

  it("renders a Pass with Result and ResultPath, and one with Parameters", () => {
    const flow = Flow.start()
      .pass("Set defaults", { Result: { retries: 3, mode: "fast" }, ResultPath: "$.defaults" })
      .pass("Shape", { Parameters: { table: $("$.name"), fixed: "yes" } });
    const built = buildStateMachine(flow).States;
    expect(built["Set defaults"]).to.deep.equal({
      Type: "Pass",
      Result: { retries: 3, mode: "fast" },
      ResultPath: "$.defaults",
      Next: "Shape",
    });
    expect(built["Shape"]).to.deep.equal({
      Type: "Pass",
      Parameters: { fixed: "yes", "table.$": "$.name" },
      End: true,
    });
  });

  const waits = [
    { field: "Seconds", options: { Seconds: 30 } },
    { field: "SecondsPath", options: { SecondsPath: "$.delay" } },
    { field: "Timestamp", options: { Timestamp: "2030-01-01T00:00:00Z" } },
    { field: "TimestampPath", options: { TimestampPath: "$.until" } },
  ] as const;
  for (const { field, options } of waits) {
    it(`renders a Wait with ${field}`, () => {
      expect(stateOf(Flow.start().wait("Pause", options), "Pause")).to.deep.equal({
        Type: "Wait",
        ...options,
        End: true,
      });
    });
  }

  it("renders a Choice with nested And / Or / Not rules and a Default", () => {
    const flow = Flow.start()
      .choice(
        "Route",
        [
          when(
            Condition.and(
              Condition.stringEquals("$.status", "ACTIVE"),
              Condition.or(
                Condition.numberGreaterThan("$.size", 10),
                Condition.not(Condition.isPresent("$.skip")),
              ),
            ),
            "Big",
          ),
          when(Condition.booleanEquals("$.force", true), "Big", "forced"),
        ],
        { Default: "Small" },
      )
      .succeed("Big")
      .succeed("Small");
    expect(stateOf(flow, "Route")).to.deep.equal({
      Type: "Choice",
      Choices: [
        {
          And: [
            { Variable: "$.status", StringEquals: "ACTIVE" },
            {
              Or: [
                { Variable: "$.size", NumericGreaterThan: 10 },
                { Not: { Variable: "$.skip", IsPresent: true } },
              ],
            },
          ],
          Next: "Big",
        },
        { Variable: "$.force", BooleanEquals: true, Next: "Big", Comment: "forced" },
      ],
      Default: "Small",
    });
  });

  it("renders a Parallel with two branches, each a graph of its own", () => {
    const flow = Flow.start().parallel(
      "Both",
      [Flow.start().pass("Left one").pass("Left two"), Flow.start().succeed("Right")],
      { ResultPath: "$.both" },
    );
    expect(stateOf(flow, "Both")).to.deep.equal({
      Type: "Parallel",
      Branches: [
        {
          StartAt: "Left one",
          States: {
            "Left one": { Type: "Pass", Next: "Left two" },
            "Left two": { Type: "Pass", End: true },
          },
        },
        { StartAt: "Right", States: { Right: { Type: "Succeed" } } },
      ],
      ResultPath: "$.both",
      End: true,
    });
  });

  it("renders an inline Map with ItemProcessor, ItemSelector, ItemsPath and MaxConcurrency", () => {
    const processor = Flow.start().task(
      "Describe one",
      sdkCall("dynamodb", "describeTable", { TableName: $("$.name") }),
    );
    const flow = Flow.start().map("Each table", processor, {
      ItemsPath: "$.tables",
      ItemSelector: { name: $("$$.Map.Item.Value"), index: $("$$.Map.Item.Index") },
      MaxConcurrency: 4,
      ResultPath: "$.described",
    });
    expect(stateOf(flow, "Each table")).to.deep.equal({
      Type: "Map",
      ItemsPath: "$.tables",
      ItemSelector: { "index.$": "$$.Map.Item.Index", "name.$": "$$.Map.Item.Value" },
      MaxConcurrency: 4,
      ResultPath: "$.described",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Describe one",
        States: {
          "Describe one": {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
            Parameters: { "TableName.$": "$.name" },
            End: true,
          },
        },
      },
      End: true,
    });
  });

  it("renders a Distributed Map: a Label, and Standard child executions", () => {
    const processor = Flow.start().task("Describe one", describeTable);
    const flow = Flow.start().distributedMap("Each table", processor, {
      Label: "Tables",
      ItemsPath: "$.tables",
      ItemSelector: { table: $("$$.Map.Item.Value"), parent: $("$$.Execution.Id") },
      MaxConcurrency: 40,
    });
    const state = stateOf(flow, "Each table");
    expect(state).to.deep.include({ Type: "Map", Label: "Tables", MaxConcurrency: 40 });
    expect(state).to.have.nested.property("ItemProcessor.ProcessorConfig").that.deep.equals({
      Mode: "DISTRIBUTED",
      ExecutionType: "STANDARD",
    });
    expect(state).to.have.nested.property("ItemProcessor.StartAt", "Describe one");
  });

  it("renders a Succeed with neither Next nor End", () => {
    const flow = Flow.start().succeed("Done", { Comment: "all good", OutputPath: "$.result" });
    expect(stateOf(flow, "Done")).to.deep.equal({
      Type: "Succeed",
      Comment: "all good",
      OutputPath: "$.result",
    });
  });

  it("renders a Fail with a literal Error and Cause", () => {
    const flow = Flow.start().fail("Broken", { Error: "TableMissing", Cause: "no such table" });
    expect(stateOf(flow, "Broken")).to.deep.equal({
      Type: "Fail",
      Error: "TableMissing",
      Cause: "no such table",
    });
  });

  it("renders a Fail with ErrorPath and CausePath", () => {
    const flow = Flow.start().fail("Broken", {
      ErrorPath: "$.error.name",
      CausePath: "$.error.why",
    });
    expect(stateOf(flow, "Broken")).to.deep.equal({
      Type: "Fail",
      ErrorPath: "$.error.name",
      CausePath: "$.error.why",
    });
  });
});

describe("asl states: transitions", () => {
  /** A runs first but jumps to C; C goes back to B; B ends although C follows it. */
  const jumping = () =>
    buildStateMachine(
      Flow.start().pass("A", { Next: "C" }).pass("B", { End: true }).pass("C", { Next: "B" }),
    ).States;

  it("gives a state without Next or End the following state as Next", () => {
    const states = buildStateMachine(Flow.start().pass("First").pass("Second")).States;
    expect(states["First"]).to.deep.equal({ Type: "Pass", Next: "Second" });
  });

  it("keeps an explicit Next instead of the following state", () => {
    expect(jumping()["A"]).to.deep.equal({ Type: "Pass", Next: "C" });
    expect(jumping()["C"]).to.deep.equal({ Type: "Pass", Next: "B" });
  });

  it("keeps End: true even when another state follows", () => {
    expect(jumping()["B"]).to.deep.equal({ Type: "Pass", End: true });
  });

  it("ends the last state", () => {
    const states = buildStateMachine(Flow.start().pass("First").pass("Last")).States;
    expect(states["Last"]).to.deep.equal({ Type: "Pass", End: true });
  });

  it("starts the machine at the first state added", () => {
    const definition = buildStateMachine(Flow.start().pass("Zeta").pass("Alpha"));
    expect(definition.StartAt).to.equal("Zeta");
    expect(definition.QueryLanguage).to.equal("JSONPath");
  });
});

describe("asl states: Retry fields render as given", () => {
  const retryOf = (retrier: Retrier) =>
    (renderedTask({ Retry: [retrier] }) as { Retry: unknown }).Retry;
  const errors = ["DynamoDb.ThrottlingException", "States.Timeout"];
  const fields: [string, Partial<Retrier>][] = [
    ["IntervalSeconds", { IntervalSeconds: 7 }],
    ["MaxAttempts", { MaxAttempts: 4 }],
    ["BackoffRate", { BackoffRate: 1.5 }],
    ["MaxDelaySeconds", { MaxDelaySeconds: 90 }],
    ["JitterStrategy", { JitterStrategy: "FULL" }],
  ];

  it("renders ErrorEquals in the order given", () => {
    expect(retryOf({ ErrorEquals: errors })).to.deep.equal([{ ErrorEquals: errors }]);
  });

  for (const [field, value] of fields) {
    it(`renders ${field}`, () => {
      expect(retryOf({ ErrorEquals: errors, ...value })).to.deep.equal([
        { ErrorEquals: errors, ...value },
      ]);
    });
  }

  it("keeps several retriers in order", () => {
    const first = { ErrorEquals: ["A.Error"], MaxAttempts: 2 };
    const second = { ErrorEquals: ["States.ALL"], MaxAttempts: 1 };
    expect((renderedTask({ Retry: [first, second] }) as { Retry: unknown }).Retry).to.deep.equal([
      first,
      second,
    ]);
  });
});

describe("asl states: Catch fields render as given", () => {
  /** Work catches into Handle; Work otherwise goes on to Carry on, which ends. */
  const catchOf = (catcher: Catcher) => {
    const flow = Flow.start()
      .task("Work", describeTable, { Catch: [catcher] })
      .pass("Carry on", { End: true })
      .pass("Handle");
    return (stateOf(flow, "Work") as { Catch: unknown }).Catch;
  };

  it("renders ErrorEquals", () => {
    const errors = ["DynamoDb.ResourceNotFoundException", "States.ALL"];
    expect(catchOf({ ErrorEquals: errors, Next: "Handle" })).to.deep.equal([
      { ErrorEquals: errors, Next: "Handle" },
    ]);
  });

  it("renders Next as the named state, not the following one", () => {
    const [catcher] = catchOf({ ErrorEquals: ["States.ALL"], Next: "Handle" }) as Catcher[];
    expect(catcher!.Next).to.equal("Handle");
  });

  it("renders ResultPath, null included", () => {
    expect(
      catchOf({ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: "$.error" }),
    ).to.deep.equal([{ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: "$.error" }]);
    expect(
      catchOf({ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: null }),
    ).to.deep.equal([{ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: null }]);
  });
});

describe("asl states: input and output fields render as given", () => {
  const cases: [string, Parameters<Flow["task"]>[2], Record<string, unknown>][] = [
    ["InputPath", { InputPath: "$.request" }, { InputPath: "$.request" }],
    ["InputPath null", { InputPath: null }, { InputPath: null }],
    ["OutputPath", { OutputPath: "$.response" }, { OutputPath: "$.response" }],
    ["ResultPath", { ResultPath: "$.table" }, { ResultPath: "$.table" }],
    ["ResultPath null", { ResultPath: null }, { ResultPath: null }],
    [
      "ResultSelector (as a payload)",
      { ResultSelector: { status: $("$.Table.TableStatus"), kind: "table" } },
      { ResultSelector: { kind: "table", "status.$": "$.Table.TableStatus" } },
    ],
    ["TimeoutSeconds", { TimeoutSeconds: 300 }, { TimeoutSeconds: 300 }],
    ["Comment", { Comment: "looks the table up" }, { Comment: "looks the table up" }],
  ];
  for (const [field, options, rendered] of cases) {
    it(`renders ${field} on a Task`, () => {
      expect(renderedTask(options)).to.deep.equal({
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
        Parameters: { "TableName.$": "$.table" },
        ...rendered,
        Next: "After",
      });
    });
  }

  it("renders Parameters of a Task from the SDK call's input", () => {
    const call = sdkCall("dynamodb", "getItem", {
      TableName: "refresh-state",
      Key: { pk: { S: $("$.pk") } },
      ConsistentRead: true,
    });
    const state = stateOf(Flow.start().task("Get", call), "Get") as { Parameters: unknown };
    expect(state.Parameters).to.deep.equal({
      ConsistentRead: true,
      Key: { pk: { "S.$": "$.pk" } },
      TableName: "refresh-state",
    });
  });

  it("renders Parameters of a Parallel", () => {
    const flow = Flow.start().parallel("Fan out", [Flow.start().pass("Only")], {
      Parameters: { id: $("$$.Execution.Id") },
    });
    expect((stateOf(flow, "Fan out") as { Parameters: unknown }).Parameters).to.deep.equal({
      "id.$": "$$.Execution.Id",
    });
  });
});

describe("asl states: FOLLOWING resolves to the next state in reading order", () => {
  it("in a Choice rule", () => {
    const flow = Flow.start()
      .choice("Check", [when(Condition.isPresent("$.go"), FOLLOWING)], { Default: "Stop" })
      .pass("Go on", { End: true })
      .succeed("Stop");
    const rules = (stateOf(flow, "Check") as { Choices: { Next: string }[] }).Choices;
    expect(rules.map((r) => r.Next)).to.deep.equal(["Go on"]);
  });

  it("in a Default", () => {
    const flow = Flow.start()
      .choice("Check", [when(Condition.isPresent("$.stop"), "Stop")], { Default: FOLLOWING })
      .pass("Go on", { End: true })
      .succeed("Stop");
    expect((stateOf(flow, "Check") as { Default: string }).Default).to.equal("Go on");
  });

  it("in a Catch", () => {
    const flow = Flow.start()
      .task("Try", describeTable, {
        Next: "Done",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: FOLLOWING }],
      })
      .pass("Recover")
      .succeed("Done");
    const [catcher] = (stateOf(flow, "Try") as { Catch: Catcher[] }).Catch;
    expect(catcher!.Next).to.equal("Recover");
  });

  it("in an explicit Next", () => {
    const flow = Flow.start().pass("First", { Next: FOLLOWING }).pass("Second");
    expect(stateOf(flow, "First")).to.deep.equal({ Type: "Pass", Next: "Second" });
  });
});
