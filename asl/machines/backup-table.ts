import type { StackModel } from "../../config/model";
import { arns, NAMES } from "../../config/model";
import { buildStateMachine } from "../machine";
import { Flow } from "../flow";
import { $, Context, States } from "../paths";
import { pollUntilDone } from "../poll";
import { retryCall } from "../retry";
import { sdkCall } from "../sdk";
import type { StateMachineDefinition } from "../types";
import { failWithStatusMessage } from "./job-failure";

/** Polls enough for a job of `hours`, at the configured interval. */
export function pollsFor(model: StackModel, hours: number): number {
  return Math.ceil((hours * 3600) / model.settings.pollIntervalSeconds);
}

/**
 * One table, in the production account: back it up into the prod vault, copy the backup into the
 * dev vault, and record the copy in the dev account's state table for the restore side.
 * Input: `{"table": "Following", "token": "<unique per parent execution and table>"}`.
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
      { ResultPath: "$.backup", Retry: retryCall("backup") },
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
        interval: { seconds: settings.pollIntervalSeconds },
        maxPolls: pollsFor(model, 24),
        counterPath: "$.poll",
        onFailure: "Backup failed",
        onTimeout: "Backup timed out",
        retry: retryCall("backup"),
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
      { ResultPath: "$.copy", Retry: retryCall("backup") },
    )
    .then(
      pollUntilDone({
        job: "copy job",
        describe: sdkCall("backup", "describeCopyJob", { CopyJobId: $("$.copy.CopyJobId") }),
        resultPath: "$.copyJob",
        statusPath: "$.copyJob.CopyJob.State",
        succeeded: ["COMPLETED"],
        failed: ["FAILED", "PARTIAL"],
        interval: { seconds: settings.pollIntervalSeconds },
        // AWS Backup retries a failing copy for up to 2 hours while the job stays CREATED.
        maxPolls: pollsFor(model, 26),
        counterPath: "$.poll",
        onFailure: "Copy failed",
        onTimeout: "Copy timed out",
        retry: retryCall("backup"),
      }),
    )
    .task(
      "Record the copy for dev",
      sdkCall("dynamodb", "putItem", {
        TableName: NAMES.stateTable,
        Item: {
          pk: { S: States.format("copy#{}", $("$.table")) },
          sk: { S: $("$.backupJob.CreationDate") },
          table: { S: $("$.table") },
          recoveryPointArn: { S: $("$.copyJob.CopyJob.DestinationRecoveryPointArn") },
          copyCreatedAt: { S: $("$.backupJob.CreationDate") },
          backupSizeBytes: { N: States.format("{}", $("$.backupJob.BackupSizeInBytes")) },
          prodExecution: { S: Context.executionId },
        },
      }),
      {
        Credentials: { RoleArn: a.copyRecorderRole },
        ResultPath: null,
        Retry: retryCall("dynamodb"),
      },
    )
    .pass("Copied", {
      Parameters: {
        table: $("$.table"),
        status: "COPIED",
        recoveryPointArn: $("$.copyJob.CopyJob.DestinationRecoveryPointArn"),
        copyCreatedAt: $("$.backupJob.CreationDate"),
      },
      End: true,
    })
    .then(
      failWithStatusMessage(
        "Backup failed",
        "BackupFailed",
        "$.backupJob.StatusMessage",
        "the backup job failed",
      ),
    )
    .fail("Backup timed out", {
      Error: "BackupTimedOut",
      Cause: "the backup job did not finish within 24 hours",
    })
    .then(
      failWithStatusMessage(
        "Copy failed",
        "CopyFailed",
        "$.copyJob.CopyJob.StatusMessage",
        "the copy job failed",
      ),
    )
    .fail("Copy timed out", {
      Error: "CopyTimedOut",
      Cause: "the copy job did not finish within 26 hours",
    });
  return buildStateMachine(flow, {
    Comment: `Back up one production table, copy it to the dev account's vault ${NAMES.devVault}, record the copy`,
  });
}
