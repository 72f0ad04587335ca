import { s3ExportTableNames } from "../config/catalog";
import { arns, NAMES, type StackModel } from "../config/model";
import type { ConditionalScope, ResourceScopes } from "./identity";

/** The rule Step Functions manages in an account to follow `.sync` child executions. */
function managedRule(model: StackModel, account: string): string {
  return `arn:${model.partition}:events:${model.region}:${account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
}

/**
 * What `parent` needs, in `account`, to run each table in a child execution of its Map Run
 * (executions of itself), which starts `child` with `startExecution.sync:2`. As AWS's example for
 * a Distributed Map (iam-policies-eg-dist-map.html), it may describe `execution:<parent>:*`; it
 * follows and may stop its Map Run's children and the per-table executions.
 */
function nestedExecutionScopes(
  model: StackModel,
  account: string,
  parent: string,
  child: string,
): ResourceScopes {
  const a = arns(model);
  const rule = managedRule(model, account);
  const followed = [a.executionsOf(account, child), a.mapRunExecutionsOf(account, parent)];
  return {
    "states:StartExecution": [a.machine(account, child), a.machine(account, parent)],
    "states:DescribeExecution": [...followed, a.executionsOf(account, parent)],
    "states:StopExecution": followed,
    "events:PutTargets": [rule],
    "events:PutRule": [rule],
    "events:DescribeRule": [rule],
  };
}

/**
 * Where the production machines' calls may act. Job IDs are not known in advance and AWS Backup's
 * Describe calls take no resource-level scope, hence their wildcard.
 */
export function prodMachineScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  return {
    ...nestedExecutionScopes(
      model,
      model.accounts.prod,
      NAMES.backupMachine,
      NAMES.backupTableMachine,
    ),
    "backup:StartBackupJob": [a.prodVault],
    "backup:DescribeBackupJob": ["*"],
    "backup:StartCopyJob": [a.recoveryPoints(model.accounts.prod)],
    "backup:DescribeCopyJob": ["*"],
    "sts:AssumeRole": [a.copyRecorderRole],
    // The daily run tells the prod stack's run topic how it ended.
    "sns:Publish": [a.prodTopic],
    ...exportScopes(model),
  };
}

/**
 * A prod key, used through S3 as the export bucket's objects are. Key IDs are not known before
 * deployment: with `byExportAlias`, only the key whose alias is the export key's
 * (`kms:ResourceAliases`), for callers in the key's own account.
 */
function prodKeyThroughS3(model: StackModel, byExportAlias: boolean): ConditionalScope {
  return {
    resources: [arns(model).keysOf(model.accounts.prod)],
    condition: {
      StringEquals: { "kms:ViaService": `s3.${model.region}.amazonaws.com` },
      ...(byExportAlias
        ? { "ForAnyValue:StringEquals": { "kms:ResourceAliases": NAMES.exportKeyAlias } }
        : {}),
    },
  };
}

/**
 * The `s3-export` tables' exports: those tables, named (the policy's size grows with their
 * number; planStack refuses a policy IAM would), the export bucket's prefix and the export key.
 */
function exportScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  const prod = model.accounts.prod;
  const tables = s3ExportTableNames(model.tables).map((t) => a.table(prod, t));
  return {
    // The schema check before each export (asl/machines/schema-drift.ts).
    "dynamodb:DescribeTable": tables,
    "dynamodb:DescribeContinuousBackups": tables,
    "dynamodb:ExportTableToPointInTime": tables,
    // Present only where the stack may turn PITR on: the one change it makes to a prod table.
    "dynamodb:UpdateContinuousBackups": tables,
    // Exports of a table are named after it; the table's own action already decided who exports.
    "dynamodb:DescribeExport": [a.exportsOf(prod, "*")],
    "s3:PutObject": [a.exportObjects],
    "s3:AbortMultipartUpload": [a.exportObjects],
    "s3:PutObjectAcl": [a.exportObjects],
    // The export key only, by its alias (the machines' own account).
    "kms:GenerateDataKey": prodKeyThroughS3(model, true),
    "kms:Decrypt": prodKeyThroughS3(model, true),
  };
}

/** `table/<environment>-*` for every configured environment: all a refresh may change. */
export function environmentTables(model: StackModel): string[] {
  const a = arns(model);
  return model.settings.environments.map((env) => a.table(model.accounts.dev, `${env}-*`));
}

/** Where the development machines' calls may act. */
export function devMachineScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  const nested = nestedExecutionScopes(
    model,
    model.accounts.dev,
    NAMES.restoreMachine,
    NAMES.restoreTableMachine,
  );
  const devTables = environmentTables(model);
  return {
    // Describing the restore machine's own executions also lets the lock ask whether the refresh
    // holding it still runs.
    ...nested,
    "dynamodb:Query": [a.stateTable],
    "dynamodb:GetItem": [a.stateTable],
    "dynamodb:PutItem": [a.stateTable],
    "dynamodb:DeleteItem": [a.stateTable],
    "dynamodb:DescribeTable": devTables,
    "dynamodb:DeleteTable": devTables,
    "dynamodb:UpdateTable": devTables,
    "dynamodb:UpdateTimeToLive": devTables,
    "dynamodb:DescribeTimeToLive": devTables,
    "dynamodb:TagResource": devTables,
    "backup:StartRestoreJob": [a.recoveryPoints(model.accounts.dev)],
    "backup:DescribeRestoreJob": ["*"],
    "dynamodb:DescribeImport": model.settings.environments.map((env) =>
      a.importsOf(model.accounts.dev, `${env}-*`),
    ),
    "sts:AssumeRole": [a.importRole],
    // A refresh tells the dev stack's run topic that it starts and how it ends.
    "sns:Publish": [a.devTopic],
  };
}

/**
 * Where the import role, assumed by the restore machines for `ImportTable`, may act: create
 * environment tables, read the export prefix of the prod bucket (the bucket's policy must agree)
 * and decrypt its objects through S3 (the export key's policy is the only one that agrees), and
 * write the import's error log.
 */
export function importRoleScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  const logs = `arn:${model.partition}:logs:${model.region}:${model.accounts.dev}:log-group:/aws-dynamodb/*`;
  return {
    "dynamodb:ImportTable": environmentTables(model),
    "s3:GetObject": [a.exportObjects],
    "s3:ListBucket": [a.exportBucket],
    // From another account, no alias condition (AWS does not say it applies across accounts): the
    // export key's policy is the only prod key policy that admits the dev account.
    "kms:Decrypt": prodKeyThroughS3(model, false),
    "logs:CreateLogGroup": [logs],
    "logs:CreateLogStream": [logs],
    // DescribeLogGroups takes no resource-level scope.
    "logs:DescribeLogGroups": ["*"],
    "logs:DescribeLogStreams": [logs],
    "logs:PutLogEvents": [logs],
    "logs:PutRetentionPolicy": [logs],
  };
}

/** Where the copy recorder, assumed from prod, may act: the state table only. */
export function copyRecorderScopes(model: StackModel): ResourceScopes {
  return { "dynamodb:PutItem": [arns(model).stateTable] };
}
