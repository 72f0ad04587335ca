import type { StackModel } from "../../config/model";
import { s3ExportTableNames } from "../../config/catalog";
import { arns, EXPORT_PREFIX, NAMES } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { $, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
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
/** A backup or copy job that ends badly is started once more (with a new token) before the table is given up. */
export const JOB_ATTEMPTS = 2;

/** A job's idempotency token: unique per run, table, kind and attempt. */
const jobToken = (kind: string, attemptPath: string) =>
  States.format(`${kind}-{}-{}`, $("$.token"), $(attemptPath));

/**
 * One table, in the production account: back it up into the prod vault, copy the backup into the
 * dev vault, and record the copy in the dev account's state table for the restore side. An
 * `s3-export` table is exported to S3 instead (export-table.ts). Input: `{"table": "Following",
 * "token": "<unique per parent execution and table>", "runStartedAt": "<the daily run's start>"}`.
 * Output, always (the execution itself succeeds, so that its parent hears of every table):
 * `{"table", "status": "COPIED", "recoveryPointArn", "copyCreatedAt"}`,
 * `{"table", "status": "EXPORTED", "exportArn", "copyCreatedAt"}` or
 * `{"table", "status": "FAILED", "error", "cause"}`.
 */
export function backupTableMachine(model: StackModel): StateMachineDefinition {
  const a = arns(model);
  const { settings, accounts } = model;
  const exported = s3ExportTableNames(model.tables);
  const flow = Flow.start().pass("Name the table", {
    Parameters: {
      table: $("$.table"),
      token: $("$.token"),
      runStartedAt: $("$.runStartedAt"),
      tableArn: States.format(a.table(accounts.prod, "{}"), $("$.table")),
      outcome: { table: $("$.table") },
      poll: { polls: 0, total: 0 },
      backupAttempt: { n: 1 },
      copyAttempt: { n: 1 },
      ...(exported.length === 0
        ? {}
        : {
            exportPrefix: States.format(
              `${EXPORT_PREFIX}/{}/{}`,
              $("$.table"),
              States.arrayGetItem(States.stringSplit($("$.runStartedAt"), "T"), 0),
            ),
          }),
    },
  });
  if (exported.length > 0) {
    flow.choice(
      "Which way is it copied?",
      [when(Condition.stringIn("$.table", exported), START_EXPORT)],
      { Default: "Start backup" },
    );
  }
  flow
    .call(
      "Start backup",
      sdkCall("backup", "startBackupJob", {
        BackupVaultName: NAMES.prodVault,
        ResourceArn: $("$.tableArn"),
        IamRoleArn: a.backupServiceRole,
        IdempotencyToken: jobToken("backup", "$.backupAttempt.n"),
        Lifecycle: { DeleteAfterDays: settings.prodRetentionDays },
      }),
      "token",
      { ResultPath: "$.backup", Catch: [catchAll("Backup could not start")] },
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
        onFailure: "Back up again?",
        onTimeout: "Backup timed out",
        catch: [catchAll("Backup could not be followed")],
      }),
    )
    .call(
      "Start copy to dev vault",
      sdkCall("backup", "startCopyJob", {
        SourceBackupVaultName: NAMES.prodVault,
        DestinationBackupVaultArn: a.devVault,
        RecoveryPointArn: $("$.backupJob.RecoveryPointArn"),
        IamRoleArn: a.backupServiceRole,
        IdempotencyToken: jobToken("copy", "$.copyAttempt.n"),
        Lifecycle: { DeleteAfterDays: settings.devRetentionDays },
      }),
      "token",
      { ResultPath: "$.copy", Catch: [catchAll("Copy could not start")] },
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
        onFailure: "Copy again?",
        onTimeout: "Copy timed out",
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
      startAgainOrFail(
        "Back up again?",
        "backup",
        "$.backupAttempt",
        "Start backup",
        "Backup failed",
      ),
      startAgainOrFail(
        "Copy again?",
        "copy",
        "$.copyAttempt",
        "Start copy to dev vault",
        "Copy failed",
      ),
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
      ...(exported.length > 0 ? [exportTable(model)] : []),
      reportFailure(),
    );
  return buildStateMachine(flow, {
    Comment: `Back up one production table, copy it to the dev account's vault ${NAMES.devVault}, record the copy`,
  });
}

/**
 * A job that ended badly: started again (a new attempt, so a new token) while attempts are left,
 * else `giveUp`. The attempt count is `{n}` at `counter`.
 */
function startAgainOrFail(
  name: string,
  job: string,
  counter: string,
  start: string,
  giveUp: string,
): Flow {
  return Flow.start()
    .choice(
      name,
      [when(Condition.numberLessThan(`${counter}.n`, JOB_ATTEMPTS), `Count the ${job} attempt`)],
      { Default: giveUp },
    )
    .pass(`Count the ${job} attempt`, {
      Parameters: { n: States.mathAdd($(`${counter}.n`), 1) },
      ResultPath: counter,
      Next: start,
    });
}
