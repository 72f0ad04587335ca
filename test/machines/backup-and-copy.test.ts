import { expect } from "chai";
import { Rehearsal } from "../../rehearsal/pair";
import {
  afterDailyBackup,
  childrenOf,
  copiesOf,
  models,
  rehearsal,
  reportOf,
} from "../helpers/rehearsal";

describe("the backup-and-copy machine (prod), run in the rehearsal", () => {
  it("backs up and copies every catalogued table, and records each copy for dev", async () => {
    const r = rehearsal();
    const run = await r.backupAndCopy();
    expect(run.status).to.equal("SUCCEEDED");
    expect(run.output).to.deep.equal({
      runStartedAt: "2026-11-26T03:00:00.000Z",
      requested: 3,
      copied: 3,
      failed: 0,
      failedTables: [],
      notListed: 0,
    });
    const tables = copiesOf(r, run);
    // Largest first: Users (40 GB), Following (12 GB), Sessions (3 GB).
    expect(tables.map((t) => [t.table, t.status])).to.deep.equal([
      ["Users", "COPIED"],
      ["Following", "COPIED"],
      ["Sessions", "COPIED"],
    ]);
    const dev = r.world.accounts.dev;
    for (const t of tables) {
      expect(dev.backup.recoveryPoints.has(t.recoveryPointArn!), t.table).to.equal(true);
      const recorded = dev.dynamodb.query(r.world.now, {
        TableName: "datarefresh-state",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `copy#${t.table}` } },
      });
      expect(recorded.Items.map((i) => i.recoveryPointArn?.S)).to.deep.equal([t.recoveryPointArn]);
    }
    // The backup's size, as AWS Backup reports it (BackupSizeInBytes).
    const sizes = tables.map((t) => {
      const [item] = dev.dynamodb.query(r.world.now, {
        TableName: "datarefresh-state",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `copy#${t.table}` } },
      }).Items;
      return item!.backupSizeBytes?.N;
    });
    expect(sizes).to.deep.equal(["40000000000", "12000000000", "3000000000"]);
  });

  it("keeps the prod backup prodRetentionDays and the dev copy devRetentionDays, as the stack sets them", async () => {
    const r = rehearsal({ prodRetentionDays: 11, devRetentionDays: 5 });
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    const lifecycles = (call: string) =>
      new Set(r.world.callsTo("prod", call).map((c) => JSON.stringify(c.params.Lifecycle)));
    expect(lifecycles("backup:startBackupJob")).to.deep.equal(new Set(['{"DeleteAfterDays":11}']));
    expect(lifecycles("backup:startCopyJob")).to.deep.equal(new Set(['{"DeleteAfterDays":5}']));
  });

  it("makes one backup job and one copy job per table, whatever the retries", async () => {
    const r = rehearsal();
    r.world.inject({
      kind: "error",
      call: "backup:startCopyJob",
      code: "LimitExceededException",
      times: 2,
    });
    const run = await r.backupAndCopy();
    expect(run.status).to.equal("SUCCEEDED");
    const prod = r.world.accounts.prod.backup;
    expect([...prod.jobs.values()].filter((j) => j.kind === "backup")).to.have.length(3);
    expect([...prod.jobs.values()].filter((j) => j.kind === "copy")).to.have.length(3);
    expect(
      r.world.callsTo("prod", "backup:startCopyJob").filter((c) => c.error !== undefined),
    ).to.have.length(2);
  });

  it("backs up only the tables named in the input", async () => {
    const r = rehearsal();
    const run = await r.backupAndCopy({ tables: ["Users"] });
    expect(run.status).to.equal("SUCCEEDED");
    expect(copiesOf(r, run).map((t) => t.table)).to.deep.equal(["Users"]);
    expect(reportOf(run)).to.include({ requested: 1, copied: 1 });
    expect(r.world.callsTo("prod", "backup:startBackupJob")).to.have.length(1);
  });

  for (const [input, cause] of [
    [
      { tables: ["Nope"] },
      /tables has \["Nope"\] that are not catalogued table names; expected some of: Following, Users, Sessions/,
    ],
    [{ tables: [] }, /tables is empty/],
    [{ tables: "Users" }, /tables must be a list of catalogued table names/],
    [["Users"], /^the input must be an object: \{\} or \{"tables": \["Following"\]\}$/],
    [null, /^the input must be an object/],
    [{ table: "Users" }, /^the input may only have the key tables; it was \{"table":"Users"\}$/],
    [
      { tables: ["Users", "Users", "Users", "Users"] },
      /^tables lists 4 names, and there are 3 catalogued table names$/,
    ],
    [
      { tables: ["Users"], note: "x".repeat(120) },
      /^the input has 150 characters of JSON; at most \d+$/,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(input)} with InvalidInput before any backup`, async () => {
      const r = rehearsal();
      const run = await r.backupAndCopy(input);
      expect(run.status).to.equal("FAILED");
      expect(run.error?.Error).to.equal("InvalidInput");
      expect(run.error?.Cause).to.match(cause);
      expect(r.world.callsTo("prod", "backup:startBackupJob")).to.deep.equal([]);
    });
  }

  it("takes every catalogued table named in the input, however long their names", async () => {
    const { prod, dev } = models();
    const longName = (name: string) => `${name}.${"x".repeat(80 - name.length)}`;
    const tables = prod.tables.map((t) => ({ ...t, name: longName(t.name) }));
    const r = new Rehearsal({ ...prod, tables }, { ...dev, tables });
    const names = tables.map((t) => t.name);
    expect(JSON.stringify({ tables: names }).length).to.be.greaterThan(240);
    const run = await r.backupAndCopy({ tables: names });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(reportOf(run)).to.include({ requested: 3, copied: 3 });
  });

  for (const [job, state, error] of [
    ["backup", "ABORTED", "BackupFailed"],
    ["backup", "EXPIRED", "BackupFailed"],
    ["backup", "PARTIAL", "BackupFailed"],
    ["copy", "PARTIAL", "CopyFailed"],
  ] as const) {
    it(`takes a ${job} job that ends ${state} as failed: ${error} once every attempt has`, async () => {
      const r = rehearsal();
      r.world.inject({ kind: "job", job, table: "Users", state, times: 10 });
      const run = await r.backupAndCopy();
      const copies = Object.fromEntries(copiesOf(r, run).map((c) => [c.table, c]));
      expect([copies.Users!.status, copies.Users!.error, copies.Users!.cause]).to.deep.equal([
        "FAILED",
        error,
        `the ${job} job failed`,
      ]);
      expect(copies.Sessions!.status).to.equal("COPIED");
    });
  }

  for (const [job, sizeGb, error, cause] of [
    ["backup", 5_000, "BackupTimedOut", "the backup job did not finish within 24 hours"],
    ["copy", 3_500, "CopyTimedOut", "the copy job did not finish within 26 hours"],
  ] as const) {
    it(`fails a table whose ${job} job runs past its hours with ${error}, and copies the others`, async () => {
      const { prod, dev } = models();
      const tables = prod.tables.map((t) => (t.name === "Users" ? { ...t, sizeGb } : t));
      const r = new Rehearsal({ ...prod, tables }, { ...dev, tables });
      const run = await r.backupAndCopy();
      const copies = Object.fromEntries(copiesOf(r, run).map((c) => [c.table, c]));
      expect(copies.Users).to.deep.include({ status: "FAILED", error, cause });
      expect(copies.Sessions!.status).to.equal("COPIED");
    });
  }

  it("starts a backup job that FAILED once more, with a new token, and copies the table", async () => {
    const r = rehearsal();
    r.world.inject({ kind: "job", job: "backup", table: "Users", state: "FAILED" });
    const run = await r.backupAndCopy();
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const starts = r.world
      .callsTo("prod", "backup:startBackupJob")
      .filter((c) => (c.params.ResourceArn as string).endsWith(":table/Users"));
    expect(starts).to.have.length(2);
    expect(starts[0]!.params.IdempotencyToken).to.not.equal(starts[1]!.params.IdempotencyToken);
  });

  it("carries on when a backup job FAILED twice, and fails at the end with TablesFailed and a report", async () => {
    const r = rehearsal();
    r.world.inject({
      kind: "job",
      job: "backup",
      table: "Users",
      state: "FAILED",
      message: "Insufficient privileges",
      times: 2,
    });
    const run = await r.backupAndCopy();
    expect(run.status).to.equal("FAILED");
    expect(run.error?.Error).to.equal("TablesFailed");
    expect(reportOf(run)).to.deep.equal({
      runStartedAt: "2026-11-26T03:00:00.000Z",
      requested: 3,
      copied: 2,
      failed: 1,
      failedTables: [{ table: "Users", error: "BackupFailed", cause: "Insufficient privileges" }],
      notListed: 0,
    });
    expect(
      copiesOf(r, run).map((o) => [o.table, o.status, o.error ?? null, o.cause ?? null]),
    ).to.deep.equal([
      ["Users", "FAILED", "BackupFailed", "Insufficient privileges"],
      ["Following", "COPIED", null, null],
      ["Sessions", "COPIED", null, null],
    ]);
    expect(r.world.callsTo("prod", "backup:startCopyJob")).to.have.length(2);
  });

  it("reports a copy that FAILED twice, without a status message too", async () => {
    const r = rehearsal();
    r.world.inject({ kind: "job", job: "copy", table: "Following", state: "FAILED", times: 2 });
    const run = await r.backupAndCopy();
    expect(run.status).to.equal("FAILED");
    const failed = copiesOf(r, run).find((o) => o.table === "Following")!;
    expect(failed).to.include({
      status: "FAILED",
      error: "CopyFailed",
      cause: "the copy job failed",
    });
    // Users and Sessions once each, Following twice.
    expect(r.world.callsTo("prod", "backup:startCopyJob")).to.have.length(4);
    expect(r.world.accounts.dev.dynamodb.items.get("datarefresh-state")?.size).to.equal(2);
  });

  it("fails the copy when the dev vault's policy does not admit the prod account", async () => {
    const r = rehearsal();
    r.world.accounts.dev.backup.vault("datarefresh-dev").accessPolicy = {
      Version: "2012-10-17",
      Statement: [],
    };
    const run = await r.backupAndCopy({ tables: ["Sessions"] });
    expect(run.status).to.equal("FAILED");
    const [outcome] = copiesOf(r, run);
    expect(outcome).to.include({ error: "CopyFailed" });
    expect(outcome!.cause).to.match(
      /access policy of datarefresh-dev does not admit the copy.*111111111111:role/,
    );
  });

  it("records a copy newer than the last, so that a refresh takes the newest", async () => {
    const r = await afterDailyBackup();
    r.later(23 * 3600);
    const second = await r.backupAndCopy({ tables: ["Sessions"] });
    const newest = copiesOf(r, second)[0]!.recoveryPointArn;
    const found = r.world.accounts.dev.dynamodb.query(r.world.now, {
      TableName: "datarefresh-state",
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: "copy#Sessions" } },
      ScanIndexForward: false,
      Limit: 1,
    });
    expect(found.Items[0]?.recoveryPointArn?.S).to.equal(newest);
  });

  it("files every table's copy under the date the run started, though some start after midnight", async () => {
    const { prod, dev } = models({ maxConcurrency: 1 });
    const r = new Rehearsal(prod, dev, Date.parse("2026-11-26T23:30:00Z") / 1000);
    const run = await r.backupAndCopy();
    expect(run.status).to.equal("SUCCEEDED");
    const starts = childrenOf(r, run).map((c) => new Date(c.startedAt * 1000).toISOString());
    expect(starts.at(-1)).to.match(/^2026-11-27/);
    const filed = ["Users", "Following", "Sessions"].map(
      (table) =>
        r.world.accounts.dev.dynamodb.query(r.world.now, {
          TableName: "datarefresh-state",
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: `copy#${table}` } },
        }).Items[0]!.sk!.S,
    );
    expect(filed).to.deep.equal(Array(3).fill("2026-11-26T23:30:00.000Z"));
  });
});
