import { expect } from "chai";
import type { Rehearsal } from "../../rehearsal/pair";
import type { ExecutionRecord } from "../../rehearsal/world";
import {
  afterDailyBackup,
  childrenOf,
  DESTRUCTIVE,
  outcomesOf,
  rehearsal,
  reportOf,
  seedLock,
} from "../helpers/rehearsal";
import { perFile } from "../helpers/per-file";

const devTable = (r: Rehearsal, name: string) => r.world.accounts.dev.dynamodb.tables.get(name);

/** A refresh of dev-1's Sessions while `call` (on `table`, or any) fails on AWS's side for good. */
async function refreshSessionsWithCallBroken(
  r: Rehearsal,
  call: string,
  options: { table?: string; copyDate?: string } = {},
) {
  const { table, copyDate } = options;
  r.world.inject({
    kind: "error",
    call,
    ...(table === undefined ? {} : { table }),
    code: "InternalServerError",
    times: 10_000,
  });
  return r.refresh({
    environment: "dev-1",
    tables: ["Sessions"],
    ...(copyDate === undefined ? {} : { copyDate }),
  });
}

/** The per-table execution says so itself, and ends: its failure is the table's, not its own. */
function expectSessionsFailedInItsOwnExecution(r: Rehearsal, run: ExecutionRecord): void {
  expect(reportOf(run).failedTables.map((t) => [t.table, t.error])).to.deep.equal([
    ["Sessions", "DynamoDb.InternalServerErrorException"],
  ]);
  expect(childrenOf(r, run).map((c) => c.status)).to.deep.equal(["SUCCEEDED"]);
}

describe("the restore machine (dev), run in the rehearsal", () => {
  describe("a refresh of a whole environment", () => {
    const refreshDev3 = perFile(async () => {
      const r = await afterDailyBackup();
      r.world.seedDevTable("dev-3-Following", {
        deletionProtection: false,
        tags: { stale: "yes" },
      });
      const run = await r.refresh({ environment: "dev-3", requestedBy: "slack:U0123" });
      return { r, run, outcomes: outcomesOf(r, run) };
    });

    it("succeeds with a report of counts, and where every table's outcome is", async () => {
      const { run } = await refreshDev3();
      expect(run.status).to.equal("SUCCEEDED");
      expect(run.output).to.deep.equal({
        environment: "dev-3",
        requestedBy: "slack:U0123",
        copyDate: "latest",
        requested: 3,
        restored: 3,
        failed: 0,
        failedTables: [],
        notListed: 0,
        outcomes: { tableName: "datarefresh-state", pk: `refresh#${run.arn}` },
      });
    });

    it("records every catalogued table RESTORED from its newest copy, started largest first", async () => {
      const { r, outcomes } = await refreshDev3();
      expect(outcomes.map((o) => [o.table, o.targetTable, o.status])).to.deep.equal([
        ["Users", "dev-3-Users", "RESTORED"],
        ["Following", "dev-3-Following", "RESTORED"],
        ["Sessions", "dev-3-Sessions", "RESTORED"],
      ]);
      for (const o of outcomes) {
        expect(
          r.world.accounts.dev.backup.recoveryPoints.has(o.recoveryPointArn!),
          o.table,
        ).to.equal(true);
        expect(o.copyCreatedAt).to.match(/^2026-11-26T/);
      }
    });

    it("replaces the existing dev table and creates the absent ones", async () => {
      const { r } = await refreshDev3();
      expect(
        r.world.callsTo("dev", "dynamodb:deleteTable").map((c) => c.params.TableName),
      ).to.deep.equal(["dev-3-Following"]);
      expect(devTable(r, "dev-3-Following")!.tags.stale).to.equal(undefined);
      expect(devTable(r, "dev-3-Sessions")!.status).to.equal("ACTIVE");
    });

    it("puts back what a restore drops: dev capacity, streams, TTL, protection, tags", async () => {
      const { r, outcomes } = await refreshDev3();
      const following = devTable(r, "dev-3-Following")!;
      expect(following.billing).to.equal("PROVISIONED");
      expect(following.capacity).to.deep.equal({ read: 5, write: 5 });
      expect(following.indexCapacity).to.deep.equal({ byFollower: { read: 2, write: 2 } });
      expect(following.stream).to.equal("NEW_AND_OLD_IMAGES");
      expect(following.schema.localIndexes).to.deep.equal(["byCreatedAt"]);
      const users = devTable(r, "dev-3-Users")!;
      expect(users.billing).to.equal("PAY_PER_REQUEST");
      expect(users.ttlAttribute).to.equal("expiresAt");
      expect(users.deletionProtection).to.equal(true);
      expect(users.stream).to.equal(undefined);
      expect(users.tags).to.include({
        team: "accounts",
        "datarefresh:source-table": "Users",
        "datarefresh:requested-by": "slack:U0123",
      });
      expect(users.tags["datarefresh:recovery-point"]).to.equal(outcomes[0]!.recoveryPointArn);
      expect(users.tags["datarefresh:execution"]).to.match(/:execution:datarefresh-restore:/);
    });

    it("makes one UpdateTable call per kind of change", async () => {
      const { r } = await refreshDev3();
      const updates = r.world
        .callsTo("dev", "dynamodb:updateTable")
        .filter((c) => c.params.TableName === "dev-3-Following" && c.error === undefined)
        .map((c) =>
          Object.keys(c.params)
            .filter((k) => k !== "TableName")
            .sort()
            .join("+"),
        );
      expect(updates).to.deep.equal([
        "ProvisionedThroughput",
        "GlobalSecondaryIndexUpdates",
        "StreamSpecification",
      ]);
    });

    it("touches no table outside dev-3 and leaves the lock free", async () => {
      const { r } = await refreshDev3();
      const named = r.world.calls
        .filter((c) => c.side === "dev" && typeof c.params.TableName === "string")
        .map((c) => c.params.TableName as string);
      expect(
        named.filter((n) => !n.startsWith("dev-3-") && n !== "datarefresh-state"),
      ).to.deep.equal([]);
      expect(
        r.world.accounts.dev.dynamodb.getItem(r.world.now, {
          TableName: "datarefresh-state",
          Key: { pk: { S: "lock#dev-3" }, sk: { S: "lock" } },
        }),
      ).to.deep.equal({});
    });
  });

  it("refreshes only the tables asked for, from the copy of the date asked for", async () => {
    const r = await afterDailyBackup();
    r.later(24 * 3600);
    const second = await r.backupAndCopy({ tables: ["Sessions"] });
    const firstArn = r.world.accounts.dev.dynamodb.query(r.world.now, {
      TableName: "datarefresh-state",
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :day)",
      ExpressionAttributeValues: { ":pk": { S: "copy#Sessions" }, ":day": { S: "2026-11-26" } },
    }).Items[0]!.recoveryPointArn!.S;
    const run = await r.refresh({
      environment: "dev-1",
      tables: ["Sessions"],
      copyDate: "2026-11-26",
    });
    expect(run.status).to.equal("SUCCEEDED");
    expect(second.status).to.equal("SUCCEEDED");
    const [only, ...rest] = outcomesOf(r, run);
    expect(rest).to.deep.equal([]);
    expect(only!.recoveryPointArn).to.equal(firstArn);
    const newest = r.world.accounts.dev.dynamodb.query(r.world.now, {
      TableName: "datarefresh-state",
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :day)",
      ExpressionAttributeValues: { ":pk": { S: "copy#Sessions" }, ":day": { S: "2026-11-27" } },
    }).Items[0]!.recoveryPointArn!.S;
    expect(only!.recoveryPointArn).to.not.equal(newest);
  });

  it("fails a table with NoRecoveryPoint, and touches nothing of it, when no copy was ever made", async () => {
    const r = rehearsal();
    r.world.seedDevTable("dev-2-Users", { deletionProtection: false });
    const run = await r.refresh({ environment: "dev-2", tables: ["Users"] });
    expect(run.status).to.equal("FAILED");
    expect(run.error?.Error).to.equal("TablesFailed");
    expect(outcomesOf(r, run)).to.deep.equal([
      {
        table: "Users",
        targetTable: "dev-2-Users",
        status: "FAILED",
        recoveryPointArn: null,
        exportArn: null,
        copyCreatedAt: null,
        error: "NoRecoveryPoint",
        cause: "no copy of Users was found (copyDate: latest)",
      },
    ]);
    expect(reportOf(run)).to.include({ requested: 1, restored: 0, failed: 1, notListed: 0 });
    expect(reportOf(run).failedTables).to.deep.equal([
      {
        table: "Users",
        targetTable: "dev-2-Users",
        error: "NoRecoveryPoint",
        cause: "no copy of Users was found (copyDate: latest)",
      },
    ]);
    expect(r.world.callsTo("dev", ...DESTRUCTIVE)).to.deep.equal([]);
    expect(devTable(r, "dev-2-Users")).to.not.equal(undefined);
  });

  it("refuses a newest copy older than maxCopyAgeHours, touching nothing", async () => {
    const r = await afterDailyBackup();
    r.later(48 * 3600);
    r.world.seedDevTable("dev-1-Sessions", { deletionProtection: false });
    const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    const [outcome] = outcomesOf(r, run);
    expect(outcome).to.include({ error: "NoRecoveryPoint" });
    expect(outcome!.cause).to.match(
      /newest copy of Sessions was recorded at 2026-11-26T03:00:00.000Z, more than 48 hours before the refresh started at 2026-11-28T/,
    );
    expect(r.world.callsTo("dev", ...DESTRUCTIVE)).to.deep.equal([]);
  });

  it("accepts a copy just inside maxCopyAgeHours", async () => {
    const r = await afterDailyBackup({ maxCopyAgeHours: 3 });
    r.later(3600);
    const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    expect(run.status).to.equal("SUCCEEDED");
  });

  it("fails a protected dev table that the catalog does not let it replace, and leaves it be", async () => {
    const r = await afterDailyBackup();
    r.world.seedDevTable("dev-4-Following", { deletionProtection: true });
    const run = await r.refresh({ environment: "dev-4", tables: ["Following", "Sessions"] });
    expect(run.error?.Error).to.equal("TablesFailed");
    const outcomes = outcomesOf(r, run);
    expect(outcomes.map((o) => [o.table, o.status, o.error ?? null])).to.deep.equal([
      ["Following", "FAILED", "TableProtected"],
      ["Sessions", "RESTORED", null],
    ]);
    expect(outcomes[0]!.cause).to.match(
      /dev-4-Following has deletion protection on.*replaceProtected/,
    );
    expect(
      r.world
        .callsTo("dev", "dynamodb:deleteTable", "dynamodb:updateTable")
        .filter((c) => c.params.TableName === "dev-4-Following"),
    ).to.deep.equal([]);
    expect(devTable(r, "dev-4-Following")!.deletionProtection).to.equal(true);
  });

  it("waits for a dev table still being created (a stopped refresh's restore) before replacing it", async () => {
    const r = await afterDailyBackup();
    const busy = r.world.seedDevTable("dev-4-Following", { deletionProtection: false }, 3 * 3600);
    expect(busy.status).to.equal("CREATING");
    const readyAt = r.world.now + 3 * 3600;
    const run = await r.refresh({ environment: "dev-4", tables: ["Following"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const deletes = r.world.callsTo("dev", "dynamodb:deleteTable");
    expect(deletes.map((c) => c.params.TableName)).to.deep.equal(["dev-4-Following"]);
    expect(deletes[0]!.at).to.be.at.least(readyAt);
    expect(r.world.calls.filter((c) => c.error === "ResourceInUseException")).to.deep.equal([]);
  });

  it("goes on when the dev table it waits for goes (a stopped refresh's import that failed)", async () => {
    const r = await afterDailyBackup();
    const goneAt = r.world.now + 3600;
    r.world.seedDevTable("dev-4-Following", { vanishes: true }, 3600);
    const run = await r.refresh({ environment: "dev-4", tables: ["Following"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(r.world.callsTo("dev", "dynamodb:deleteTable")).to.deep.equal([]);
    const restores = r.world.callsTo("dev", "backup:startRestoreJob");
    expect(restores).to.have.length(1);
    expect(restores[0]!.at).to.be.at.least(goneAt);
  });

  it("leaves a dev table that stays busy past the limit alone, and says so", async () => {
    const r = await afterDailyBackup();
    r.world.seedDevTable("dev-4-Following", {}, 30 * 24 * 3600);
    const run = await r.refresh({ environment: "dev-4", tables: ["Following", "Sessions"] });
    expect(run.error?.Error).to.equal("TablesFailed");
    const outcomes = outcomesOf(r, run);
    expect(outcomes.map((o) => [o.table, o.status, o.error ?? null])).to.deep.equal([
      ["Following", "FAILED", "TableBusy"],
      ["Sessions", "RESTORED", null],
    ]);
    expect(outcomes[0]!.cause).to.match(/dev-4-Following did not become ACTIVE within 24 hours/);
    expect(
      r.world
        .callsTo("dev", "dynamodb:deleteTable", "backup:startRestoreJob")
        .map(
          (c) =>
            c.params.TableName ??
            (c.params.Metadata as { targetTableName: string }).targetTableName,
        ),
    ).to.deep.equal(["dev-4-Sessions"]);
  });

  it("lifts deletion protection where the catalog allows it, and puts it back after", async () => {
    const r = await afterDailyBackup();
    r.world.seedDevTable("dev-4-Users", { deletionProtection: true });
    const run = await r.refresh({ environment: "dev-4", tables: ["Users"] });
    expect(run.status).to.equal("SUCCEEDED");
    const lifted = r.world
      .callsTo("dev", "dynamodb:updateTable")
      .find((c) => c.params.DeletionProtectionEnabled === false);
    expect(lifted?.params.TableName).to.equal("dev-4-Users");
    expect(devTable(r, "dev-4-Users")!.deletionProtection).to.equal(true);
  });

  it("starts a FAILED restore again, then succeeds", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "job",
      job: "restore",
      table: "Sessions",
      state: "FAILED",
      message: "Internal error",
    });
    const run = await r.refresh({ environment: "dev-5", tables: ["Sessions"] });
    expect(run.status).to.equal("SUCCEEDED");
    const starts = r.world.callsTo("dev", "backup:startRestoreJob");
    expect(starts).to.have.length(2);
    expect(starts[0]!.params.IdempotencyToken).to.not.equal(starts[1]!.params.IdempotencyToken);
  });

  it("fails with the job's message when every restore attempt FAILED", async () => {
    const r = await afterDailyBackup({ restoreAttempts: 2 });
    r.world.inject({
      kind: "job",
      job: "restore",
      table: "Sessions",
      state: "ABORTED",
      message: "Aborted by the user",
      times: 2,
    });
    const run = await r.refresh({ environment: "dev-5", tables: ["Sessions"] });
    const [outcome] = outcomesOf(r, run);
    expect(outcome).to.include({
      status: "FAILED",
      error: "RestoreFailed",
      cause: "Aborted by the user",
    });
    expect(r.world.callsTo("dev", "backup:startRestoreJob")).to.have.length(2);
  });

  it("rides out throttled calls", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "error",
      call: "dynamodb:updateTable",
      code: "ThrottlingException",
      times: 3,
    });
    r.world.inject({
      kind: "error",
      call: "backup:describeRestoreJob",
      code: "ServiceUnavailableException",
      times: 1,
    });
    const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
    expect(run.status).to.equal("SUCCEEDED");
    expect(
      r.world
        .callsTo("dev", "dynamodb:updateTable")
        .filter((c) => c.error === "DynamoDb.ThrottlingException"),
    ).to.have.length(3);
  });

  it("turns TTL on when the answer is lost: the repeats are refused while it is processed, and the check finds it ENABLING", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "error",
      call: "dynamodb:updateTimeToLive",
      code: "InternalServerError",
      afterEffect: true,
    });
    const run = await r.refresh({ environment: "dev-2", tables: ["Users"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const [first, ...repeats] = r.world.callsTo("dev", "dynamodb:updateTimeToLive");
    expect(first!.error).to.match(/InternalServerError/);
    expect(repeats).to.have.length.greaterThan(0);
    expect(new Set(repeats.map((c) => c.error))).to.deep.equal(
      new Set(["DynamoDb.DynamoDbException"]),
    );
    expect(r.world.callsTo("dev", "dynamodb:describeTimeToLive")).to.have.length(1);
    expect(devTable(r, "dev-2-Users")!.ttlAttribute).to.equal("expiresAt");
  });

  it("turns deletion protection on when the answer is lost and every repeat is refused: the check finds it on", async () => {
    const r = await afterDailyBackup();
    const protect = { DeletionProtectionEnabled: true };
    const call = "dynamodb:updateTable";
    r.world.inject({
      kind: "error",
      call,
      with: protect,
      code: "InternalServerError",
      afterEffect: true,
    });
    r.world.inject({ kind: "error", call, with: protect, code: "ValidationException", times: 10 });
    const run = await r.refresh({ environment: "dev-2", tables: ["Users"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const tries = r.world.callsTo("dev", call).filter((c) => c.params.DeletionProtectionEnabled);
    expect(tries.length).to.be.greaterThan(1);
    expect(tries.every((c) => c.error !== undefined)).to.equal(true);
    expect(devTable(r, "dev-2-Users")!.deletionProtection).to.equal(true);
  });

  it("fails a table whose change was refused and then cannot be checked, with the refusal", async () => {
    const r = await afterDailyBackup();
    const protect = { DeletionProtectionEnabled: true };
    const call = "dynamodb:updateTable";
    r.world.inject({ kind: "error", call, with: protect, code: "ValidationException", times: 10 });
    r.world.inject({
      kind: "error",
      call: "dynamodb:describeTable",
      table: "dev-2-Users",
      after: { call, with: protect },
      code: "ResourceNotFoundException",
      times: 10,
    });
    const run = await r.refresh({ environment: "dev-2", tables: ["Users", "Sessions"] });
    const outcomes = outcomesOf(r, run);
    expect(outcomes.map((o) => [o.table, o.status, o.error ?? null])).to.deep.equal([
      ["Users", "FAILED", "DynamoDb.DynamoDbException"],
      ["Sessions", "RESTORED", null],
    ]);
    expect(outcomes[0]!.cause).to.match(/^ValidationException/);
    const checks = r.world.callsTo("dev", "dynamodb:describeTable").filter((c) => c.error);
    expect(checks.map((c) => c.error)).to.include("DynamoDb.ResourceNotFoundException");
  });

  it("fails a table left UPDATING past 2 hours by a change, with TableBusy, and still refreshes the others", async () => {
    const r = await afterDailyBackup();
    r.world.inject({ kind: "busy", table: "dev-2-Users", seconds: 3 * 3600 });
    const run = await r.refresh({ environment: "dev-2", tables: ["Users", "Sessions"] });
    const outcomes = outcomesOf(r, run);
    expect(
      outcomes.map((o) => [o.table, o.status, o.error ?? null, o.cause ?? null]),
    ).to.deep.equal([
      ["Users", "FAILED", "TableBusy", "dev-2-Users did not become ACTIVE within 2 hours"],
      ["Sessions", "RESTORED", null, null],
    ]);
  });

  it("keeps each table's outcome 30 days from the refresh's start (the state table's TTL)", async () => {
    const r = await afterDailyBackup();
    const run = await r.refresh({ environment: "dev-2", tables: ["Users", "Sessions"] });
    const items = r.world.accounts.dev.dynamodb.query(r.world.now, {
      TableName: "datarefresh-state",
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `refresh#${run.arn}` } },
    }).Items;
    expect(items.map((item) => [item.sk!.S, item.expiresAt])).to.deep.equal(
      ["Sessions", "Users"].map((table) => [
        table,
        { N: String(Math.floor(run.startedAt) + 30 * 86_400) },
      ]),
    );
  });

  it("run by itself on a table outside its catalog, the per-table machine fails it as NotCatalogued and touches nothing", async () => {
    const r = await afterDailyBackup();
    const run = await r.executor.run(r.arns.restoreTableMachine, {
      environment: "dev-2",
      table: "Payments",
      copyDate: "latest",
      requestedBy: "slack:U0123",
      parentExecution: "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:run-1",
      refreshStartedAt: "2026-11-26T04:00:00.000Z",
      expiresAt: "1767000000",
    });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(run.output).to.deep.include({
      table: "Payments",
      status: "FAILED",
      error: "NotCatalogued",
      cause: "Payments is not in the catalog this machine was built with",
    });
    expect(
      r.world.calls.filter(
        (c) => c.side === "dev" && /^(dynamodb:(delete|update)|backup:start)/.test(c.call),
      ),
    ).to.deep.equal([]);
  });

  for (const [setting, call, message] of [
    ["TTL", "dynamodb:updateTimeToLive", "TimeToLive is already being modified"],
    ["tags", "dynamodb:tagResource", "Too many tags"],
  ] as const) {
    it(`fails a table whose ${setting} DynamoDB keeps refusing, with its message, and still refreshes the other tables`, async () => {
      const r = await afterDailyBackup();
      const refusal = { code: "ValidationException", message, times: 10 };
      r.world.inject({ kind: "error", call, table: "dev-2-Users", ...refusal });
      const run = await r.refresh({ environment: "dev-2", tables: ["Users", "Sessions"] });
      const outcomes = outcomesOf(r, run);
      expect(outcomes.map((o) => [o.table, o.status, o.error ?? null])).to.deep.equal([
        ["Users", "FAILED", "DynamoDb.DynamoDbException"],
        ["Sessions", "RESTORED", null],
      ]);
      expect(outcomes[0]!.cause).to.satisfy((cause: string) =>
        cause.startsWith(`ValidationException: ${message} (`),
      );
    });
  }

  describe("errors AWS sends that the service's model does not name", () => {
    it("retries a throttle AWS Backup reports as Backup.BackupException", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "backup:describeRestoreJob",
        code: "ThrottlingException",
        times: 2,
      });
      const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      const throttled = r.world.callsTo("dev", "backup:describeRestoreJob").filter((c) => c.error);
      expect(throttled.map((c) => c.error)).to.deep.equal([
        "Backup.BackupException",
        "Backup.BackupException",
      ]);
    });

    it("retries a 503 DynamoDB reports as DynamoDb.DynamoDbException, on the lock too", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "dynamodb:putItem",
        code: "ServiceUnavailable",
        times: 2,
      });
      r.world.inject({
        kind: "error",
        call: "dynamodb:deleteTable",
        code: "ServiceUnavailable",
        times: 2,
      });
      r.world.seedDevTable("dev-1-Sessions", { deletionProtection: false });
      const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      expect(
        r.world
          .callsTo("dev", "dynamodb:putItem", "dynamodb:deleteTable")
          .filter((c) => c.error)
          .map((c) => c.error),
      ).to.deep.equal(Array(4).fill("DynamoDb.DynamoDbException"));
    });

    it("goes on when a change took effect but its answer was lost, after checking the table", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "dynamodb:updateTable",
        table: "dev-1-Following",
        code: "InternalServerError",
        afterEffect: true,
        times: 1,
      });
      const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      const following = devTable(r, "dev-1-Following")!;
      expect(following.capacity).to.deep.equal({ read: 5, write: 5 });
      expect(following.stream).to.equal("NEW_AND_OLD_IMAGES");
    });

    it("holds the lock it took, though the answer to taking it was lost", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "dynamodb:putItem",
        code: "ServiceUnavailable",
        afterEffect: true,
        times: 1,
      });
      const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    });

    for (const [what, call, environment, table] of [
      ["delete a busy dev table, then replaces it", "dynamodb:deleteTable", "dev-1", "Sessions"],
      [
        "turn TTL on while the table is busy, then turns it on",
        "dynamodb:updateTimeToLive",
        "dev-2",
        "Users",
      ],
    ] as const) {
      it(`waits while DynamoDB refuses to ${what}`, async () => {
        const r = await afterDailyBackup();
        r.world.seedDevTable(`${environment}-${table}`, { deletionProtection: false });
        const busy = { code: "ResourceInUseException", times: 2 };
        r.world.inject({ kind: "error", call, table: `${environment}-${table}`, ...busy });
        const run = await r.refresh({ environment, tables: [table] });
        expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
        expect(r.world.callsTo("dev", call).map((c) => c.error ?? "ok")).to.deep.equal([
          "DynamoDb.ResourceInUseException",
          "DynamoDb.ResourceInUseException",
          "ok",
        ]);
      });
    }

    it("fails a table whose dev table cannot be deleted, in its own execution, and restores nothing over it", async () => {
      const r = await afterDailyBackup();
      r.world.seedDevTable("dev-1-Sessions", { deletionProtection: false });
      const run = await refreshSessionsWithCallBroken(r, "dynamodb:deleteTable", {
        table: "dev-1-Sessions",
      });
      expectSessionsFailedInItsOwnExecution(r, run);
      expect(r.world.callsTo("dev", "backup:startRestoreJob")).to.deep.equal([]);
      expect(r.world.accounts.dev.dynamodb.tables.has("dev-1-Sessions")).to.equal(true);
    });

    it("fails a table whose dev table takes over 2 hours to go (DeleteTimedOut), and restores nothing over it", async () => {
      const r = await afterDailyBackup();
      const going = r.world.seedDevTable("dev-1-Sessions", { deletionProtection: false });
      going.status = "DELETING";
      going.settlesAt = r.world.now + 3 * 3600;
      const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
      expect(reportOf(run).failedTables.map((t) => [t.table, t.error])).to.deep.equal([
        ["Sessions", "DeleteTimedOut"],
      ]);
      const [outcome] = outcomesOf(r, run);
      expect(outcome!.cause).to.equal("dev-1-Sessions was not deleted within 2 hours");
      // The copy it would have restored is named all the same.
      const [copy] = r.world.accounts.dev.dynamodb.query(r.world.now, {
        TableName: "datarefresh-state",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: "copy#Sessions" } },
      }).Items;
      expect([outcome!.recoveryPointArn, outcome!.copyCreatedAt]).to.deep.equal([
        copy!.recoveryPointArn!.S,
        copy!.copyCreatedAt!.S,
      ]);
      expect(r.world.callsTo("dev", "backup:startRestoreJob")).to.deep.equal([]);
    });

    for (const copyDate of [undefined, "2026-11-26"]) {
      it(`fails a table whose copies cannot be read, and touches its dev table not at all (copyDate ${copyDate ?? "left out"})`, async () => {
        const r = await afterDailyBackup();
        const run = await refreshSessionsWithCallBroken(r, "dynamodb:query", { copyDate });
        expectSessionsFailedInItsOwnExecution(r, run);
        expect(r.world.callsTo("dev", ...DESTRUCTIVE)).to.deep.equal([]);
      });
    }

    it("fails the table, and only it, when a call keeps failing past its retries", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "backup:startRestoreJob",
        code: "ThrottlingException",
        times: 50,
      });
      const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
      expect(reportOf(run).failedTables.map((t) => [t.table, t.error])).to.deep.equal([
        ["Sessions", "Backup.BackupException"],
      ]);
      expect(outcomesOf(r, run)[0]!.cause).to.match(/^ThrottlingException: /);
    });
  });

  describe("one refresh per environment at a time", () => {
    it("fails a second refresh at once with RefreshInProgress, and lets the first finish", async () => {
      const r = await afterDailyBackup();
      const [first, second] = await Promise.all([
        r.refresh({ environment: "dev-3", tables: ["Sessions"] }, "first"),
        r.refresh({ environment: "dev-3", tables: ["Users"] }, "second"),
      ]);
      expect(first.status).to.equal("SUCCEEDED");
      expect(second.status).to.equal("FAILED");
      expect(second.error?.Error).to.equal("RefreshInProgress");
      expect(second.error?.Cause).to.match(
        /dev-3 is being refreshed by .*:execution:datarefresh-restore:first/,
      );
      expect(
        r.world
          .callsTo("dev", ...DESTRUCTIVE)
          .filter((c) => JSON.stringify(c.params).includes("dev-3-Users")),
      ).to.deep.equal([]);
    });

    it("lets two environments refresh at the same time", async () => {
      const r = await afterDailyBackup();
      const runs = await Promise.all([
        r.refresh({ environment: "dev-1", tables: ["Sessions"] }),
        r.refresh({ environment: "dev-2", tables: ["Sessions"] }),
      ]);
      expect(runs.map((x) => x.status)).to.deep.equal(["SUCCEEDED", "SUCCEEDED"]);
    });

    it("releases the lock when a refresh fails, so the next one runs", async () => {
      const r = await afterDailyBackup();
      r.world.inject({ kind: "job", job: "restore", table: "Sessions", state: "FAILED", times: 5 });
      const failed = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect(failed.error?.Error).to.equal("TablesFailed");
      const next = await r.refresh({ environment: "dev-3", tables: ["Users"] });
      expect(next.status).to.equal("SUCCEEDED");
    });

    it("takes over the lock of a refresh that was stopped or timed out without releasing it", async () => {
      const r = await afterDailyBackup();
      seedLock(r, "dev-3", "stopped", "ABORTED");
      const run = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect(run.status).to.equal("SUCCEEDED");
    });

    it("takes over a lock whose holder Step Functions no longer knows (ExecutionDoesNotExist)", async () => {
      const r = await afterDailyBackup();
      seedLock(r, "dev-3", "forgotten", "forgotten");
      const run = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    });

    it("of two refreshes taking over the same stale lock, lets the one that wrote first run and refuses the other", async () => {
      const r = await afterDailyBackup();
      const stale = seedLock(r, "dev-3", "stopped", "TIMED_OUT");
      const runs = await Promise.all([
        r.refresh({ environment: "dev-3", tables: ["Sessions"] }, "first"),
        r.refresh({ environment: "dev-3", tables: ["Users"] }, "second"),
      ]);
      const takeOvers = r.world
        .callsTo("dev", "dynamodb:putItem")
        .filter((c) => JSON.stringify(c.params).includes(stale));
      expect(takeOvers.map((c) => c.error ?? "ok").sort()).to.deep.equal([
        "DynamoDb.ConditionalCheckFailedException",
        "ok",
      ]);
      const [won, lost] = runs[0]!.status === "SUCCEEDED" ? runs : [runs[1]!, runs[0]!];
      expect([won!.status, lost!.error?.Error]).to.deep.equal(["SUCCEEDED", "RefreshInProgress"]);
      expect(lost!.error?.Cause).to.contain(`being refreshed by ${won!.arn}`);
    });

    it("ends a refresh as it would have, though its lock could not be released (the next one takes it over)", async () => {
      const r = await afterDailyBackup();
      r.world.inject({
        kind: "error",
        call: "dynamodb:deleteItem",
        code: "InternalServerError",
        times: 10_000,
      });
      const run = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect([run.status, reportOf(run).restored]).to.deep.equal(["SUCCEEDED", 1]);
      const next = await r.refresh({ environment: "dev-3", tables: ["Users"] });
      expect(next.status, JSON.stringify(next.error)).to.equal("SUCCEEDED");
    });

    it("releases its own lock when it ends: nothing is left for the next refresh to take over", async () => {
      const r = await afterDailyBackup();
      const run = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      const lock = r.world.accounts.dev.dynamodb.items
        .get("datarefresh-state")
        ?.all(r.world.now)
        .find((item) => item.pk?.S === "lock#dev-3");
      expect(lock, "the lock item after the refresh").to.equal(undefined);
      const releases = r.world
        .callsTo("dev", "dynamodb:deleteItem")
        .filter((c) => c.execution === run.arn);
      expect(releases.map((c) => c.error ?? "ok")).to.deep.equal(["ok"]);
    });

    it("does not take over the lock of a refresh that still runs", async () => {
      const r = await afterDailyBackup();
      seedLock(r, "dev-3", "running", "RUNNING");
      const run = await r.refresh({ environment: "dev-3", tables: ["Sessions"] });
      expect(run.error?.Error).to.equal("RefreshInProgress");
      expect(r.world.callsTo("dev", ...DESTRUCTIVE)).to.deep.equal([]);
    });
  });
});
