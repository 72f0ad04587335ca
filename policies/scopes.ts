import { arns, NAMES, type StackModel } from "../config/model";
import type { ResourceScopes } from "./identity";

/**
 * Where the production machines' calls may act. Job IDs are not known in advance and AWS Backup's
 * Describe calls take no resource-level scope, hence their wildcard.
 */
export function prodMachineScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  const child = a.backupTableMachine;
  return {
    "backup:StartBackupJob": [a.prodVault],
    "backup:DescribeBackupJob": ["*"],
    "backup:StartCopyJob": [a.recoveryPoints(model.accounts.prod)],
    "backup:DescribeCopyJob": ["*"],
    "sts:AssumeRole": [a.copyRecorderRole],
    "states:StartExecution": [child],
    "states:DescribeExecution": [a.executionsOf(model.accounts.prod, NAMES.backupTableMachine)],
    "states:StopExecution": [a.executionsOf(model.accounts.prod, NAMES.backupTableMachine)],
    "events:PutTargets": [managedRule(model)],
    "events:PutRule": [managedRule(model)],
    "events:DescribeRule": [managedRule(model)],
  };
}

/** The rule Step Functions manages to follow `.sync` child executions. */
function managedRule(model: StackModel): string {
  return `arn:${model.partition}:events:${model.region}:${model.accounts.prod}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
}

/** Where the copy recorder, assumed from prod, may act: the state table only. */
export function copyRecorderScopes(model: StackModel): ResourceScopes {
  return { "dynamodb:PutItem": [arns(model).stateTable] };
}
