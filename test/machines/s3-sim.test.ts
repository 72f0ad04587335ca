import { expect } from "chai";
import { tableEntry } from "../../config/catalog";
import { arns, exportBucketName, NAMES, type StackModel } from "../../config/model";
import type { PolicyDocument } from "../../policies/document";
import { exportBucketPolicy, exportKeyPolicy } from "../../policies/resource-policies";
import { Authorizer } from "../../rehearsal/authorize";
import { jobSeconds } from "../../stack/job-rates";
import { createPlannedResources } from "../../rehearsal/pair";
import type { CallContext } from "../../rehearsal/call-context";
import { callAws } from "../../rehearsal/sdk-router";
import { Timeline } from "../../rehearsal/timeline";
import { World } from "../../rehearsal/world";
import { models } from "../helpers/rehearsal";

const KEYS = [
  { AttributeName: "pk", KeyType: "HASH" },
  { AttributeName: "sk", KeyType: "RANGE" },
];
const CREATION = {
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "S" },
  ],
  KeySchema: KEYS,
  BillingMode: "PAY_PER_REQUEST",
};
const PREFIX = "exports/Orders/2026-11-26";

const allow = (Action: string[], Resource: string | string[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource }],
});

/** Both accounts with an `s3-export` table Orders (2.5 GB), the export bucket and key, and roles allowed what they call. */
function setup(bucketPolicy?: (model: StackModel) => PolicyDocument) {
  const { dev: model } = models();
  const orders = tableEntry.parse({
    name: "Orders",
    method: "s3-export",
    sizeGb: 2.5,
    tableCreationParameters: CREATION,
  });
  model.tables = [...model.tables, orders];
  const world = new World(model);
  const a = arns(model);
  const { prod, dev } = model.accounts;
  const bucket = exportBucketName(model);
  createPlannedResources(world, [
    {
      stack: "prod",
      policies: [
        {
          name: "bucket",
          kind: "bucket",
          attachedTo: bucket,
          document: bucketPolicy?.(model) ?? exportBucketPolicy(model),
        },
        {
          name: "key",
          kind: "kms-key",
          attachedTo: NAMES.exportKeyAlias,
          document: exportKeyPolicy(model),
        },
      ],
    },
  ]);
  world.authorizer = new Authorizer([]);
  world.authorizer.setIdentity(a.backupMachineRole, [
    allow(["dynamodb:*"], `arn:aws:dynamodb:${model.region}:${prod}:table/*`),
    allow(["s3:PutObject"], a.exportObjects),
    allow(["kms:GenerateDataKey"], a.keysOf(prod)),
  ]);
  world.authorizer.setIdentity(a.importRole, [
    allow(["dynamodb:ImportTable"], `arn:aws:dynamodb:${model.region}:${dev}:table/*`),
    allow(["s3:ListBucket"], a.exportBucket),
    allow(["s3:GetObject"], a.exportObjects),
    allow(["kms:Decrypt"], a.keysOf(prod)),
  ]);
  world.authorizer.setIdentity(a.restoreMachineRole, [
    allow(["dynamodb:*"], `arn:aws:dynamodb:${model.region}:${dev}:table/*`),
  ]);
  const timeline = new Timeline(world.now);
  const as = (side: "prod" | "dev", principal: string): CallContext => ({
    side,
    timeline,
    principal,
  });
  const prodCtx = as("prod", a.backupMachineRole);
  const importCtx = as("dev", a.importRole);
  const devCtx = as("dev", a.restoreMachineRole);
  const call = <T = Record<string, never>>(ctx: CallContext, action: string, p: object) =>
    callAws(world, ctx, "dynamodb", action, p as Record<string, unknown>) as Promise<T>;
  const exportParams = (overrides: object = {}) => ({
    TableArn: a.table(prod, "Orders"),
    S3Bucket: bucket,
    S3BucketOwner: prod,
    S3Prefix: PREFIX,
    ExportFormat: "DYNAMODB_JSON",
    S3SseAlgorithm: "KMS",
    S3SseKmsKeyId: a.exportKeyAlias,
    ClientToken: "export-1",
    ExportType: "FULL_EXPORT",
    ...overrides,
  });
  const importParams = (S3KeyPrefix: string, TableName = "dev-2.Orders", extra: object = {}) => ({
    ClientToken: "import-1",
    S3BucketSource: { S3Bucket: bucket, S3BucketOwner: prod, S3KeyPrefix },
    InputFormat: "DYNAMODB_JSON",
    InputCompressionType: "GZIP",
    TableCreationParameters: { TableName, ...CREATION, ...extra },
  });
  const putOrder = (pk: string, at = timeline.now) =>
    world.accounts.prod.dynamodb.putItem(at, {
      TableName: "Orders",
      Item: { pk: { S: pk }, sk: { S: "order" }, total: { N: "12" } },
    });
  return {
    world,
    a,
    timeline,
    prodCtx,
    importCtx,
    devCtx,
    call,
    exportParams,
    importParams,
    putOrder,
  };
}

type Export = { ExportDescription: Record<string, unknown> & { ExportArn: string } };
type Import = { ImportTableDescription: Record<string, unknown> & { ImportArn: string } };

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to be refused");
}

/** Exports Orders and waits for it: returns the export and the prefix of its data files. */
async function exported(s: ReturnType<typeof setup>) {
  const started = await s.call<Export>(s.prodCtx, "exportTableToPointInTime", s.exportParams());
  s.timeline.advance(jobSeconds("export", 2.5));
  const done = await s.call<Export>(s.prodCtx, "describeExport", {
    ExportArn: started.ExportDescription.ExportArn,
  });
  const id = started.ExportDescription.ExportArn.split("/")[3];
  return { started, done, dataPrefix: `${PREFIX}/AWSDynamoDB/${id}/data/` };
}

describe("the rehearsal's DynamoDB export to S3 and import from S3", () => {
  it("exports the items of the export time and imports them into a new dev table", async () => {
    const s = setup();
    s.putOrder("o#1");
    s.putOrder("o#2");
    // Written later in simulated time, as by an execution running ahead: not in the export.
    s.putOrder("o#3-after-the-export-time", s.timeline.now + 1);
    const started = await s.call<Export>(s.prodCtx, "exportTableToPointInTime", s.exportParams());
    expect(started.ExportDescription.ExportArn).to.match(
      /^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/Orders\/export\/\d{14}-[0-9a-f]{8}$/,
    );
    expect(started.ExportDescription.ExportStatus).to.equal("IN_PROGRESS");
    s.timeline.advance(jobSeconds("export", 2.5));
    const done = await s.call<Export>(s.prodCtx, "describeExport", {
      ExportArn: started.ExportDescription.ExportArn,
    });
    const id = started.ExportDescription.ExportArn.split("/")[3];
    expect(done.ExportDescription).to.include({
      ExportStatus: "COMPLETED",
      ExportManifest: `${PREFIX}/AWSDynamoDB/${id}/manifest-summary.json`,
      ItemCount: 2_500_000,
      BilledSizeBytes: 2_500_000_000,
    });
    const bucket = s.world.bucket(exportBucketName(s.world.model))!;
    expect([...bucket.objects.keys()].filter((k) => k.includes("/data/"))).to.have.length(3);

    const dataPrefix = `${PREFIX}/AWSDynamoDB/${id}/data/`;
    const target = "dev-2.Orders";
    const imported = await s.call<Import>(s.importCtx, "importTable", s.importParams(dataPrefix));
    expect(imported.ImportTableDescription.ImportStatus).to.equal("IN_PROGRESS");
    const creating = s.world.accounts.dev.dynamodb.describeTable(s.timeline.now, target);
    expect(creating.Table.TableStatus).to.equal("CREATING");
    expect(creating.Table.LocalSecondaryIndexes).to.deep.equal([]);
    s.timeline.advance(jobSeconds("import", 2.5));
    const finished = await s.call<Import>(s.devCtx, "describeImport", {
      ImportArn: imported.ImportTableDescription.ImportArn,
    });
    expect(finished.ImportTableDescription).to.include({
      ImportStatus: "COMPLETED",
      ImportedItemCount: 2_500_000,
      ErrorCount: 0,
    });
    const dev = s.world.accounts.dev.dynamodb;
    expect(dev.describeTable(s.timeline.now, target).Table.TableStatus).to.equal("ACTIVE");
    const keys = dev.items
      .get(target)!
      .all(s.timeline.now)
      .map((i) => i.pk?.S);
    expect(keys.sort()).to.deep.equal(["o#1", "o#2"]);
    expect(s.world.callsTo("dev", "dynamodb:importTable")[0]!.authorized).to.equal(true);
  });

  it("refuses to export without point-in-time recovery, until it is turned on", async () => {
    const s = setup();
    s.world.pointInTimeRecovery("Orders", false);
    const error = await refusal(s.call(s.prodCtx, "exportTableToPointInTime", s.exportParams()));
    expect(error.name).to.equal("DynamoDb.PointInTimeRecoveryUnavailableException");
    type Backups = {
      ContinuousBackupsDescription: {
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: string };
      };
    };
    const status = async () =>
      (await s.call<Backups>(s.prodCtx, "describeContinuousBackups", { TableName: "Orders" }))
        .ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus;
    expect(await status()).to.equal("DISABLED");
    await s.call(s.prodCtx, "updateContinuousBackups", {
      TableName: "Orders",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(await status()).to.equal("ENABLED");
    const started = await s.call<Export>(s.prodCtx, "exportTableToPointInTime", s.exportParams());
    expect(started.ExportDescription.ExportStatus).to.equal("IN_PROGRESS");
  });

  it("keeps point-in-time recovery off on backup tables, and knows no unknown table", async () => {
    const s = setup();
    expect(s.world.accounts.prod.dynamodb.tables.get("Users")!.pitr).to.equal(false);
    const error = await refusal(
      s.call(s.prodCtx, "describeContinuousBackups", { TableName: "Nope" }),
    );
    expect(error.name).to.equal("DynamoDb.TableNotFoundException");
  });

  it("repeats an export for its ClientToken, and refuses the token with other parameters", async () => {
    const s = setup();
    const first = await s.call<Export>(s.prodCtx, "exportTableToPointInTime", s.exportParams());
    const again = await s.call<Export>(s.prodCtx, "exportTableToPointInTime", s.exportParams());
    expect(again.ExportDescription.ExportArn).to.equal(first.ExportDescription.ExportArn);
    const error = await refusal(
      s.call(s.prodCtx, "exportTableToPointInTime", s.exportParams({ S3Prefix: "exports/x" })),
    );
    expect(error.name).to.equal("DynamoDb.ExportConflictException");
  });

  it("ends an export FAILED, writing nothing, when the test injects it", async () => {
    const s = setup();
    s.world.inject({
      kind: "job",
      job: "export",
      table: "Orders",
      state: "FAILED",
      code: "InternalError",
      message: "injected",
    });
    const { done } = await exported(s);
    expect(done.ExportDescription).to.include({
      ExportStatus: "FAILED",
      FailureCode: "InternalError",
      FailureMessage: "injected",
    });
    expect(s.world.bucket(exportBucketName(s.world.model))!.objects.size).to.equal(0);
  });

  it("ends an export FAILED when the key policy does not let the machine encrypt", async () => {
    const s = setup();
    s.world.accounts.prod.kms.add(NAMES.exportKeyAlias, { Version: "2012-10-17", Statement: [] });
    const { done } = await exported(s);
    expect(done.ExportDescription).to.include({
      ExportStatus: "FAILED",
      FailureCode: "KMSAccessDenied",
    });
    expect(done.ExportDescription.FailureMessage).to.include(s.a.backupMachineRole);
  });

  it("refuses local secondary indexes and undefined key attributes in TableCreationParameters", async () => {
    const s = setup();
    const lsi = await refusal(
      s.call(
        s.importCtx,
        "importTable",
        s.importParams("x/", "dev-2.Orders", { LocalSecondaryIndexes: [] }),
      ),
    );
    expect(lsi.name).to.equal("DynamoDb.DynamoDbException");
    expect(lsi.message).to.include("cannot create local secondary indexes");
    const keys = await refusal(
      s.call(
        s.importCtx,
        "importTable",
        s.importParams("x/", "dev-2.Orders", {
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        }),
      ),
    );
    expect(keys.message).to.include("not defined in AttributeDefinitions");
    expect(s.world.accounts.dev.dynamodb.tables.has("dev-2.Orders")).to.equal(false);
  });

  it("refuses to import into a table name that exists", async () => {
    const s = setup();
    s.world.seedDevTable("dev-2.Orders");
    const error = await refusal(s.call(s.importCtx, "importTable", s.importParams("x/")));
    expect(error.name).to.equal("DynamoDb.ResourceInUseException");
  });

  it("fails an import the bucket policy does not admit, and removes the table it began", async () => {
    const s = setup((model) => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: arns(model).role(model.accounts.dev, "someone-else") },
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: [arns(model).exportBucket, `${arns(model).exportBucket}/*`],
        },
      ],
    }));
    const { dataPrefix } = await exported(s);
    const started = await s.call<Import>(s.importCtx, "importTable", s.importParams(dataPrefix));
    expect(s.world.accounts.dev.dynamodb.tables.get("dev-2.Orders")?.status).to.equal("CREATING");
    s.timeline.advance(jobSeconds("import", 2.5));
    const done = await s.call<Import>(s.devCtx, "describeImport", {
      ImportArn: started.ImportTableDescription.ImportArn,
    });
    expect(done.ImportTableDescription).to.include({
      ImportStatus: "FAILED",
      FailureCode: "S3AccessDenied",
    });
    expect(done.ImportTableDescription.FailureMessage).to.include(s.a.importRole);
    s.world.accounts.dev.dynamodb.settle(s.timeline.now);
    expect(s.world.accounts.dev.dynamodb.tables.has("dev-2.Orders")).to.equal(false);
  });

  it("fails an import with nothing under its prefix, or an injected fault", async () => {
    const s = setup();
    const { dataPrefix } = await exported(s);
    const empty = await s.call<Import>(s.importCtx, "importTable", s.importParams("exports/none/"));
    s.world.inject({ kind: "job", job: "import", table: "Orders", state: "FAILED" });
    const faulted = await s.call<Import>(s.importCtx, "importTable", {
      ...s.importParams(dataPrefix, "dev-3.Orders"),
      ClientToken: "import-2",
    });
    s.timeline.advance(jobSeconds("import", 2.5));
    const describe = (i: Import) =>
      s.call<Import>(s.devCtx, "describeImport", { ImportArn: i.ImportTableDescription.ImportArn });
    expect((await describe(empty)).ImportTableDescription).to.include({
      ImportStatus: "FAILED",
      FailureCode: "S3NoSuchKey",
    });
    expect((await describe(faulted)).ImportTableDescription.ImportStatus).to.equal("FAILED");
    s.world.accounts.dev.dynamodb.settle(s.timeline.now);
    expect(s.world.accounts.dev.dynamodb.tables.has("dev-3.Orders")).to.equal(false);
  });

  it("knows no export or import it did not start", async () => {
    const s = setup();
    const table = s.a.table(s.world.model.accounts.prod, "Orders");
    const noExport = await refusal(
      s.call(s.prodCtx, "describeExport", {
        ExportArn: `${table}/export/00000000000000001-deadbeef`,
      }),
    );
    expect(noExport.name).to.equal("DynamoDb.ExportNotFoundException");
    const noImport = await refusal(
      s.call(s.devCtx, "describeImport", {
        ImportArn: `${s.a.table(s.world.model.accounts.dev, "Orders")}/import/00000000000000001-deadbeef`,
      }),
    );
    expect(noImport.name).to.equal("DynamoDb.ImportNotFoundException");
  });
});
