import type { StackModel } from "../../config/model";
import { usesS3Export } from "../../config/catalog";
import { arns, EXPORT_PREFIX, NAMES } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { $, Context, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { retryCall } from "../retry";
import { sdkCall } from "../sdk";
import type { StateMachineDefinition } from "../types";
import {
  failTable,
  failTableWithCaught,
  failTableWithStatusMessage,
  reportFailure,
} from "./outcome";
import { exportTable, START_EXPORT } from "./export-table";
import { catchAll, jobPolling, POLL_BUDGET } from "./jobs";
import { recordForDev } from "./record-copy";

/** Hours a backup job may take before the run gives up on it. */
export const BACKUP_HOURS = 24;
/** AWS Backup retries a failing copy for up to 2 hours while the job stays CREATED. */
export const COPY_HOURS = BACKUP_HOURS + 2;

/**
 * One table, in the production account: back it up into the prod vault, copy the backup into the
 * dev vault, and record the copy in the dev account's state table for the restore side.
 * An `s3-export` table is exported to S3 instead (export-table.ts).
 * Input: `{"table": "Following", "token": "<unique per parent execution and table>",
 * "s3Export": false}`.
 * Output, always (the execution itself succeeds, so that its parent lists every table):
 * `{"table", "status": "COPIED", "recoveryPointArn", "copyCreatedAt"}`,
 * `{"table", "status": "EXPORTED", "exportArn", "copyCreatedAt"}` or
 * `{"table", "status": "FAILED", "error", "cause"}`.
 */
export function backupTableMachine(model: StackModel): StateMachineDefinition {
  const a = arns(model);
  const { settings, accounts } = model;
  const s3Export = usesS3Export(model.tables);
  const flow = Flow.start().pass("Name the table", {
    Parameters: {
      table: $("$.table"),
      token: $("$.token"),
      tableArn: States.format(a.table(accounts.prod, "{}"), $("$.table")),
      outcome: { table: $("$.table") },
      poll: { polls: 0, total: 0 },
      ...(s3Export
        ? {
            s3Export: $("$.s3Export"),
            exportPrefix: States.format(
              `${EXPORT_PREFIX}/{}/{}`,
              $("$.table"),
              States.arrayGetItem(States.stringSplit(Context.executionStartTime, "T"), 0),
            ),
          }
        : {}),
    },
  });
  if (s3Export) {
    flow.choice(
      "Which way is it copied?",
      [when(Condition.booleanEquals("$.s3Export", true), START_EXPORT)],
      { Default: "Start backup" },
    );
  }
  flow
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
    .then(
      recordForDev(
        model,
        "Record the copy for dev",
        {
          recoveryPointArn: { S: $("$.copyJob.CopyJob.DestinationRecoveryPointArn") },
          copyCreatedAt: { S: States.format("{}", $("$.backupJob.CreationDate")) },
          backupSizeBytes: { N: States.format("{}", $("$.backupJob.BackupSizeInBytes")) },
        },
        "Copy could not be recorded",
      ),
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
      ...(s3Export ? [exportTable(model)] : []),
      reportFailure(),
    );
  return buildStateMachine(flow, {
    Comment: `Back up one production table, copy it to the dev account's vault ${NAMES.devVault}, record the copy`,
  });
}
