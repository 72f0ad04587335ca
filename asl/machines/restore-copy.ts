import { usesS3Export } from "../../config/catalog";
import { arns, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { $, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { boundedLoop } from "../history";
import { sdkCall, sdkError, sdkUnmodelledError } from "../sdk";
import { LOOK_AT_DEV_TABLE } from "./clear-dev-table";
import { importExport, START_IMPORT } from "./import-table";
import { catchAll, jobPolling, POLL_BUDGET } from "./jobs";
import { failTable, failTableWithCaught, failTableWithStatusMessage } from "./outcome";
import { IMPORTED } from "./resolve-copy";
import { TARGET, waitUntilActive } from "./table-ops";

/** Hours a restore job may take before the machine gives up on it. */
export const RESTORE_HOURS = 24;

const RESTORE_OR_IMPORT = "Restore or import?";
const REFUSED_FOR_LIMIT = "Refused for the account's limit?";
/** How long a start refused for the account's limit waits, and how often: six hours in all. */
const PLACE_WAIT_SECONDS = 1_200;
const PLACE_WAITS = 18;
const COUNT_ATTEMPT = "Count the attempt";

/** Where a refresh goes once the dev table is out of the way. */
export function restoreStart(model: StackModel): string {
  return usesS3Export(model.tables) ? RESTORE_OR_IMPORT : "Restore the copy";
}

/**
 * Starts the restore (or, for `s3-export` tables, the import), follows it, and waits for the table
 * it makes; goes on to `next`. A failed job is started again from a clean slate (the dev table
 * looked at, and deleted, anew) up to `restoreAttempts` times.
 */
export function restoreCopy(model: StackModel, next: string): Flow {
  const a = arns(model);
  const flow = Flow.start();
  if (usesS3Export(model.tables)) {
    flow
      .choice(RESTORE_OR_IMPORT, [when(Condition.isPresent(IMPORTED), START_IMPORT)], {
        Default: "Restore the copy",
      })
      .then(importExport(model, COUNT_ATTEMPT, "Start polling the restored table"));
  }
  return (
    flow
      .call(
        "Restore the copy",
        sdkCall("backup", "startRestoreJob", {
          RecoveryPointArn: $("$.copy.recoveryPointArn"),
          ResourceType: "DynamoDB",
          IamRoleArn: a.restoreServiceRole,
          Metadata: { targetTableName: TARGET(), encryptionType: "Default" },
          IdempotencyToken: States.format(
            "{}/{}/{}",
            $("$.parentExecution"),
            $("$.table"),
            $("$.attempts.n"),
          ),
        }),
        "token",
        {
          ResultPath: "$.restore",
          Catch: [
            {
              ErrorEquals: [
                sdkError("backup", "LimitExceededException"),
                sdkUnmodelledError("backup"),
              ],
              Next: REFUSED_FOR_LIMIT,
              ResultPath: "$.error",
            },
            catchAll("Restore could not start"),
          ],
        },
      )
      .then(
        pollUntilDone({
          job: "the restore job",
          describe: sdkCall("backup", "describeRestoreJob", {
            RestoreJobId: $("$.restore.RestoreJobId"),
          }),
          resultPath: "$.restoreJob",
          statusPath: "$.restoreJob.Status",
          succeeded: ["COMPLETED"],
          failed: ["ABORTED", "FAILED"],
          interval: jobPolling(model),
          maxPolls: pollsWithin(jobPolling(model), RESTORE_HOURS),
          counterPath: "$.poll",
          budget: POLL_BUDGET,
          onFailure: "Try the restore again?",
          onTimeout: "Restore timed out",
          catch: [catchAll("Restore could not be followed")],
        }),
        waitUntilActive(model, "the restored table", "Table stayed busy"),
      )
      .pass("Restored table active", {
        Result: { active: true },
        ResultPath: "$.active",
        Next: next,
      })
      // DynamoDB runs at most 50 restores at once in an account, of every environment
      // (API_RestoreTableFromBackup.html). StartRestoreJob models no error for it: AWS may name
      // the refusal Backup.LimitExceededException (declared elsewhere in Backup's model) or its
      // base exception with the code in the cause. Either way the start waits for a place.
      .choice(
        REFUSED_FOR_LIMIT,
        [
          when(
            Condition.or(
              Condition.stringEquals("$.error.Error", sdkError("backup", "LimitExceededException")),
              Condition.and(
                Condition.isPresent("$.error.Cause"),
                Condition.stringMatches("$.error.Cause", "*LimitExceeded*"),
              ),
            ),
            "Count the waits for a place",
          ),
        ],
        { Default: "Restore could not start" },
      )
      // Counted before the wait, so that a refusal past the last wait fails at once.
      .pass("Count the waits for a place", {
        Parameters: { n: States.mathAdd($("$.placeWaits.n"), 1) },
        ResultPath: "$.placeWaits",
      })
      .choice(
        "Wait for a place again?",
        [
          when(
            Condition.numberLessThan("$.placeWaits.n", PLACE_WAITS + 1),
            "Wait for a place to restore",
          ),
        ],
        {
          Default: "Restore could not start",
          Comment: boundedLoop(PLACE_WAITS, [
            REFUSED_FOR_LIMIT,
            "Count the waits for a place",
            "Wait for a place again?",
            "Wait for a place to restore",
            "Restore the copy",
          ]),
        },
      )
      .wait("Wait for a place to restore", {
        Seconds: PLACE_WAIT_SECONDS,
        Next: "Restore the copy",
      })
      .choice(
        "Try the restore again?",
        [
          when(
            Condition.numberLessThan("$.attempts.n", model.settings.restoreAttempts),
            COUNT_ATTEMPT,
          ),
        ],
        { Default: "Restore failed" },
      )
      .pass(COUNT_ATTEMPT, {
        Parameters: { n: States.mathAdd($("$.attempts.n"), 1) },
        ResultPath: "$.attempts",
        // A failed restore may leave a half-made table behind: clear the way again.
        Next: LOOK_AT_DEV_TABLE,
      })
      .then(
        failTableWithStatusMessage(
          "Restore failed",
          "RestoreFailed",
          "$.restoreJob.StatusMessage",
          "the restore job failed",
        ),
        failTable(
          "Restore timed out",
          "RestoreTimedOut",
          `the restore job did not finish within ${RESTORE_HOURS} hours`,
        ),
        failTableWithCaught("Restore could not start", "$.error"),
        failTableWithCaught("Restore could not be followed", "$.error"),
      )
  );
}
