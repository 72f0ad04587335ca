import type { StackModel } from "../../config/model";
import { arns, NAMES } from "../../config/model";
import { Flow } from "../flow";
import { buildStateMachine } from "../machine";
import { $, Context, States } from "../paths";
import { pollsWithin, pollUntilDone, type PollSchedule } from "../poll";
import { retryCall } from "../retry";
import { sdkCall, StatesError } from "../sdk";
import type { Catcher, StateMachineDefinition } from "../types";
import {
  failTable,
  failTableWithCaught,
  failTableWithStatusMessage,
  reportFailure,
} from "./outcome";

/** How the machines poll AWS Backup jobs: from the configured interval up to its maximum. */
export function jobPolling(model: StackModel): PollSchedule {
  return {
    seconds: model.settings.pollIntervalSeconds,
    maxSeconds: model.settings.maxPollIntervalSeconds,
  };
}

/** Any error of a call, kept at `$.error`, goes to `next`. */
export function catchAll(next: string): Catcher {
  return { ErrorEquals: [StatesError.ALL], Next: next, ResultPath: "$.error" };
}

/**
 * The polls one per-table execution may make in all its loops together: 13 history events each,
 * so that no execution comes near the 25,000-event quota whatever its jobs do.
 */
export const POLL_BUDGET = 1000;

/** Hours a backup job may take before the run gives up on it. */
export const BACKUP_HOURS = 24;
/** AWS Backup retries a failing copy for up to 2 hours while the job stays CREATED. */
export const COPY_HOURS = BACKUP_HOURS + 2;

/**
 * One table, in the production account: back it up into the prod vault, copy the backup into the
 * dev vault, and record the copy in the dev account's state table for the restore side.
 * Input: `{"table": "Following", "token": "<unique per parent execution and table>"}`.
 * Output, always (the execution itself succeeds, so that its parent lists every table):
 * `{"table", "status": "COPIED", "recoveryPointArn", "copyCreatedAt"}` or
 * `{"table", "status": "FAILED", "error", "cause"}`.
 */
export function backupTableMachine(model: StackModel): StateMachineDefinition {
  const a = arns(model);
  const { settings, accounts } = model;
  const flow = Flow.start()
    .pass("Name the table", {
      Parameters: {
        table: $("$.table"),
        token: $("$.token"),
        tableArn: States.format(a.table(accounts.prod, "{}"), $("$.table")),
        outcome: { table: $("$.table") },
        poll: { polls: 0, total: 0 },
      },
    })
    .task(
      "Start backup",
      sdkCall("backup", "startBackupJob", {
        BackupVaultName: NAMES.prodVault,
        ResourceArn: $("$.tableArn"),
        IamRoleArn: a.backupServiceRole,
        IdempotencyToken: States.format("backup-{}", $("$.token")),
        Lifecycle: { DeleteAfterDays: settings.prodRetentionDays },
      }),
      {
        ResultPath: "$.backup",
        Retry: retryCall("backup"),
        Catch: [catchAll("Backup could not start")],
      },
    )
    .then(
      pollUntilDone({
        job: "backup job",
        describe: sdkCall("backup", "describeBackupJob", {
          BackupJobId: $("$.backup.BackupJobId"),
        }),
        resultPath: "$.backupJob",
        statusPath: "$.backupJob.State",
        succeeded: ["COMPLETED"],
        failed: ["ABORTED", "FAILED", "EXPIRED", "PARTIAL"],
        interval: jobPolling(model),
        maxPolls: pollsWithin(jobPolling(model), BACKUP_HOURS),
        counterPath: "$.poll",
        budget: POLL_BUDGET,
        onFailure: "Backup failed",
        onTimeout: "Backup timed out",
        retry: retryCall("backup"),
        catch: [catchAll("Backup could not be followed")],
      }),
    )
    .task(
      "Start copy to dev vault",
      sdkCall("backup", "startCopyJob", {
        SourceBackupVaultName: NAMES.prodVault,
        DestinationBackupVaultArn: a.devVault,
        RecoveryPointArn: $("$.backupJob.RecoveryPointArn"),
        IamRoleArn: a.backupServiceRole,
        IdempotencyToken: States.format("copy-{}", $("$.token")),
        Lifecycle: { DeleteAfterDays: settings.devRetentionDays },
      }),
      {
        ResultPath: "$.copy",
        Retry: retryCall("backup"),
        Catch: [catchAll("Copy could not start")],
      },
    )
    .then(
      pollUntilDone({
        job: "copy job",
        describe: sdkCall("backup", "describeCopyJob", { CopyJobId: $("$.copy.CopyJobId") }),
        resultPath: "$.copyJob",
        statusPath: "$.copyJob.CopyJob.State",
        succeeded: ["COMPLETED"],
        failed: ["FAILED", "PARTIAL"],
        interval: jobPolling(model),
        maxPolls: pollsWithin(jobPolling(model), COPY_HOURS),
        counterPath: "$.poll",
        budget: POLL_BUDGET,
        onFailure: "Copy failed",
        onTimeout: "Copy timed out",
        retry: retryCall("backup"),
        catch: [catchAll("Copy could not be followed")],
      }),
    )
    .task(
      "Record the copy for dev",
      sdkCall("dynamodb", "putItem", {
        TableName: NAMES.stateTable,
        Item: {
          pk: { S: States.format("copy#{}", $("$.table")) },
          // The execution's start time is ISO-8601 for sure: the restore side sorts and ages by it.
          sk: { S: Context.executionStartTime },
          table: { S: $("$.table") },
          recoveryPointArn: { S: $("$.copyJob.CopyJob.DestinationRecoveryPointArn") },
          copyCreatedAt: { S: States.format("{}", $("$.backupJob.CreationDate")) },
          backupSizeBytes: { N: States.format("{}", $("$.backupJob.BackupSizeInBytes")) },
          prodExecution: { S: Context.executionId },
        },
      }),
      {
        Credentials: { RoleArn: a.copyRecorderRole },
        ResultPath: null,
        Retry: retryCall("dynamodb"),
        // Which error a Task sees when its role cannot be assumed is not documented.
        Catch: [catchAll("Copy could not be recorded")],
      },
    )
    .pass("Copied", {
      Parameters: {
        table: $("$.table"),
        status: "COPIED",
        recoveryPointArn: $("$.copyJob.CopyJob.DestinationRecoveryPointArn"),
        copyCreatedAt: States.format("{}", $("$.backupJob.CreationDate")),
      },
      End: true,
    })
    .then(
      failTableWithStatusMessage(
        "Backup failed",
        "BackupFailed",
        "$.backupJob.StatusMessage",
        "the backup job failed",
      ),
      failTable(
        "Backup timed out",
        "BackupTimedOut",
        `the backup job did not finish within ${BACKUP_HOURS} hours`,
      ),
      failTableWithStatusMessage(
        "Copy failed",
        "CopyFailed",
        "$.copyJob.CopyJob.StatusMessage",
        "the copy job failed",
      ),
      failTable(
        "Copy timed out",
        "CopyTimedOut",
        `the copy job did not finish within ${COPY_HOURS} hours`,
      ),
      failTableWithCaught("Backup could not start", "$.error"),
      failTableWithCaught("Backup could not be followed", "$.error"),
      failTableWithCaught("Copy could not start", "$.error"),
      failTableWithCaught("Copy could not be followed", "$.error"),
      failTableWithCaught("Copy could not be recorded", "$.error"),
      reportFailure(),
    );
  return buildStateMachine(flow, {
    Comment: `Back up one production table, copy it to the dev account's vault ${NAMES.devVault}, record the copy`,
  });
}
