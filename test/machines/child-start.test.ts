import { expect } from "chai";
import type { Chaos } from "../../rehearsal/chaos";
import type { Rehearsal } from "../../rehearsal/pair";
import { afterDailyBackup, copiesOf, outcomesOf, rehearsal } from "../helpers/rehearsal";

const RESTORE_TABLE = "datarefresh-restore-table";
const BACKUP_TABLE = "datarefresh-backup-table";

/**
 * Chaos on the starts of `machine`'s children only: each start draws the list `next` gives, where
 * `[0, d]` is a fault (d < 0.5 refuses the start for the account's execution limit, nothing
 * started; d >= 0.75 fails it on AWS's side after it took effect), and undefined none.
 */
function chaosOnStartsOf(r: Rehearsal, machine: string, next: () => number[] | undefined): void {
  const chaos = {
    settings: { probability: 0.5, jobProbability: 0, seed: 0 },
    drawsFor(occasion: string) {
      const [parent, name, params] = occasion.split("\n");
      const start =
        params === undefined &&
        name !== undefined &&
        r.world.executions.get(parent!)?.machine !== machine;
      const draws = (start ? next() : undefined) ?? [0.99];
      return () => draws.shift() ?? 0.99;
    },
  };
  r.world.chaos = chaos as unknown as Chaos;
}

/** The first start's answer lost (the child runs on), then the next `refusals` starts refused. */
function loseTheFirstStartOf(r: Rehearsal, machine: string, refusals = 0): void {
  const faults = [[0, 0.9], ...Array.from({ length: refusals }, () => [0, 0.1])];
  chaosOnStartsOf(r, machine, () => faults.shift());
}

/** Every start refused for the account's execution limit. */
function refuseEveryStartOf(r: Rehearsal, machine: string): void {
  chaosOnStartsOf(r, machine, () => [0, 0.1]);
}

const childrenOfMachine = (r: Rehearsal, machine: string) =>
  [...r.world.executions.values()].filter((e) => e.machine === machine);

describe("a child start whose answer was lost (the child runs on)", () => {
  it("refresh: the retried start joins the child still running, which restores the table once", async () => {
    const r = await afterDailyBackup();
    loseTheFirstStartOf(r, RESTORE_TABLE);
    const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(outcomesOf(r, run).map((o) => [o.table, o.status])).to.deep.equal([
      ["Following", "RESTORED"],
    ]);
    expect(childrenOfMachine(r, RESTORE_TABLE)).to.have.length(1);
    expect(r.world.callsTo("dev", "backup:startRestoreJob")).to.have.length(1);
  });

  it("refresh: a child that fails at once, its start answered late and then refused twice, gives the table its own error", async () => {
    const r = await afterDailyBackup();
    // The child fails at once: the dev table is protected and the catalog does not allow replacing it.
    r.world.seedDevTable("dev-1-Following", { deletionProtection: true });
    loseTheFirstStartOf(r, RESTORE_TABLE, 2);
    const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
    expect(outcomesOf(r, run).map((o) => [o.table, o.status, o.error])).to.deep.equal([
      ["Following", "FAILED", "TableProtected"],
    ]);
    expect(childrenOfMachine(r, RESTORE_TABLE)).to.have.length(1);
  });

  it("refresh: a child that never starts fails its table with the start's error, and the refresh reports it", async () => {
    const r = await afterDailyBackup();
    refuseEveryStartOf(r, RESTORE_TABLE);
    const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
    expect(run.error?.Error).to.equal("TablesFailed");
    expect(outcomesOf(r, run).map((o) => [o.table, o.status, o.error])).to.deep.equal([
      ["Following", "FAILED", "StepFunctions.ExecutionLimitExceeded"],
    ]);
    expect(childrenOfMachine(r, RESTORE_TABLE)).to.have.length(0);
  });

  it("daily run: the retried start joins the child still running, which copies the table once", async () => {
    const r = rehearsal();
    loseTheFirstStartOf(r, BACKUP_TABLE);
    const run = await r.backupAndCopy({ tables: ["Following"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(copiesOf(r, run).map((c) => [c.table, c.status])).to.deep.equal([
      ["Following", "COPIED"],
    ]);
    expect(childrenOfMachine(r, BACKUP_TABLE)).to.have.length(1);
    expect(r.world.callsTo("prod", "backup:startBackupJob")).to.have.length(1);
  });
});
