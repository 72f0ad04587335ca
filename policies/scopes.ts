import { arns, NAMES, type StackModel } from "../config/model";
import type { ResourceScopes } from "./identity";

/** The rule Step Functions manages in an account to follow `.sync` child executions. */
function managedRule(model: StackModel, account: string): string {
  return `arn:${model.partition}:events:${model.region}:${account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
}

/** What `startExecution.sync:2` of `child` needs, in `account`. */
function nestedExecutionScopes(model: StackModel, account: string, child: string): ResourceScopes {
  const a = arns(model);
  const rule = managedRule(model, account);
  return {
    "states:StartExecution": [a.machine(account, child)],
    "states:DescribeExecution": [a.executionsOf(account, child)],
    "states:StopExecution": [a.executionsOf(account, child)],
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
    ...nestedExecutionScopes(model, model.accounts.prod, NAMES.backupTableMachine),
    "backup:StartBackupJob": [a.prodVault],
    "backup:DescribeBackupJob": ["*"],
    "backup:StartCopyJob": [a.recoveryPoints(model.accounts.prod)],
    "backup:DescribeCopyJob": ["*"],
    "sts:AssumeRole": [a.copyRecorderRole],
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
  const nested = nestedExecutionScopes(model, model.accounts.dev, NAMES.restoreTableMachine);
  const devTables = environmentTables(model);
  return {
    ...nested,
    // The lock asks whether the refresh holding it still runs.
    "states:DescribeExecution": [
      ...nested["states:DescribeExecution"]!,
      a.executionsOf(model.accounts.dev, NAMES.restoreMachine),
    ],
    "dynamodb:Query": [a.stateTable],
    "dynamodb:GetItem": [a.stateTable],
    "dynamodb:PutItem": [a.stateTable],
    "dynamodb:DeleteItem": [a.stateTable],
    "dynamodb:DescribeTable": devTables,
    "dynamodb:DeleteTable": devTables,
    "dynamodb:UpdateTable": devTables,
    "dynamodb:UpdateTimeToLive": devTables,
    "dynamodb:TagResource": devTables,
    "backup:StartRestoreJob": [a.recoveryPoints(model.accounts.dev)],
    "backup:DescribeRestoreJob": ["*"],
  };
}

/** Where the copy recorder, assumed from prod, may act: the state table only. */
export function copyRecorderScopes(model: StackModel): ResourceScopes {
  return { "dynamodb:PutItem": [arns(model).stateTable] };
}
