import { expect } from "chai";
import {
  AslBuildError,
  buildStateMachine,
  Condition,
  Flow,
  FOLLOWING,
  sdkCall,
  when,
} from "../../asl";

/** Builds `flow`, expecting an AslBuildError whose message holds every one of `fragments`. */
function expectRefusal(flow: Flow, ...fragments: string[]): void {
  let error: unknown;
  try {
    buildStateMachine(flow);
  } catch (e) {
    error = e;
  }
  expect(error, "buildStateMachine should refuse this flow").to.be.instanceOf(AslBuildError);
  const { name, message } = error as AslBuildError;
  expect(name).to.equal("AslBuildError");
  for (const fragment of fragments) expect(message).to.include(fragment);
}

const call = sdkCall("dynamodb", "describeTable", { TableName: "orders" });
const isReady = Condition.stringEquals("$.status", "READY");

describe("buildStateMachine refusals", () => {
  it("a Next naming a state that does not exist", () => {
    expectRefusal(
      Flow.start().pass("Start here", { Next: "Nowhere" }),
      'State "Start here"',
      '"Nowhere"',
    );
  });

  it("a Catch naming a state that does not exist", () => {
    const flow = Flow.start().task("Look up", call, {
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Missing handler" }],
    });
    expectRefusal(flow, 'State "Look up"', '"Missing handler"');
  });

  it("a Choice rule naming a state that does not exist", () => {
    const flow = Flow.start()
      .choice("Route", [when(isReady, "Ghost")], { Default: "Fallback" })
      .succeed("Fallback");
    expectRefusal(flow, 'State "Route"', '"Ghost"');
  });

  it("a Choice Default naming a state that does not exist", () => {
    const flow = Flow.start()
      .choice("Route", [when(isReady, "Ready")], { Default: "Phantom" })
      .succeed("Ready");
    expectRefusal(flow, 'State "Route"', '"Phantom"');
  });

  it("a Next naming a state outside its Parallel branch", () => {
    const branch = Flow.start().pass("Inside", { Next: "Outside" });
    const flow = Flow.start().parallel("Fan", [branch]).succeed("Outside");
    expectRefusal(flow, 'State "Inside"', '"Outside"', 'Parallel "Fan"');
  });

  it("a state that no state leads to", () => {
    const flow = Flow.start().pass("First", { End: true }).pass("Orphan");
    expectRefusal(flow, '"Orphan"', "unreachable");
  });

  it("the same name twice at the top level", () => {
    expectRefusal(Flow.start().pass("Twice").pass("Twice"), '"Twice"', "defined twice");
  });

  it("the same name in a Parallel branch and at the top level", () => {
    const flow = Flow.start()
      .parallel("Fan", [Flow.start().pass("Other"), Flow.start().pass("Shared")])
      .pass("Shared");
    expectRefusal(flow, '"Shared"', 'branch 2 of Parallel "Fan"');
  });

  it("the same name in a Map's item processor and at the top level", () => {
    const flow = Flow.start().pass("Item").map("Each", Flow.start().pass("Item"));
    expectRefusal(flow, '"Item"', 'item processor of Map "Each"');
  });

  it("a graph with no terminal state", () => {
    const flow = Flow.start().pass("Ping", { Next: "Pong" }).pass("Pong", { Next: "Ping" });
    expectRefusal(flow, "no terminal state", '"Ping"');
  });

  it("a loop with no terminal state inside a Map's item processor", () => {
    const loop = Flow.start().pass("Tick", { Next: "Tock" }).pass("Tock", { Next: "Tick" });
    expectRefusal(Flow.start().map("Each", loop), "no terminal state", 'Map "Each"');
  });

  it("FOLLOWING in a Next with nothing following", () => {
    expectRefusal(Flow.start().pass("Last", { Next: FOLLOWING }), 'State "Last"', "none follows");
  });

  it("FOLLOWING in a Choice rule with nothing following", () => {
    const flow = Flow.start()
      .succeed("Done")
      .choice("Decide", [when(isReady, FOLLOWING)], {
        Default: "Done",
      });
    expectRefusal(flow, 'State "Decide"', "none follows");
  });

  it("FOLLOWING in a Catch with nothing following", () => {
    const flow = Flow.start().task("Risky", call, {
      Catch: [{ ErrorEquals: ["States.ALL"], Next: FOLLOWING }],
    });
    expectRefusal(flow, 'State "Risky"', "none follows");
  });

  it("an empty flow", () => {
    expectRefusal(Flow.start(), "the machine has no states");
  });

  it("an empty Parallel branch, and a Parallel with no branch", () => {
    expectRefusal(Flow.start().parallel("Fan", [Flow.start()]), 'Parallel "Fan"', "no states");
    expectRefusal(Flow.start().parallel("Fan", []), 'State "Fan"', "needs a branch");
  });

  it("a Choice with no rules", () => {
    const flow = Flow.start().choice("Empty choice", [], { Default: "Done" }).succeed("Done");
    expectRefusal(flow, 'State "Empty choice"', "at least one rule");
  });

  it("a state name over 80 characters", () => {
    const long = `Describe ${"x".repeat(72)}`;
    expect(long).to.have.length(81);
    expectRefusal(Flow.start().pass(long), `"${long}"`);
  });

  it("but not a state name of exactly 80 characters", () => {
    const name = `Describe ${"x".repeat(71)}`;
    expect(buildStateMachine(Flow.start().pass(name)).StartAt).to.equal(name);
  });
});
