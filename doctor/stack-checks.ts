import { DescribeBackupVaultCommand } from "@aws-sdk/client-backup";
import { DescribeContinuousBackupsCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { DescribeExecutionCommand, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { mapLimited } from "../catalog/map-limited";
import { arns, NAMES } from "../config/model";
import { attempt, type CheckResult, type DoctorContext, isResult, missing, ok } from "./check";
import { tableDrift } from "./drift";

const deploy = (ctx: DoctorContext) =>
  `deploy the ${ctx.model.stack} stack: pulumi up --stack ${ctx.model.stack}`;

/** The stack's vault, and the customer managed key it is encrypted with, enabled. */
export async function checkVaultAndKey(ctx: DoctorContext): Promise<CheckResult[]> {
  const prod = ctx.model.stack === "prod";
  const vaultName = prod ? NAMES.prodVault : NAMES.devVault;
  const alias = prod ? NAMES.prodKeyAlias : NAMES.devKeyAlias;
  const vaultCheck = `vault ${vaultName}`;
  const keyCheck = `key ${alias}`;
  const vault = await attempt(
    vaultCheck,
    () => ctx.clients.backup.send(new DescribeBackupVaultCommand({ BackupVaultName: vaultName })),
    { ResourceNotFoundException: () => missing(vaultCheck, "no such backup vault", deploy(ctx)) },
  );
  const key = await attempt(
    keyCheck,
    () => ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: alias })),
    { NotFoundException: () => missing(keyCheck, "no such key alias", deploy(ctx)) },
  );
  const results: CheckResult[] = [];
  if (isResult(key)) results.push(key);
  else {
    const state = key.KeyMetadata?.KeyState;
    results.push(
      state === "Enabled"
        ? ok(keyCheck, `${key.KeyMetadata?.Arn} is enabled`)
        : missing(
            keyCheck,
            `the key is ${state}`,
            state === "PendingDeletion"
              ? `aws kms cancel-key-deletion --key-id ${key.KeyMetadata?.KeyId}, then enable it`
              : `aws kms enable-key --key-id ${key.KeyMetadata?.KeyId}`,
          ),
    );
  }
  if (isResult(vault)) results.unshift(vault);
  else {
    const keyArn = isResult(key) ? undefined : key.KeyMetadata?.Arn;
    results.unshift(
      keyArn === undefined || vault.EncryptionKeyArn === keyArn
        ? ok(vaultCheck, `encrypted with ${vault.EncryptionKeyArn}`)
        : missing(
            vaultCheck,
            `encrypted with ${vault.EncryptionKeyArn}, not with ${alias} (${keyArn})`,
            "a vault's key cannot change: let pulumi up replace the vault, or point the alias back",
          ),
    );
  }
  return results;
}

/** At most this many DescribeTable calls at once. */
const CONCURRENCY = 8;

/** Methods whose export reads the table at a point in time: they need PITR on the prod table. */
const NEEDS_PITR = new Set(["s3-export"]);

/**
 * Every catalogued table exists in the prod account and Region (and has PITR where its method
 * needs it), and is as its catalog entry says (`drift.ts`).
 */
export async function checkProdTables(ctx: DoctorContext): Promise<CheckResult[]> {
  const perTable = await mapLimited(ctx.model.tables, CONCURRENCY, async (table) => {
    const check = `table ${table.name}`;
    const described = await attempt(
      check,
      () => ctx.clients.dynamodb.send(new DescribeTableCommand({ TableName: table.name })),
      {
        ResourceNotFoundException: () =>
          missing(
            check,
            `not in account ${ctx.model.accounts.prod} (${ctx.model.region})`,
            "create it, or take it out of the catalog",
          ),
      },
    );
    if (isResult(described)) return [described];
    const drift = tableDrift(ctx.model, table, described.Table ?? {});
    if (!NEEDS_PITR.has(table.method as string))
      return [ok(check, `${described.Table?.TableStatus}`), ...drift];
    const backups = await attempt(check, () =>
      ctx.clients.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: table.name })),
    );
    if (isResult(backups)) return [backups, ...drift];
    const pitr =
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
        ?.PointInTimeRecoveryStatus;
    const found =
      pitr === "ENABLED"
        ? ok(check, `${described.Table?.TableStatus}, point-in-time recovery on`)
        : missing(
            check,
            `point-in-time recovery is ${pitr ?? "off"}; method ${table.method} needs it`,
            `aws dynamodb update-continuous-backups --table-name ${table.name} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
          );
    return [found, ...drift];
  });
  const results = perTable.flat();
  const notOk = results.filter((r) => r.status !== "ok");
  if (notOk.some((r) => r.status !== "note")) return notOk;
  return [
    ...notOk,
    ok(
      "catalog tables",
      `all ${perTable.length} exist as catalogued${perTable.length > 0 ? "" : " (the catalog is empty)"}`,
    ),
  ];
}

/** The dev side's state table, where the daily run records each copy. */
export async function checkStateTable(ctx: DoctorContext): Promise<CheckResult> {
  const check = `state table ${NAMES.stateTable}`;
  const described = await attempt(
    check,
    () => ctx.clients.dynamodb.send(new DescribeTableCommand({ TableName: NAMES.stateTable })),
    { ResourceNotFoundException: () => missing(check, "no such table", deploy(ctx)) },
  );
  return isResult(described) ? described : ok(check, `${described.Table?.TableStatus}`);
}

/** The newest daily run that ended: it must have succeeded, recently enough for a refresh. */
export async function checkLastDailyRun(ctx: DoctorContext): Promise<CheckResult> {
  const check = "last daily run";
  const machine = arns(ctx.model).backupMachine;
  const start = `aws stepfunctions start-execution --state-machine-arn ${machine}`;
  const listed = await attempt(
    check,
    () =>
      ctx.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 20 })),
    {
      StateMachineDoesNotExist: () =>
        missing(check, `no state machine ${NAMES.backupMachine}`, deploy(ctx)),
    },
  );
  if (isResult(listed)) return listed;
  const ended = (listed.executions ?? []).find((e) => e.status !== "RUNNING");
  if (ended === undefined) {
    return missing(
      check,
      (listed.executions ?? []).length > 0
        ? "the first daily run is still running"
        : "no daily run yet",
      `wait for the schedule (${ctx.model.settings.schedule}), or start one: ${start}`,
    );
  }
  const when = ended.stopDate?.toISOString() ?? "?";
  if (ended.status !== "SUCCEEDED") {
    const described = await attempt(check, () =>
      ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn: ended.executionArn! })),
    );
    const why = isResult(described)
      ? ""
      : `: ${described.error ?? ""} ${described.cause ?? ""}`.trimEnd();
    return missing(
      check,
      `${ended.name} ${ended.status} at ${when}${why}`,
      `read the error in docs/setup.md (section 4), fix it, then: ${start}`,
    );
  }
  const ageHours = (ctx.now.getTime() - (ended.stopDate?.getTime() ?? 0)) / 3_600_000;
  const maxAge = ctx.model.settings.maxCopyAgeHours;
  if (ageHours > maxAge) {
    return missing(
      check,
      `${ended.name} SUCCEEDED at ${when}, ${Math.floor(ageHours)} hours ago: refreshes refuse copies older than ${maxAge} hours`,
      `is the schedule (${ctx.model.settings.schedule}) still on? Start one: ${start}`,
    );
  }
  return ok(check, `${ended.name} SUCCEEDED at ${when}`);
}
