import { expect } from "chai";
import { seededRandom } from "../../rehearsal/chaos";
import { afterDailyBackup, rehearsal } from "../helpers/rehearsal";

describe("faults the rehearsal can inject", function () {
  this.timeout(120_000);

  it("a refresh stopped half-way leaves its lock behind, and the next refresh takes it over", async () => {
    const r = await afterDailyBackup();
    const stopped = await r.refresh(
      { environment: "dev-3" },
      { name: "stopped", stopAfterCalls: 12 },
    );
    expect(stopped.status).to.equal("ABORTED");
    const lock = r.world.accounts.dev.dynamodb.getItem(r.world.now, {
      TableName: "datarefresh-state",
      Key: { pk: { S: "lock#dev-3" }, sk: { S: "lock" } },
    });
    expect(lock.Item?.holder?.S).to.equal(stopped.arn);
    const next = await r.refresh({ environment: "dev-3" }, "next");
    expect(next.status, JSON.stringify(next.error)).to.equal("SUCCEEDED");
    const children = [...r.world.executions.values()].filter(
      (e) => e.machine === "datarefresh-restore-table",
    );
    expect(children.filter((c) => c.status === "RUNNING")).to.deep.equal([]);
  });

  it("draws the same faults from the same seed, and none at probability 0", async () => {
    const outcomes = async (probability: number, seed: number) => {
      const r = rehearsal();
      r.world.chaos = { probability, random: seededRandom(seed) };
      const backup = await r.backupAndCopy();
      return {
        status: backup.status,
        calls: r.world.calls.map((c) => `${c.call}:${c.error ?? ""}`),
      };
    };
    const a = await outcomes(0.2, 42);
    const b = await outcomes(0.2, 42);
    expect(a).to.deep.equal(b);
    expect(a.calls.some((c) => c.endsWith("Exception"))).to.equal(true);
    const calm = await outcomes(0, 42);
    expect(calm.status).to.equal("SUCCEEDED");
    expect(calm.calls.filter((c) => !c.endsWith(":"))).to.deep.equal([]);
  });

  it("rides out throttling and transient errors drawn at random, and reports failed jobs", async () => {
    const r = await afterDailyBackup();
    r.world.chaos = { probability: 0.15, random: seededRandom(7) };
    const run = await r.refresh({ environment: "dev-2" });
    expect(["SUCCEEDED", "FAILED"]).to.include(run.status);
    if (run.status === "FAILED") {
      expect(run.error?.Error).to.equal("TablesFailed");
      for (const outcome of JSON.parse(run.error!.Cause) as { status: string; error?: string }[]) {
        if (outcome.status === "FAILED") expect(outcome.error).to.be.a("string");
      }
    }
    const throttled = r.world.calls.filter((c) =>
      /Throttling|InternalServerError|LimitExceeded|ServiceUnavailable/.test(c.error ?? ""),
    );
    expect(throttled.length).to.be.greaterThan(0);
  });
});
