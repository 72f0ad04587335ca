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
import type { StackModel } from "../../config/model";
import type { CheckResult } from "../../doctor/check";
import { runDoctor } from "../../doctor/run-doctor";
import { captureIo } from "../helpers/io";
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
function healthyAccounts(stack: "prod" | "dev") {
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
  mocks.dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: "ACTIVE" } });
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
  const healthy = (stack: "prod" | "dev") => (mocks = healthyAccounts(stack));
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
