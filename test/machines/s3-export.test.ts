import { expect } from "chai";
import { s3ExportProject } from "../helpers/project";
import { DESTRUCTIVE, models, rehearsal, tableOutcomes } from "../helpers/rehearsal";
import type { Statement } from "../../policies/document";
import { Rehearsal } from "../../rehearsal/pair";

interface Outcome {
  table: string;
  targetTable?: string;
  status: string;
  recoveryPointArn?: string | null;
  exportArn?: string | null;
  error?: string;
  cause?: string;
}

const PROJECT = s3ExportProject();
const mixed = (overrides = {}) => rehearsal(overrides, PROJECT);
const byTable = (list: Outcome[]) => Object.fromEntries(list.map((o) => [o.table, o]));

/** The mixed catalog with its s3-export table grown to `sizeGb` (beyond what the config plans). */
function withEventsOf(sizeGb: number): Rehearsal {
  const { prod, dev } = models({}, PROJECT);
  const tables = prod.tables.map((t) => (t.name === "Events" ? { ...t, sizeGb } : t));
  return new Rehearsal({ ...prod, tables }, { ...dev, tables });
}

function putEvent(r: Rehearsal, pk: string) {
  r.world.accounts.prod.dynamodb.putItem(r.world.now, {
    TableName: "Events",
    Item: { pk: { S: pk }, sk: { S: "e" }, kind: { S: "click" } },
  });
}

describe("the s3-export method, run in the rehearsal over a mixed catalog", () => {
  describe("the daily run (prod)", () => {
    it("exports the s3-export table and backs up the others, recording each for dev", async () => {
      const r = mixed();
      const run = await r.backupAndCopy();
      expect(run.status).to.equal("SUCCEEDED");
      // An export counts as a copy in the run's report.
      expect(run.output).to.include({ requested: 4, copied: 4, failed: 0 });
      const tables = byTable(tableOutcomes(r, run));
      expect(Object.keys(tables).sort()).to.deep.equal([
        "Events",
        "Following",
        "Sessions",
        "Users",
      ]);
      expect(tables.Events!.status).to.equal("EXPORTED");
      expect(tables.Events!.exportArn).to.match(
        /^arn:aws:dynamodb:eu-west-1:111111111111:table\/Events\/export\//,
      );
      for (const name of ["Following", "Sessions", "Users"])
        expect(tables[name]!.status).to.equal("COPIED");
      expect(
        r.world.callsTo("prod", "backup:startBackupJob").map((c) => c.params.ResourceArn),
      ).to.not.include("arn:aws:dynamodb:eu-west-1:111111111111:table/Events");
      const exportCall = r.world.callsTo("prod", "dynamodb:exportTableToPointInTime")[0]!;
      expect(exportCall.params).to.deep.include({
        S3Bucket: "datarefresh-exports-111111111111-eu-west-1",
        S3BucketOwner: "111111111111",
        ExportFormat: "DYNAMODB_JSON",
        S3SseAlgorithm: "KMS",
        S3SseKmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/datarefresh-prod-exports",
      });
      expect(exportCall.params.S3Prefix).to.match(/^exports\/Events\/\d{4}-\d{2}-\d{2}$/);
      const recorded = r.world.accounts.dev.dynamodb.query(r.world.now, {
        TableName: "datarefresh-state",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: "copy#Events" } },
      }).Items[0]!;
      expect(recorded.exportArn?.S).to.equal(tables.Events!.exportArn);
      expect(recorded.s3KeyPrefix?.S).to.match(
        /^exports\/Events\/\d{4}-\d{2}-\d{2}\/AWSDynamoDB\/[^/]+\/data\/$/,
      );
      expect(recorded.manifest?.S).to.match(/manifest-summary\.json$/);
      expect(recorded.method).to.deep.equal({ S: "s3-export" });
      expect(Number(recorded.exportSizeBytes?.N)).to.be.greaterThan(0);
      expect(r.world.calls.filter((c) => c.authorized !== true).map((c) => c.call)).to.deep.equal(
        [],
      );
    });

    it("fails the table with ExportFailed and DynamoDB's code and message when the export FAILED", async () => {
      const r = mixed();
      r.world.inject({
        kind: "job",
        job: "export",
        table: "Events",
        state: "FAILED",
        code: "S3AccessDenied",
        message: "Access Denied to bucket",
      });
      const run = await r.backupAndCopy();
      expect(run.status).to.equal("FAILED");
      expect(run.error?.Error).to.equal("TablesFailed");
      const tables = byTable(tableOutcomes(r, run));
      expect(tables.Events).to.deep.include({
        status: "FAILED",
        error: "ExportFailed",
        cause: "S3AccessDenied: Access Denied to bucket",
      });
      expect(tables.Users!.status).to.equal("COPIED");
      expect(
        r.world
          .callsTo("prod", "dynamodb:putItem")
          .filter((c) => JSON.stringify(c.params).includes("copy#Events")),
      ).to.deep.equal([]);
    });

    for (const [what, call, code] of [
      [
        "its point-in-time recovery cannot be read",
        "dynamodb:describeContinuousBackups",
        "TableNotFoundException",
      ],
      [
        "DynamoDB refuses to start its export",
        "dynamodb:exportTableToPointInTime",
        "ExportConflictException",
      ],
    ] as const) {
      it(`fails the table, and only it, when ${what}`, async () => {
        const r = mixed();
        r.world.inject({ kind: "error", call, code, times: 10 });
        const run = await r.backupAndCopy();
        const tables = byTable(tableOutcomes(r, run));
        expect([tables.Events!.status, tables.Events!.error]).to.deep.equal([
          "FAILED",
          `DynamoDb.${code}`,
        ]);
        expect(tables.Users!.status).to.equal("COPIED");
      });
    }

    it("starts the export once point-in-time recovery just turned on is ready", async () => {
      const r = mixed({ enablePointInTimeRecovery: true });
      r.world.pointInTimeRecovery("Events", false);
      const call = "dynamodb:exportTableToPointInTime";
      r.world.inject({
        kind: "error",
        call,
        code: "PointInTimeRecoveryUnavailableException",
        times: 2,
      });
      const run = await r.backupAndCopy();
      expect(byTable(tableOutcomes(r, run)).Events!.status).to.equal("EXPORTED");
      expect(r.world.callsTo("prod", call).map((c) => c.error ?? "started")).to.deep.equal([
        "DynamoDb.PointInTimeRecoveryUnavailableException",
        "DynamoDb.PointInTimeRecoveryUnavailableException",
        "started",
      ]);
    });

    it("fails the table with ExportFailed and its own words when the export FAILED with no code", async () => {
      const r = mixed();
      r.world.inject({ kind: "job", job: "export", table: "Events", state: "FAILED", code: null });
      const run = await r.backupAndCopy();
      expect(byTable(tableOutcomes(r, run)).Events).to.deep.include({
        status: "FAILED",
        error: "ExportFailed",
        cause: "the export failed",
      });
    });

    it("fails a table whose export runs past 24 hours with ExportTimedOut", async () => {
      const r = withEventsOf(5_000);
      const run = await r.backupAndCopy();
      expect(byTable(tableOutcomes(r, run)).Events).to.deep.include({
        status: "FAILED",
        error: "ExportTimedOut",
        cause: "the export did not finish within 24 hours",
      });
    });

    it("refuses to export a table without point-in-time recovery, saying how to turn it on", async () => {
      const r = mixed();
      r.world.pointInTimeRecovery("Events", false);
      const run = await r.backupAndCopy();
      const events = byTable(tableOutcomes(r, run)).Events!;
      expect(events.error).to.equal("PointInTimeRecoveryOff");
      expect(events.cause).to.include("point-in-time recovery is off on Events");
      expect(events.cause).to.include("datarefresh:enablePointInTimeRecovery: true");
      expect(r.world.callsTo("prod", "dynamodb:exportTableToPointInTime")).to.deep.equal([]);
      expect(r.world.callsTo("prod", "dynamodb:updateContinuousBackups")).to.deep.equal([]);
    });

    it("turns point-in-time recovery on first where enablePointInTimeRecovery allows", async () => {
      const r = mixed({ enablePointInTimeRecovery: true });
      r.world.pointInTimeRecovery("Events", false);
      const run = await r.backupAndCopy();
      expect(run.status).to.equal("SUCCEEDED");
      expect(byTable(tableOutcomes(r, run)).Events!.status).to.equal("EXPORTED");
      expect(r.world.callsTo("prod", "dynamodb:updateContinuousBackups")).to.have.length(1);
      expect(r.world.accounts.prod.dynamodb.tables.get("Events")!.pitr).to.equal(true);
    });
  });

  describe("the refresh (dev)", () => {
    it("imports the s3-export table with the catalog's parameters and restores the others", async () => {
      const r = mixed();
      putEvent(r, "e#1");
      putEvent(r, "e#2");
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      r.world.seedDevTable("dev-3-Events", { deletionProtection: false });
      const run = await r.refresh({ environment: "dev-3" });
      expect(run.status).to.equal("SUCCEEDED");
      const tables = byTable(tableOutcomes(r, run));
      expect(tables.Events).to.deep.include({ status: "RESTORED", recoveryPointArn: null });
      expect(tables.Events!.exportArn).to.match(/table\/Events\/export\//);
      expect(tables.Users).to.deep.include({ status: "RESTORED", exportArn: null });
      const [imported] = r.world.callsTo("dev", "dynamodb:importTable");
      expect(imported!.params).to.deep.include({
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
      });
      expect(imported!.params.S3BucketSource).to.deep.include({
        S3Bucket: "datarefresh-exports-111111111111-eu-west-1",
        S3BucketOwner: "111111111111",
      });
      expect(imported!.params.TableCreationParameters).to.deep.include({
        TableName: "dev-3-Events",
        BillingMode: "PAY_PER_REQUEST",
      });
      // The old dev table went first, and nothing was restored through AWS Backup for Events.
      const devCalls = r.world.calls
        .filter((c) => c.side === "dev")
        .map((c) => `${c.call} ${JSON.stringify(c.params)}`);
      const deleted = devCalls.findIndex(
        (c) => c.startsWith("dynamodb:deleteTable") && c.includes("dev-3-Events"),
      );
      const importedAt = devCalls.findIndex((c) => c.startsWith("dynamodb:importTable"));
      expect(deleted).to.be.greaterThan(-1);
      expect(importedAt).to.be.greaterThan(deleted);
      const dev = r.world.accounts.dev.dynamodb;
      const table = dev.tables.get("dev-3-Events")!;
      expect(table.status).to.equal("ACTIVE");
      expect(table.schema.globalIndexes).to.deep.equal(["byKind"]);
      expect(table.ttlAttribute).to.equal("expiresAt");
      expect(table.tags).to.include({ team: "analytics", "datarefresh:source-table": "Events" });
      expect(table.tags["datarefresh:export"]).to.equal(tables.Events!.exportArn);
      const keys = dev.items
        .get("dev-3-Events")!
        .all(r.world.now)
        .map((i) => i.pk?.S);
      expect(keys.sort()).to.deep.equal(["e#1", "e#2"]);
      expect(r.world.calls.filter((c) => c.authorized !== true).map((c) => c.call)).to.deep.equal(
        [],
      );
      // The rehearsal measures the largest data a state passed on: at least the output.
      const refresh = [...r.world.executions.values()].find(
        (e) => e.machine === "datarefresh-restore",
      )!;
      expect(refresh.history.largestStateBytes).to.be.at.least(
        Buffer.byteLength(JSON.stringify(run.output)),
      );
    });

    it("restores a backup table's local secondary indexes, which an import could not make", async () => {
      const r = mixed();
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      const run = await r.refresh({ environment: "dev-5", tables: ["Following"] });
      expect(run.status).to.equal("SUCCEEDED");
      const following = r.world.accounts.dev.dynamodb.tables.get("dev-5-Following")!;
      expect(following.schema.localIndexes).to.deep.equal(["byCreatedAt"]);
      expect(r.world.callsTo("dev", "dynamodb:importTable")).to.deep.equal([]);
    });

    it("fails the table with ImportFailed and its own words when every import FAILED with no code", async () => {
      const r = mixed();
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      const failed = { kind: "job", job: "import", table: "Events", state: "FAILED" } as const;
      r.world.inject({ ...failed, code: null, times: 10 });
      const run = await r.refresh({ environment: "dev-1", tables: ["Events"] });
      expect(byTable(tableOutcomes(r, run)).Events).to.deep.include({
        status: "FAILED",
        error: "ImportFailed",
        cause: "the import failed",
      });
    });

    it("fails a table whose import runs past 24 hours with ImportTimedOut", async () => {
      const r = withEventsOf(1_000);
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      const run = await r.refresh({ environment: "dev-1", tables: ["Events"] });
      expect(byTable(tableOutcomes(r, run)).Events).to.deep.include({
        status: "FAILED",
        error: "ImportTimedOut",
        cause: "the import did not finish within 24 hours",
      });
    });

    it("tries a FAILED import again, then reports ImportFailed with DynamoDB's code and message", async () => {
      const r = mixed({ restoreAttempts: 2 });
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      for (let i = 0; i < 2; i++) {
        r.world.inject({
          kind: "job",
          job: "import",
          table: "dev-1-Events",
          state: "FAILED",
          code: "S3NoSuchKey",
          message: "no object under the prefix",
        });
      }
      const run = await r.refresh({ environment: "dev-1", tables: ["Events", "Sessions"] });
      expect(run.status).to.equal("FAILED");
      const tables = byTable(tableOutcomes(r, run));
      expect(tables.Events).to.deep.include({
        status: "FAILED",
        error: "ImportFailed",
        cause: "S3NoSuchKey: no object under the prefix",
      });
      expect(tables.Sessions!.status).to.equal("RESTORED");
      expect(r.world.callsTo("dev", "dynamodb:importTable")).to.have.length(2);
      expect(r.world.accounts.dev.dynamodb.tables.has("dev-1-Events")).to.equal(false);
    });

    it("waits for a place when the account has its 50 imports running, then imports", async () => {
      const r = mixed();
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      r.world.inject({
        kind: "error",
        call: "dynamodb:importTable",
        code: "LimitExceededException",
        message: "Too many concurrent imports",
        times: 2,
      });
      const run = await r.refresh({ environment: "dev-1", tables: ["Events"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      const calls = r.world.callsTo("dev", "dynamodb:importTable");
      expect(calls.map((c) => c.error ?? "started")).to.deep.equal([
        "DynamoDb.LimitExceededException",
        "DynamoDb.LimitExceededException",
        "started",
      ]);
      // DynamoDB's 50 imports at once take hours to end: each wait is a minute or more.
      const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
      expect(Math.min(...gaps)).to.be.at.least(60);
    });

    it("takes an import that ends CANCELLED as failed, and tries it again", async () => {
      const r = mixed({ restoreAttempts: 2 });
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      r.world.inject({ kind: "job", job: "import", table: "dev-1-Events", state: "CANCELLED" });
      const run = await r.refresh({ environment: "dev-1", tables: ["Events"] });
      expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
      expect(byTable(tableOutcomes(r, run)).Events!.status).to.equal("RESTORED");
      const imports = [...r.world.accounts.dev.imports.all.values()];
      expect(imports.map((i) => i.end.state)).to.deep.equal(["CANCELLED", "COMPLETED"]);
    });

    it("imports nothing, and deletes nothing, when no export was ever recorded", async () => {
      const r = mixed();
      await r.backupAndCopy({ tables: ["Users"] });
      r.later(3600);
      r.world.seedDevTable("dev-2-Events", { deletionProtection: false });
      const run = await r.refresh({ environment: "dev-2", tables: ["Events"] });
      expect(byTable(tableOutcomes(r, run)).Events).to.deep.include({
        status: "FAILED",
        error: "NoRecoveryPoint",
      });
      expect(r.world.accounts.dev.dynamodb.tables.has("dev-2-Events")).to.equal(true);
      expect(
        r.world.calls.filter((c) => [...DESTRUCTIVE, "dynamodb:importTable"].includes(c.call)),
      ).to.deep.equal([]);
    });

    it("reports the bucket policy's refusal when the prod bucket does not admit the import role", async () => {
      const r = mixed();
      expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
      r.later(3600);
      const bucket = r.world.accounts.prod.s3.buckets.get(
        "datarefresh-exports-111111111111-eu-west-1",
      )!;
      bucket.policy = {
        Version: "2012-10-17",
        Statement: bucket.policy!.Statement.map((s: Statement) =>
          s.Principal !== undefined && s.Effect === "Allow"
            ? { ...s, Principal: { AWS: "arn:aws:iam::222222222222:role/someone-else" } }
            : s,
        ),
      };
      const run = await r.refresh({ environment: "dev-4", tables: ["Events"] });
      const events = byTable(tableOutcomes(r, run)).Events!;
      expect(events.error).to.equal("ImportFailed");
      expect(events.cause).to.match(/^S3AccessDenied: /);
      expect(r.world.accounts.dev.dynamodb.tables.has("dev-4-Events")).to.equal(false);
    });
  });
});
