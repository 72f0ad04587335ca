import { expect } from "chai";
import { catalogSchema } from "../../config/catalog";
import { CONCURRENT_JOB_LIMIT } from "../../rehearsal/account-limits";
import type { ErrorNaming } from "../../rehearsal/error-names";
import { Rehearsal } from "../../rehearsal/pair";
import { afterDailyBackup, models, outcomesOf, reportOf } from "../helpers/rehearsal";

/** 40 tables of 5 GB each (20 minutes a restore in the rehearsal), half copied by export. */
const tables = catalogSchema.parse({
  tables: Array.from({ length: 40 }, (_, i) => ({
    name: `Table${String(i).padStart(2, "0")}`,
    sizeGb: 5,
  })),
}).tables;

/** The most restore jobs that ran at one moment in the dev account. */
function mostAtOnce(r: Rehearsal): number {
  const jobs = [...r.world.accounts.dev.backup.jobs.values()].filter((j) => j.kind === "restore");
  return Math.max(
    ...jobs.map(
      (j) => jobs.filter((k) => k.createdAt <= j.createdAt && j.createdAt < k.end.at).length,
    ),
  );
}

describe("DynamoDB's 50 restores at once in an account, across environments", function () {
  this.timeout(120_000);

  for (const naming of ["per-service", "per-operation"] as ErrorNaming[]) {
    it(`two refreshes of 40 tables at once: the restores over 50 wait for a place, none fails (errors named ${naming})`, async () => {
      const { prod, dev } = models({ maxConcurrency: 40 });
      const r = new Rehearsal({ ...prod, tables }, { ...dev, tables });
      r.world.errorNaming = naming;
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      const runs = await Promise.all([
        r.refresh({ environment: "dev-1" }),
        r.refresh({ environment: "dev-2" }),
      ]);
      for (const run of runs) {
        expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
        expect(reportOf(run)).to.include({ requested: 40, restored: 40, failed: 0 });
      }
      const refused = r.world.callsTo("dev", "backup:startRestoreJob").filter((c) => c.error);
      expect(refused.length).to.be.greaterThan(0);
      expect(new Set(refused.map((c) => c.error))).to.deep.equal(
        new Set([
          naming === "per-service" ? "Backup.LimitExceededException" : "Backup.BackupException",
        ]),
      );
      expect(mostAtOnce(r)).to.equal(CONCURRENT_JOB_LIMIT);
    });
  }

  it("waits for a place a bounded time: a refusal that never ends fails the table with it, after 18 waits of 20 minutes", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "error",
      call: "backup:startRestoreJob",
      code: "LimitExceededException",
      message: "Too many concurrent restores",
      times: 1_000,
    });
    const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    const [outcome] = outcomesOf(r, run);
    expect([outcome!.status, outcome!.error, outcome!.cause]).to.deep.equal([
      "FAILED",
      "Backup.LimitExceededException",
      "Too many concurrent restores",
    ]);
    // The first try and one after each wait, each the call and its 6 retries on throttling.
    const TRIES = 1 + 18;
    const CALLS_PER_TRY = 7;
    expect(r.world.callsTo("dev", "backup:startRestoreJob")).to.have.length(TRIES * CALLS_PER_TRY);
  });
});
