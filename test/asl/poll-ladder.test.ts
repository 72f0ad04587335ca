import { expect } from "chai";
import { $, buildStateMachine, Condition, Flow, sdkCall, when } from "../../asl";
import { historyEventBound, mapRunChildBounds } from "../../asl/history";
import { pollLadder, pollsWithin, pollUntilDone, waitBefore } from "../../asl/poll";

describe("poll ladder (asl/poll.ts)", () => {
  it("keeps a fixed interval when no maximum is given", () => {
    expect(pollLadder({ seconds: 60 })).to.deep.equal([{ seconds: 60, fromPoll: 0 }]);
    expect(pollsWithin({ seconds: 60 }, 1)).to.equal(60);
  });

  it("doubles the wait up to the maximum, each rung once the job has run ten times it", () => {
    const ladder = pollLadder({ seconds: 60, maxSeconds: 960 });
    expect(ladder.map((s) => s.seconds)).to.deep.equal([60, 120, 240, 480, 960]);
    let elapsed = 0;
    for (let polls = 0; polls < 200; polls++) {
      const wait = waitBefore(ladder, polls);
      if (polls > 0 && wait > 60) expect(wait, `poll ${polls}`).to.be.at.most(elapsed / 10);
      elapsed += wait;
    }
  });

  it("follows a 12-hour job in far fewer polls than a fixed interval", () => {
    const growing = pollsWithin({ seconds: 60, maxSeconds: 960 }, 12);
    expect(growing).to.be.below(100);
    expect(pollsWithin({ seconds: 60 }, 12)).to.equal(720);
  });

  it("renders one Wait per rung and a Choice that picks it by the poll count", () => {
    const definition = buildStateMachine(
      Flow.start()
        .then(
          pollUntilDone({
            job: "the job",
            describe: sdkCall("backup", "describeBackupJob", { BackupJobId: $("$.id") }),
            resultPath: "$.job",
            statusPath: "$.job.State",
            succeeded: ["COMPLETED"],
            failed: ["FAILED"],
            interval: { seconds: 60, maxSeconds: 240 },
            maxPolls: 100,
            counterPath: "$.poll",
            onFailure: "Failed",
            onTimeout: "Failed",
          }),
        )
        .succeed("Done")
        .fail("Failed"),
    );
    expect(definition.States["Wait 240s for the job"]).to.deep.include({
      Type: "Wait",
      Seconds: 240,
    });
    const pace = definition.States["How long to wait for the job?"];
    expect(pace?.Type).to.equal("Choice");
    expect(definition.States["Is the job done?"]).to.have.property(
      "Default",
      "How long to wait for the job?",
    );
  });
});

describe("history event bound (asl/history.ts)", () => {
  it("counts 2 events a plain state, 5 a Task, and each Map iteration", () => {
    const describe = sdkCall("dynamodb", "describeTable", { TableName: "t" });
    const definition = buildStateMachine(
      Flow.start()
        .pass("A")
        .task("B", describe)
        .map("C", Flow.start().task("D", describe, { End: true }), {
          ItemsPath: "$.items",
          MaxConcurrency: 2,
        }),
    );
    expect(historyEventBound(definition, () => 10)).to.equal(2 + 5 + 4 + 10 * (2 + 5));
  });

  it("counts a Distributed Map as 6 events whatever its items; each child has its own history", () => {
    const describe = sdkCall("dynamodb", "describeTable", { TableName: "t" });
    const definition = buildStateMachine(
      Flow.start().pass("A").distributedMap("C", Flow.start().task("D", describe).pass("E"), {
        Label: "Items",
        ItemsPath: "$.items",
        MaxConcurrency: 2,
      }),
    );
    for (const items of [1, 10, 10_000]) {
      expect(historyEventBound(definition, () => items)).to.equal(2 + 6);
      expect(mapRunChildBounds(definition, () => items)).to.deep.equal([
        { map: "C", label: "Items", events: 2 + 5 + 2 },
      ]);
    }
  });

  it("follows the dearest of a Choice's branches and a Catch, not all of them", () => {
    const describe = sdkCall("dynamodb", "describeTable", { TableName: "t" });
    const definition = buildStateMachine(
      Flow.start()
        .choice("Which?", [when(Condition.isPresent("$.cheap"), "Cheap")], { Default: "Dear" })
        .pass("Cheap", { End: true })
        .task("Dear", describe, {
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
        })
        .task("Dearer", describe, { End: true })
        .pass("Caught", { End: true }),
    );
    // Which? (2), then Dear (5) and Dearer (5); the Catch path (5 + 2) and Cheap (2) cost less.
    expect(historyEventBound(definition, () => 1)).to.equal(2 + 5 + 5);
  });
});
