import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse, stringify } from "yaml";
import { loadConfig } from "../../config/load";
import { exportBucketName, NAMES, toModel, type StackModel } from "../../config/model";
import { DeployRefused } from "../../infra/point-in-time-recovery";
import { declareStack } from "../../infra/program";
import { renderPolicy } from "../../policies/document";
import { exportBucketPolicy, exportKeyPolicy } from "../../policies/resource-policies";
import { planStack } from "../../stack/plan";
import { editYaml, PROJECT_DIR, scratchProject } from "../helpers/project";
import {
  allRegistered,
  GET_TABLE,
  promiseOf,
  recordPulumi,
  type MockOptions,
  type RecordedResource,
} from "../helpers/pulumi-mocks";

const ofType = (recorded: RecordedResource[], type: string) =>
  recorded.filter((r) => r.type === type);

const creationParameters = {
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

/** Not the default (3): an expiry that merely copied the default would not pass. */
const DEV_RETENTION_DAYS = 5;

/** The real project, plus two `s3-export` tables (Events and Clicks) in its catalog. */
function projectWithExports(): string {
  const project = scratchProject();
  const catalogFile = path.join(project, "catalog.yaml");
  const catalog = parse(readFileSync(catalogFile, "utf8")) as { tables: unknown[] };
  for (const name of ["Events", "Clicks"]) {
    catalog.tables.push({
      name,
      method: "s3-export",
      sizeGb: 5,
      tableCreationParameters: creationParameters,
    });
  }
  writeFileSync(catalogFile, stringify(catalog));
  for (const stack of ["prod", "dev"]) {
    editYaml(
      path.join(project, `Pulumi.${stack}.yaml`),
      ["config", "datarefresh:devRetentionDays"],
      DEV_RETENTION_DAYS,
    );
  }
  return project;
}

const bothOn: MockOptions = {
  tables: { Events: { pointInTimeRecovery: true }, Clicks: { pointInTimeRecovery: true } },
};

async function declare(project: string, stack: string, options: MockOptions = bothOn) {
  const recording = recordPulumi(stack, options);
  const outputs = await declareStack(project, stack);
  await allRegistered();
  const model = toModel(loadConfig(project, stack));
  return { ...recording, outputs, model };
}

/** The rejection of `declareStack`, with what was recorded while it ran. */
async function refusal(project: string, options: MockOptions) {
  const recording = recordPulumi("prod", options);
  const error = await declareStack(project, "prod").then(
    () => expect.fail("declareStack should have refused the prod stack"),
    (e: unknown) => e,
  );
  // Let anything declared before the refusal reach the mocks.
  await allRegistered();
  return { ...recording, error: error as Error };
}

describe("the export bucket of s3-export tables (prod stack)", () => {
  let project: string;
  let prod: Awaited<ReturnType<typeof declare>>;
  let model: StackModel;
  before(async () => {
    project = projectWithExports();
    prod = await declare(project, "prod");
    model = prod.model;
  });

  const bucket = () => {
    const buckets = ofType(prod.resources, "aws:s3/bucket:Bucket");
    expect(buckets).to.have.length(1);
    return buckets[0]!;
  };
  const exportKey = () => {
    const key = ofType(prod.resources, "aws:kms/key:Key").find(
      (k) => k.name === "export-bucket-key",
    );
    expect(key, "the export key").to.not.equal(undefined);
    return key!;
  };

  it("names the bucket after the prod account and Region", () => {
    expect(bucket().inputs.bucket).to.equal(exportBucketName(model));
    expect(bucket().inputs.bucket).to.equal("datarefresh-exports-111111111111-eu-west-1");
  });

  it("blocks every kind of public access, and enforces bucket-owner object ownership", () => {
    const [block] = ofType(
      prod.resources,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    );
    expect(block!.inputs).to.deep.equal({
      bucket: `${bucket().name}-id`,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const [ownership] = ofType(
      prod.resources,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    );
    expect(ownership!.inputs).to.deep.equal({
      bucket: `${bucket().name}-id`,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
  });

  it("encrypts by default with its own KMS key, with an S3 bucket key", () => {
    const [encryption] = ofType(
      prod.resources,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    expect(encryption!.inputs.bucket).to.equal(`${bucket().name}-id`);
    expect(encryption!.inputs.rules).to.deep.equal([
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: `arn:mock:${exportKey().name}`,
        },
        bucketKeyEnabled: true,
      },
    ]);
  });

  it("expires the exports after devRetentionDays, and aborts incomplete uploads after a day", () => {
    const [lifecycle] = ofType(
      prod.resources,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    );
    expect(lifecycle!.inputs.bucket).to.equal(`${bucket().name}-id`);
    const rules = lifecycle!.inputs.rules as Record<string, unknown>[];
    const expiry = rules.find((r) => r.expiration !== undefined);
    expect(expiry).to.deep.include({
      status: "Enabled",
      filter: { prefix: "exports/" },
      expiration: { days: DEV_RETENTION_DAYS },
    });
    const abort = rules.find((r) => r.abortIncompleteMultipartUpload !== undefined);
    expect(abort).to.deep.include({
      status: "Enabled",
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    });
  });

  it("attaches the planned bucket policy to the bucket", () => {
    const [policy] = ofType(prod.resources, "aws:s3/bucketPolicy:BucketPolicy");
    expect(policy!.inputs.bucket).to.equal(`${bucket().name}-id`);
    expect(policy!.inputs.policy).to.equal(renderPolicy(exportBucketPolicy(model)));
  });

  it("gives the export key its planned policy, rotation and alias", () => {
    expect(exportKey().inputs.policy).to.equal(renderPolicy(exportKeyPolicy(model)));
    expect(exportKey().inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
    const aliases = ofType(prod.resources, "aws:kms/alias:Alias").map((a) => a.inputs.name);
    expect(aliases).to.include(NAMES.exportKeyAlias);
  });

  it("exports the bucket's name and the key's ARN", async () => {
    expect(await promiseOf(prod.outputs.exportBucketName!)).to.equal(exportBucketName(model));
    expect(await promiseOf(prod.outputs.exportKeyArn!)).to.equal(`arn:mock:${exportKey().name}`);
  });

  it("looks up the point-in-time recovery of the s3-export tables, and only theirs", () => {
    const looked = prod.invokes.filter((i) => i.token === GET_TABLE).map((i) => i.inputs.name);
    expect(looked.sort()).to.deep.equal(["Clicks", "Events"]);
  });

  it("declares in the dev stack the import role, as planned", async () => {
    const dev = await declare(project, "dev");
    const role = ofType(dev.resources, "aws:iam/role:Role").find(
      (r) => r.name === NAMES.importRole,
    );
    expect(role, NAMES.importRole).to.not.equal(undefined);
    const trust = planStack(dev.model).policies.find(
      (p) => p.kind === "trust" && p.attachedTo === NAMES.importRole,
    )!;
    expect(role!.inputs.assumeRolePolicy).to.equal(renderPolicy(trust.document));
    expect(ofType(dev.resources, "aws:s3/bucket:Bucket")).to.deep.equal([]);
    expect(dev.invokes.filter((i) => i.token === GET_TABLE)).to.deep.equal([]);
  });
});

describe("point-in-time recovery of s3-export tables (prod stack)", () => {
  let project: string;
  before(() => {
    project = projectWithExports();
  });

  it("refuses to deploy, declaring nothing, where a table has it off", async () => {
    const { resources, error } = await refusal(project, {
      tables: { Events: { pointInTimeRecovery: false }, Clicks: { pointInTimeRecovery: true } },
    });
    expect(error).to.be.instanceOf(DeployRefused);
    expect(error.message).to.include("Point-in-time recovery is off on Events (method: s3-export)");
    expect(error.message).to.not.include("Clicks");
    expect(error.message).to.include(
      "aws dynamodb update-continuous-backups --table-name Events --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
    );
    expect(error.message).to.include(
      "set `datarefresh:enablePointInTimeRecovery: true` in Pulumi.prod.yaml",
    );
    expect(resources).to.deep.equal([]);
  });

  it("names every table that has it off", async () => {
    const { error } = await refusal(project, {
      tables: { Events: { pointInTimeRecovery: false }, Clicks: { pointInTimeRecovery: false } },
    });
    expect(error.message).to.include("Point-in-time recovery is off on Events, Clicks");
    expect(error.message).to.include("--table-name Clicks");
  });

  it("refuses to deploy, declaring nothing, where a table is not there", async () => {
    const { resources, error } = await refusal(project, {
      tables: { Clicks: { pointInTimeRecovery: true } },
    });
    expect(error).to.be.instanceOf(DeployRefused);
    expect(error.message).to.include(
      "Table Events (method: s3-export in catalog.yaml) was not found in the prod account 111111111111 in eu-west-1",
    );
    expect(error.message).to.not.include("Clicks");
    expect(resources).to.deep.equal([]);
  });

  it("looks nothing up, and deploys, where enablePointInTimeRecovery is true", async () => {
    const enabled = projectWithExports();
    editYaml(
      path.join(enabled, "Pulumi.prod.yaml"),
      ["config", "datarefresh:enablePointInTimeRecovery"],
      true,
    );
    const { resources, invokes } = await declare(enabled, "prod", {
      tables: { Events: { pointInTimeRecovery: false } },
    });
    expect(invokes.filter((i) => i.token === GET_TABLE)).to.deep.equal([]);
    expect(ofType(resources, "aws:s3/bucket:Bucket")).to.have.length(1);
    expect(ofType(resources, "aws:sfn/stateMachine:StateMachine")).to.have.length.greaterThan(0);
  });
});

describe("a catalog without s3-export tables (the real prod stack)", () => {
  let prod: Awaited<ReturnType<typeof declare>>;
  before(async () => {
    // Every lookup would fail: none may be made.
    prod = await declare(PROJECT_DIR, "prod", { tables: {} });
  });

  it("has no s3-export table to begin with", () => {
    expect(prod.model.tables.filter((t) => t.method === "s3-export")).to.deep.equal([]);
  });

  it("declares no bucket and no key or alias for exports, and exports neither", () => {
    expect(prod.resources.filter((r) => r.type.startsWith("aws:s3/"))).to.deep.equal([]);
    const keys = ofType(prod.resources, "aws:kms/key:Key").map((k) => k.name);
    expect(keys).to.deep.equal(["prod-vault-key"]);
    const aliases = ofType(prod.resources, "aws:kms/alias:Alias").map((a) => a.inputs.name);
    expect(aliases).to.not.include(NAMES.exportKeyAlias);
    expect(prod.outputs).to.not.have.property("exportBucketName");
    expect(prod.outputs).to.not.have.property("exportKeyArn");
  });

  it("looks no table up", () => {
    expect(prod.invokes.filter((i) => i.token === GET_TABLE)).to.deep.equal([]);
  });
});
