import { expect } from "chai";
import { Chaos } from "../../rehearsal/chaos";
import { afterDailyBackup, outcomesOf, rehearsal, reportOf } from "../helpers/rehearsal";

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
      r.world.chaos = new Chaos({ probability, seed });
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

  it("rides out throttling and transient errors drawn at random (10% of calls): every table restored", async () => {
    const r = await afterDailyBackup();
    r.world.chaos = new Chaos({ probability: 0.1, jobProbability: 0, seed: 7 });
    const run = await r.refresh({ environment: "dev-2" });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(reportOf(run)).to.include({ requested: 3, restored: 3, failed: 0 });
    const drawn = r.world.calls.filter(
      (c) => c.error !== undefined && !/NotFound|ConditionalCheckFailed/.test(c.error),
    );
    expect(drawn.length).to.be.greaterThan(2);
  });

  it("reports a job that keeps failing as that table's failure, the others restored", async () => {
    const r = await afterDailyBackup();
    r.world.inject({ kind: "job", job: "restore", table: "Users", state: "FAILED", times: 99 });
    const run = await r.refresh({ environment: "dev-2" });
    expect(run.error?.Error).to.equal("TablesFailed");
    const outcomes = Object.fromEntries(
      outcomesOf(r, run).map((o) => [o.table, o.status === "FAILED" ? o.error : o.status]),
    );
    expect(outcomes).to.deep.equal({
      Users: "RestoreFailed",
      Following: "RESTORED",
      Sessions: "RESTORED",
    });
  });
});
