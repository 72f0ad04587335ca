import { arns, exportBucketName, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { type Flow, when } from "../flow";
import { $, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { Retry } from "../retry";
import { sdkCall, sdkError } from "../sdk";
import { catchAll, jobPolling, POLL_BUDGET } from "./jobs";
import { recordForDev } from "./record-copy";
import { failTable, failTableWithCaught, failTableWithFailureCode } from "./outcome";
import { CHECK_SCHEMA, checkSchema } from "./schema-drift";

/** Hours an export may take before the run gives up on it. */
export const EXPORT_HOURS = 24;

/** The first state of the export branch of the per-table machine: the schema check. */
export const START_EXPORT = CHECK_SCHEMA;

const LOOK_AT_PITR = "Look at point-in-time recovery";

const PITR_STATUS =
  "$.pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus";

/**
 * One `s3-export` table, in the production account: check that its schema is still the one the
 * catalog imports (or fail it `SchemaDrift`), make sure point-in-time recovery is on (or
 * turn it on, where the stack allows), export the table to the export bucket under
 * `exports/<table>/<day>`, follow the export, and record where its data is for the dev side's
 * import. Reads `$.table`, `$.tableArn`, `$.token`, `$.exportPrefix`; ends with the same kind of
 * outcome as a backup copy, status `EXPORTED`.
 */
export function exportTable(model: StackModel): Flow {
  const a = arns(model);
  const enablePitr = model.settings.enablePointInTimeRecovery;
  const pitrOff = enablePitr ? "Turn point-in-time recovery on" : "Point-in-time recovery off";
  const description = "$.exportJob.ExportDescription";
  const flow = checkSchema(model, LOOK_AT_PITR)
    .call(
      LOOK_AT_PITR,
      sdkCall("dynamodb", "describeContinuousBackups", { TableName: $("$.table") }),
      "read",
      { ResultPath: "$.pitr", Catch: [catchAll("Export could not start")] },
    )
    .choice(
      "Is point-in-time recovery on?",
      [
        when(
          Condition.and(
            Condition.isPresent(PITR_STATUS),
            Condition.stringEquals(PITR_STATUS, "ENABLED"),
          ),
          "Start the export",
        ),
      ],
      { Default: pitrOff },
    );
  if (enablePitr) {
    flow.call(
      pitrOff,
      sdkCall("dynamodb", "updateContinuousBackups", {
        TableName: $("$.table"),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
      "same",
      { ResultPath: null, Catch: [catchAll("Export could not start")] },
    );
  } else {
    flow.then(
      failTable(
        pitrOff,
        "PointInTimeRecoveryOff",
        States.format(
          "point-in-time recovery is off on {}, and an export to S3 needs it: turn it on (aws dynamodb update-continuous-backups --table-name {} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true) or set datarefresh:enablePointInTimeRecovery: true in Pulumi.prod.yaml",
          $("$.table"),
          $("$.table"),
        ),
      ),
    );
  }
  return flow
    .call(
      "Start the export",
      sdkCall("dynamodb", "exportTableToPointInTime", {
        TableArn: $("$.tableArn"),
        S3Bucket: exportBucketName(model),
        S3BucketOwner: model.accounts.prod,
        S3Prefix: $("$.exportPrefix"),
        ExportFormat: "DYNAMODB_JSON",
        ExportType: "FULL_EXPORT",
        S3SseAlgorithm: "KMS",
        S3SseKmsKeyId: a.exportKeyAlias,
        ClientToken: States.format("export-{}", $("$.token")),
      }),
      "token",
      {
        ResultPath: "$.export",
        Retry: [
          // Point-in-time recovery just turned on may take a moment before an export can start.
          ...(enablePitr
            ? [
                Retry.on([sdkError("dynamodb", "PointInTimeRecoveryUnavailableException")], {
                  intervalSeconds: 60,
                  maxAttempts: 5,
                }),
              ]
            : []),
        ],
        Catch: [catchAll("Export could not start")],
      },
    )
    .then(
      pollUntilDone({
        job: "the export",
        describe: sdkCall("dynamodb", "describeExport", {
          ExportArn: $("$.export.ExportDescription.ExportArn"),
        }),
        resultPath: "$.exportJob",
        statusPath: `${description}.ExportStatus`,
        succeeded: ["COMPLETED"],
        failed: ["FAILED"],
        interval: jobPolling(model),
        maxPolls: pollsWithin(jobPolling(model), EXPORT_HOURS),
        counterPath: "$.poll",
        budget: POLL_BUDGET,
        onFailure: "Export failed",
        onTimeout: "Export timed out",
        catch: [catchAll("Export could not be followed")],
      }),
    )
    .pass("Locate the exported data", {
      Parameters: {
        // ExportArn is `...:table/<table>/export/<id>`, and a table name has no slash.
        exportId: States.arrayGetItem(States.stringSplit($(`${description}.ExportArn`), "/"), 3),
      },
      ResultPath: "$.located",
    })
    .then(
      recordForDev(
        model,
        "Record the export for dev",
        {
          method: { S: "s3-export" },
          exportArn: { S: $(`${description}.ExportArn`) },
          s3Bucket: { S: exportBucketName(model) },
          s3KeyPrefix: {
            S: States.format(
              "{}/AWSDynamoDB/{}/data/",
              $("$.exportPrefix"),
              $("$.located.exportId"),
            ),
          },
          manifest: { S: $(`${description}.ExportManifest`) },
          copyCreatedAt: { S: States.format("{}", $(`${description}.ExportTime`)) },
          exportSizeBytes: { N: States.format("{}", $(`${description}.BilledSizeBytes`)) },
        },
        "Export could not be recorded",
      ),
    )
    .pass("Exported", {
      Parameters: {
        table: $("$.table"),
        status: "EXPORTED",
        exportArn: $(`${description}.ExportArn`),
        copyCreatedAt: States.format("{}", $(`${description}.ExportTime`)),
      },
      End: true,
    })
    .then(
      failTableWithFailureCode("Export failed", "ExportFailed", description, "the export failed"),
      failTable(
        "Export timed out",
        "ExportTimedOut",
        `the export did not finish within ${EXPORT_HOURS} hours`,
      ),
      failTableWithCaught("Export could not start", "$.error"),
      failTableWithCaught("Export could not be followed", "$.error"),
      failTableWithCaught("Export could not be recorded", "$.error"),
    );
}
