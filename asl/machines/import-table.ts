import { arns, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { $, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { sdkCall, sdkError } from "../sdk";
import { catchAll, jobPolling, POLL_BUDGET, waitForAPlace } from "./jobs";
import { failTable, failTableWithCaught, failTableWithFailureCode } from "./outcome";
import { TARGET } from "./table-ops";

/** Hours an import may take before the machine gives up on it. */
export const IMPORT_HOURS = 24;

/**
 * DynamoDB runs at most 50 imports at once in an account, of every environment (ImportTable's
 * LimitExceededException): a start refused for it waits for a free place, for hours if need be.
 */
const WAIT_FOR_AN_IMPORT_PLACE = waitForAPlace(sdkError("dynamodb", "LimitExceededException"));

/** The first state of the import branch of the per-table restore machine. */
export const START_IMPORT = "Name the imported table";

/**
 * Imports an `s3-export` table's newest export (at `$.copy`) as the dev table, with the catalog's
 * `TableCreationParameters` under the target's name, as the import role that may read the prod
 * bucket. A failed import is tried again from a clean slate like a failed restore
 * (`retryFrom`); success goes on to `next`.
 */
export function importExport(model: StackModel, retryFrom: string, next: string): Flow {
  const a = arns(model);
  const description = "$.importJob.ImportTableDescription";
  return Flow.start()
    .pass(START_IMPORT, { Parameters: { TableName: TARGET() }, ResultPath: "$.importName" })
    .call(
      "Import the export",
      sdkCall("dynamodb", "importTable", {
        ClientToken: States.format(
          "{}/{}/{}",
          $("$.parentExecution"),
          $("$.table"),
          $("$.attempts.n"),
        ),
        S3BucketSource: {
          S3Bucket: $("$.copy.s3Bucket"),
          S3BucketOwner: model.accounts.prod,
          S3KeyPrefix: $("$.copy.s3KeyPrefix"),
        },
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
        TableCreationParameters: States.jsonMerge(
          $("$.importName"),
          $("$.settings.importParameters"),
        ),
      }),
      "token",
      {
        Credentials: { RoleArn: a.importRole },
        ResultPath: "$.import",
        Retry: [WAIT_FOR_AN_IMPORT_PLACE],
        Catch: [catchAll("Import could not start")],
      },
    )
    .then(
      pollUntilDone({
        job: "the import",
        describe: sdkCall("dynamodb", "describeImport", {
          ImportArn: $("$.import.ImportTableDescription.ImportArn"),
        }),
        resultPath: "$.importJob",
        statusPath: `${description}.ImportStatus`,
        succeeded: ["COMPLETED"],
        failed: ["FAILED", "CANCELLED"],
        interval: jobPolling(model),
        maxPolls: pollsWithin(jobPolling(model), IMPORT_HOURS),
        counterPath: "$.poll",
        budget: POLL_BUDGET,
        onFailure: "Try the import again?",
        onTimeout: "Import timed out",
        catch: [catchAll("Import could not be followed")],
      }),
    )
    .pass("Imported", { Next: next })
    .choice(
      "Try the import again?",
      [when(Condition.numberLessThan("$.attempts.n", model.settings.restoreAttempts), retryFrom)],
      { Default: "Import failed" },
    )
    .then(
      failTableWithFailureCode("Import failed", "ImportFailed", description, "the import failed"),
      failTable(
        "Import timed out",
        "ImportTimedOut",
        `the import did not finish within ${IMPORT_HOURS} hours`,
      ),
      failTableWithCaught("Import could not start", "$.error"),
      failTableWithCaught("Import could not be followed", "$.error"),
    );
}
