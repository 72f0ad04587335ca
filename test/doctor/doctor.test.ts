import "../helpers/quiet-sdk";
import {
  BackupClient,
  DescribeBackupVaultCommand,
  DescribeGlobalSettingsCommand,
  DescribeRegionSettingsCommand,
} from "@aws-sdk/client-backup";
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  SFNServiceException,
} from "@aws-sdk/client-sfn";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { clientsFor } from "../../cli/doctor";
import { run } from "../../cli/main";
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import type { TableSpec } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import type { CheckResult } from "../../doctor/check";
import { runDoctor } from "../../doctor/run-doctor";
import { captureIo } from "../helpers/io";
import { describedAsCatalogued } from "../helpers/prod-tables";
import { s3ExportProject } from "../helpers/project";
import { models } from "../helpers/rehearsal";

const NOW = new Date("2026-11-26T10:00:00Z");
const PROD_KEY = "arn:aws:kms:eu-west-1:111111111111:key/prod-key";
const DEV_KEY = "arn:aws:kms:eu-west-1:222222222222:key/dev-key";

/** An AWS error as the SDK throws it. */
function awsError(name: string, message = `${name}: message`) {
  return new SFNServiceException({
    name,
    message,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/** Every client doctor uses, mocked with the answers of an account where all is in place. */
function healthyAccounts(stack: "prod" | "dev", catalogued: readonly TableSpec[]) {
  const account = stack === "prod" ? "111111111111" : "222222222222";
  const mocks = {
    sts: mockClient(STSClient),
    organizations: mockClient(OrganizationsClient),
    backup: mockClient(BackupClient),
    kms: mockClient(KMSClient),
    dynamodb: mockClient(DynamoDBClient),
    sfn: mockClient(SFNClient),
  };
  mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: account,
    Arn: `arn:aws:sts::${account}:assumed-role/admin/ana`,
  });
  mocks.organizations.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: "o-abc123", MasterAccountId: "999999999999" },
  });
  mocks.organizations.on(DescribeAccountCommand).resolves({ Account: { Name: "other" } });
  mocks.backup
    .on(DescribeGlobalSettingsCommand)
    .resolves({ GlobalSettings: { isCrossAccountBackupEnabled: "true" } });
  mocks.backup.on(DescribeRegionSettingsCommand).resolves({
    ResourceTypeOptInPreference: { DynamoDB: true, EFS: false },
    ResourceTypeManagementPreference: { DynamoDB: true },
  });
  mocks.backup
    .on(DescribeBackupVaultCommand)
    .resolves({ EncryptionKeyArn: stack === "prod" ? PROD_KEY : DEV_KEY });
  mocks.kms.on(DescribeKeyCommand).resolves({
    KeyMetadata: {
      KeyId: "k",
      Arn: stack === "prod" ? PROD_KEY : DEV_KEY,
      KeyState: "Enabled",
    },
  });
  mocks.dynamodb.on(DescribeTableCommand).callsFake(describedAsCatalogued(catalogued));
  mocks.dynamodb.on(DescribeContinuousBackupsCommand).resolves({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "ENABLED" },
    },
  });
  mocks.sfn.on(ListExecutionsCommand).resolves({
    executions: [
      {
        executionArn:
          "arn:aws:states:eu-west-1:111111111111:execution:datarefresh-backup-and-copy:run-2",
        stateMachineArn:
          "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-and-copy",
        name: "run-2",
        status: "SUCCEEDED",
        startDate: new Date("2026-11-26T03:00:00Z"),
        stopDate: new Date("2026-11-26T04:10:00Z"),
      },
    ],
  });
  return mocks;
}

type Mocks = ReturnType<typeof healthyAccounts>;

const statusOf = (results: CheckResult[], check: string) => results.find((r) => r.check === check);
const notOk = (results: CheckResult[]) => results.filter((r) => r.status !== "ok");

describe("doctor", () => {
  let mocks: Mocks | undefined;
  const doctor = (stack: "prod" | "dev", model: StackModel = models()[stack]) =>
    runDoctor({ model, clients: clientsFor("eu-west-1", undefined), now: NOW });
  const healthy = (stack: "prod" | "dev", tables = models()[stack].tables) =>
    (mocks = healthyAccounts(stack, tables));
  afterEach(() => {
    for (const m of Object.values(mocks ?? {})) m.restore();
    mocks = undefined;
  });

  it("finds everything in place in the prod account: every check ok", async () => {
    healthy("prod");
    const results = await doctor("prod");
    expect(notOk(results)).to.deep.equal([]);
    expect(results.map((r) => r.check)).to.deep.equal([
      "credentials",
      "one organization",
      "account 222222222222 in o-abc123",
      "cross-account backup",
      "advanced DynamoDB backup",
      "vault datarefresh-prod",
      "key alias/datarefresh-prod-backup",
      "catalog tables",
      "last daily run",
    ]);
  });

  it("finds everything in place in the dev account, with the dev side's checks", async () => {
    const m = healthy("dev");
    const results = await doctor("dev");
    expect(notOk(results)).to.deep.equal([]);
    expect(results.map((r) => r.check)).to.include.members([
      "vault datarefresh-dev",
      "key alias/datarefresh-dev-backup",
      "state table datarefresh-state",
    ]);
    expect(m.organizations.commandCalls(DescribeAccountCommand)[0]!.args[0].input).to.deep.equal({
      AccountId: "111111111111",
    });
  });

  /** [what is missing, stack, how to break a healthy account, the check, what it must say] */
  const MISSING: [string, "prod" | "dev", (m: Mocks) => void, string, RegExp][] = [
    [
      "credentials of the other account",
      "prod",
      (m) => m.sts.on(GetCallerIdentityCommand).resolves({ Account: "222222222222" }),
      "credentials",
      /for account 222222222222, but the prod stack is in 111111111111/,
    ],
    [
      "any credentials",
      "prod",
      (m) => {
        const error = new Error("Could not load credentials from any providers");
        error.name = "CredentialsProviderError";
        m.sts.on(GetCallerIdentityCommand).rejects(error);
      },
      "credentials",
      /no usable AWS credentials/,
    ],
    [
      "an organization",
      "prod",
      (m) =>
        m.organizations
          .on(DescribeOrganizationCommand)
          .rejects(awsError("AWSOrganizationsNotInUseException")),
      "one organization",
      /in no AWS Organization/,
    ],
    [
      "the other account in the organization",
      "prod",
      (m) =>
        m.organizations.on(DescribeAccountCommand).rejects(awsError("AccountNotFoundException")),
      "account 222222222222 in o-abc123",
      /account 222222222222 is not in organization o-abc123/,
    ],
    [
      "cross-account backup",
      "dev",
      (m) =>
        m.backup
          .on(DescribeGlobalSettingsCommand)
          .resolves({ GlobalSettings: { isCrossAccountBackupEnabled: "false" } }),
      "cross-account backup",
      /isCrossAccountBackupEnabled is false/,
    ],
    [
      "advanced DynamoDB backup",
      "prod",
      (m) =>
        m.backup.on(DescribeRegionSettingsCommand).resolves({
          ResourceTypeOptInPreference: { DynamoDB: true },
          ResourceTypeManagementPreference: { DynamoDB: false },
        }),
      "advanced DynamoDB backup",
      /DynamoDB is off in ResourceTypeManagementPreference \(eu-west-1\)/,
    ],
    [
      "the vault",
      "prod",
      (m) => m.backup.on(DescribeBackupVaultCommand).rejects(awsError("ResourceNotFoundException")),
      "vault datarefresh-prod",
      /no such backup vault/,
    ],
    [
      "the key, pending deletion",
      "dev",
      (m) =>
        m.kms.on(DescribeKeyCommand).resolves({
          KeyMetadata: { KeyId: "k", Arn: DEV_KEY, KeyState: "PendingDeletion" },
        }),
      "key alias/datarefresh-dev-backup",
      /the key is PendingDeletion/,
    ],
    [
      "the key's alias",
      "dev",
      (m) => m.kms.on(DescribeKeyCommand).rejects(awsError("NotFoundException")),
      "key alias/datarefresh-dev-backup",
      /no such key alias/,
    ],
    [
      "the vault's own key",
      "prod",
      (m) =>
        m.backup
          .on(DescribeBackupVaultCommand)
          .resolves({ EncryptionKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/other" }),
      "vault datarefresh-prod",
      /encrypted with arn:aws:kms:eu-west-1:111111111111:key\/other, not with alias\/datarefresh-prod-backup/,
    ],
    [
      "a catalogued prod table",
      "prod",
      (m) =>
        m.dynamodb
          .on(DescribeTableCommand, { TableName: "Users" })
          .rejects(awsError("ResourceNotFoundException")),
      "table Users",
      /not in account 111111111111 \(eu-west-1\)/,
    ],
    [
      "the state table",
      "dev",
      (m) =>
        m.dynamodb
          .on(DescribeTableCommand, { TableName: "datarefresh-state" })
          .rejects(awsError("ResourceNotFoundException")),
      "state table datarefresh-state",
      /no such table/,
    ],
    [
      "a daily run at all",
      "prod",
      (m) => m.sfn.on(ListExecutionsCommand).resolves({ executions: [] }),
      "last daily run",
      /no daily run yet/,
    ],
    [
      "a successful last daily run",
      "prod",
      (m) => {
        m.sfn.on(ListExecutionsCommand).resolves({
          executions: [
            {
              executionArn:
                "arn:aws:states:eu-west-1:111111111111:execution:datarefresh-backup-and-copy:run-3",
              stateMachineArn: "x",
              name: "run-3",
              status: "FAILED",
              startDate: new Date("2026-11-26T03:00:00Z"),
              stopDate: new Date("2026-11-26T03:20:00Z"),
            },
          ],
        });
        m.sfn
          .on(DescribeExecutionCommand)
          .resolves({ error: "TablesFailed", cause: '[{"table":"Users","error":"CopyFailed"}]' });
      },
      "last daily run",
      /run-3 FAILED at 2026-11-26T03:20:00\.000Z: TablesFailed \[\{"table":"Users","error":"CopyFailed"\}\]/,
    ],
    [
      "a recent enough daily run",
      "prod",
      (m) =>
        m.sfn.on(ListExecutionsCommand).resolves({
          executions: [
            {
              executionArn:
                "arn:aws:states:eu-west-1:111111111111:execution:datarefresh-backup-and-copy:run-1",
              stateMachineArn: "x",
              name: "run-1",
              status: "SUCCEEDED",
              startDate: new Date("2026-11-23T03:00:00Z"),
              stopDate: new Date("2026-11-23T04:00:00Z"),
            },
          ],
        }),
      "last daily run",
      /78 hours ago: refreshes refuse copies older than 48 hours/,
    ],
    [
      "the backup machine",
      "prod",
      (m) => m.sfn.on(ListExecutionsCommand).rejects(awsError("StateMachineDoesNotExist")),
      "last daily run",
      /no state machine datarefresh-backup-and-copy/,
    ],
  ];
  for (const [what, stack, breakIt, check, detail] of MISSING) {
    it(`reports missing ${what} (${stack}), with what to do`, async () => {
      breakIt(healthy(stack));
      const results = await doctor(stack);
      const found = statusOf(results, check);
      expect(found, JSON.stringify(results)).to.not.equal(undefined);
      expect(found!.status).to.equal("missing");
      expect(found!.detail).to.match(detail);
      expect(found!.fix).to.be.a("string").and.not.equal("");
      expect(notOk(results).map((r) => r.check)).to.deep.equal([check]);
    });
  }

  it("reports PITR off on an s3-export table (the method doctor checks PITR for)", async () => {
    const m = healthy("prod");
    m.dynamodb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
      },
    });
    const prod = models().prod;
    const tables = prod.tables.map((t) =>
      t.name === "Sessions" ? { ...t, method: "s3-export" as unknown as "backup" } : t,
    );
    const results = await doctor("prod", { ...prod, tables });
    expect(notOk(results)).to.deep.include({
      check: "table Sessions",
      status: "missing",
      detail: "point-in-time recovery is DISABLED; method s3-export needs it",
      fix: "aws dynamodb update-continuous-backups --table-name Sessions --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
    });
    expect(m.dynamodb.commandCalls(DescribeContinuousBackupsCommand)).to.have.length(1);
  });

  it("says what it could not check with these credentials, without calling it missing", async () => {
    const m = healthy("prod");
    m.organizations.on(DescribeAccountCommand).rejects(awsError("AccessDeniedException"));
    m.backup.on(DescribeGlobalSettingsCommand).rejects(awsError("AccessDeniedException"));
    const results = await doctor("prod");
    expect(notOk(results).map((r) => [r.check, r.status])).to.deep.equal([
      ["account 222222222222 in o-abc123", "unknown"],
      ["cross-account backup", "unknown"],
    ]);
    expect(statusOf(results, "account 222222222222 in o-abc123")!.fix).to.match(
      /run "aws organizations describe-organization" in account 222222222222: it must say o-abc123/,
    );
  });

  it("stops after the credentials when they are another account's", async () => {
    const m = healthy("dev");
    m.sts.on(GetCallerIdentityCommand).resolves({ Account: "111111111111" });
    const results = await doctor("dev");
    expect(results.map((r) => r.check)).to.deep.equal(["credentials"]);
    expect(m.backup.calls()).to.have.length(0);
  });

  describe("drift between the catalog and prod", () => {
    const { prod: withEvents } = models({}, s3ExportProject());
    /** The prod model with Events renamed (a name with dots) and changed as a test needs it. */
    const catalog = (change: (events: TableSpec) => TableSpec = (e) => e): StackModel => ({
      ...withEvents,
      tables: withEvents.tables.map((t) =>
        t.name === "Events" ? change({ ...t, name: "Events.v2" }) : t,
      ),
    });
    /** A healthy prod account whose table `name` DescribeTable shows changed by `change`. */
    function prodWith(model: StackModel, name: string, change: (t: TableDescription) => void) {
      const m = healthy("prod", model.tables);
      const described = describedAsCatalogued(model.tables)({ TableName: name });
      change(described.Table!);
      m.dynamodb.on(DescribeTableCommand, { TableName: name }).resolves(described);
      return m;
    }
    const EXTRA_INDEX = {
      IndexName: "byExtra",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }],
      Projection: { ProjectionType: "ALL" as const },
      ProvisionedThroughput: { ReadCapacityUnits: 77, WriteCapacityUnits: 77 },
    };

    it("finds nothing where every table is as catalogued, both methods, a name with dots", async () => {
      const model = catalog();
      healthy("prod", model.tables);
      const results = await doctor("prod", model);
      expect(notOk(results)).to.deep.equal([]);
      expect(statusOf(results, "catalog tables")!.detail).to.equal("all 4 exist as catalogued");
    });

    it("names each difference of an s3-export table's schema, and the command that mends the entry", async () => {
      const model = catalog();
      prodWith(model, "Events.v2", (t) => {
        t.KeySchema = [{ AttributeName: "pk", KeyType: "HASH" }];
        t.GlobalSecondaryIndexes!.push({ ...EXTRA_INDEX, IndexName: "byUser" });
      });
      expect(notOk(await doctor("prod", model))).to.deep.equal([
        {
          check: "table Events.v2: schema",
          status: "missing",
          detail:
            "prod differs from its tableCreationParameters: KeySchema: prod [pk HASH], catalog [pk HASH, sk RANGE]; index byUser: prod [pk HASH] ALL, catalog none; the daily run fails it with SchemaDrift",
          fix: "npx datarefresh catalog import --tables Events.v2 --out catalog.yaml, then pulumi up --stack prod and --stack dev",
        },
      ]);
    });

    it("names a local secondary index on an s3-export table, and that it must be copied by backup", async () => {
      const model = catalog();
      prodWith(model, "Events.v2", (t) => {
        t.LocalSecondaryIndexes = [{ IndexName: "byTime" }];
      });
      expect(notOk(await doctor("prod", model))).to.deep.equal([
        {
          check: "table Events.v2: local secondary indexes",
          status: "missing",
          detail:
            "local secondary indexes in prod: byTime (an import cannot create them); the daily run fails it with SchemaDrift",
          fix: "copy it with method: backup (npx datarefresh catalog import --tables Events.v2 --out catalog.yaml switches it), then pulumi up --stack prod and --stack dev",
        },
      ]);
    });

    it("notes a backup table whose local secondary indexes are not those the catalog lists", async () => {
      const model = catalog();
      prodWith(model, "Following", (t) => {
        t.LocalSecondaryIndexes = [{ IndexName: "byCreatedAt" }, { IndexName: "byScore" }];
      });
      const results = await doctor("prod", model);
      expect(notOk(results)).to.deep.equal([
        {
          check: "table Following: local secondary indexes",
          status: "note",
          detail: "the catalog lists byCreatedAt; prod has byCreatedAt, byScore",
          fix: "npx datarefresh catalog import --tables Following --out catalog.yaml (cost and the method's rules read the list)",
        },
      ]);
      expect(statusOf(results, "catalog tables")!.status).to.equal("ok");
    });

    it("names an index the dev capacity sizes that prod does not have: a refresh would fail on it", async () => {
      const model = catalog();
      prodWith(model, "Following", (t) => {
        t.GlobalSecondaryIndexes = [];
      });
      expect(notOk(await doctor("prod", model))).to.deep.equal([
        {
          check: "table Following: dev index byFollower",
          status: "missing",
          detail:
            "dev.billing.indexes sizes byFollower, which prod's table does not have: a refresh fails sizing it",
          fix: "take byFollower out of dev.billing.indexes in catalog.yaml, then pulumi up --stack dev",
        },
      ]);
    });

    it("notes indexes of a provisioned dev copy that the catalog does not size, and the capacity a refresh leaves them at", async () => {
      const model = catalog();
      prodWith(model, "Following", (t) => t.GlobalSecondaryIndexes!.push(EXTRA_INDEX));
      expect(notOk(await doctor("prod", model))[0]).to.deep.include({
        check: "table Following: dev indexes",
        status: "note",
        detail:
          "dev.billing.indexes does not size byExtra: a refresh leaves it at the copy's capacity, prod's (byExtra read 77, write 77)",
      });
      prodWith(model, "Following", (t) => {
        t.GlobalSecondaryIndexes!.push(EXTRA_INDEX);
        t.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST" };
      });
      expect(notOk(await doctor("prod", model))[0]!.detail).to.equal(
        "dev.billing.indexes does not size byExtra: a refresh gives it the table's capacity (read 5, write 5)",
      );
      const provisionedEvents = catalog((e) => ({
        ...e,
        dev: { ...e.dev, billing: { mode: "PROVISIONED", read: 3, write: 4, indexes: {} } },
      }));
      prodWith(provisionedEvents, "Events.v2", () => {});
      expect(notOk(await doctor("prod", provisionedEvents))).to.deep.equal([
        {
          check: "table Events.v2: dev indexes",
          status: "note",
          detail:
            "dev.billing.indexes does not size byKind: a refresh gives it the table's capacity (read 3, write 4)",
          fix: "size it under dev.billing.indexes in catalog.yaml if that is not what dev needs",
        },
      ]);
    });
  });

  describe("datarefresh doctor", () => {
    it("exits 0 when all is in place, listing each check", async () => {
      healthy("prod");
      const io = captureIo();
      const code = await run(["doctor", "--stack", "prod"], io, { now: () => NOW });
      expect(code, io.stderr).to.equal(0);
      expect(io.stdout).to.match(
        /^doctor prod \(account 111111111111, eu-west-1\):\n {2}ok {7}credentials: account 111111111111/,
      );
      expect(io.stdout).to.match(
        /\n9 ok, 0 missing, 0 could not be checked \(not counted as missing\)\n$/,
      );
    });

    it("exits 0 with notes only, printing each with what to consider", async () => {
      const described = describedAsCatalogued(models().prod.tables)({ TableName: "Following" });
      described.Table!.LocalSecondaryIndexes = [];
      healthy("prod")
        .dynamodb.on(DescribeTableCommand, { TableName: "Following" })
        .resolves(described);
      const io = captureIo();
      const code = await run(["doctor", "--stack", "prod"], io, { now: () => NOW });
      expect(code, io.stdout).to.equal(0);
      expect(io.stdout).to.include(
        [
          "  note     table Following: local secondary indexes: the catalog lists byCreatedAt; prod has none",
          "           to consider: npx datarefresh catalog import --tables Following --out catalog.yaml (cost and the method's rules read the list)",
        ].join("\n"),
      );
      expect(io.stdout).to.match(
        /\n9 ok, 0 missing, 0 could not be checked \(not counted as missing\), 1 to consider\n$/,
      );
    });

    it("exits 1 when something is missing, saying what to do", async () => {
      healthy("dev")
        .backup.on(DescribeGlobalSettingsCommand)
        .resolves({ GlobalSettings: { isCrossAccountBackupEnabled: "false" } });
      const io = captureIo();
      const code = await run(["doctor", "--stack", "dev", "--profile", "dev"], io, {
        now: () => NOW,
      });
      expect(code).to.equal(1);
      expect(io.stdout).to.include(
        "  MISSING  cross-account backup: isCrossAccountBackupEnabled is false",
      );
      expect(io.stdout).to.include(
        "           to do: in the organization's management account: aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true",
      );
    });

    it("prints JSON with --json, and exits 2 without --stack", async () => {
      healthy("prod");
      const io = captureIo();
      expect(await run(["doctor", "--stack", "prod", "--json"], io, { now: () => NOW })).to.equal(
        0,
      );
      expect(JSON.parse(io.stdout)).to.have.length(9);
      expect(await run(["doctor"], captureIo())).to.equal(2);
    });
  });
});
