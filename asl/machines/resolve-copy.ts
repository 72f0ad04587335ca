import { NAMES, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata } from "../jsonata";
import { $, States } from "../paths";
import { sdkCall } from "../sdk";
import { catchAll } from "./jobs";
import { failTable } from "./outcome";
import { TARGET } from "./table-ops";

/** Present on `s3-export` tables: they are imported from S3, not restored from a backup. */
export const IMPORTED = "$.settings.importParameters";

/** Where a failed read of the copies goes. */
export const COPIES_UNREAD = "Copies could not be read";

/**
 * Finds the copy to restore: the newest recorded one, or the newest of `copyDate`. The newest must
 * be younger than the configured maximum age when the refresh started (`$.refreshStartedAt`: a
 * table whose turn comes hours later is held to the same copies); a date the requester chose is
 * taken as asked. Nothing in the dev account is touched before a copy is found. Goes on to `next`.
 */
export function resolveCopy(model: StackModel, next: string): Flow {
  const query = (keyCondition: string, values: Record<string, { S: ReturnType<typeof $> }>) =>
    sdkCall("dynamodb", "query", {
      TableName: NAMES.stateTable,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
  const copyKey = { ":pk": { S: States.format("copy#{}", $("$.table")) } };
  const newest = "$.copies.Items[0]";
  const maxAgeHours = model.settings.maxCopyAgeHours;
  return Flow.start()
    .choice(
      "Which copy?",
      [when(Condition.stringEquals("$.copyDate", "latest"), "Find the newest copy")],
      { Default: "Find the copy of the date" },
    )
    .call("Find the newest copy", query("pk = :pk", copyKey), "read", {
      ResultPath: "$.copies",
      Catch: [catchAll(COPIES_UNREAD)],
      Next: "Is there a copy?",
    })
    .call(
      "Find the copy of the date",
      query("pk = :pk AND begins_with(sk, :day)", { ...copyKey, ":day": { S: $("$.copyDate") } }),
      "read",
      { ResultPath: "$.copies", Catch: [catchAll(COPIES_UNREAD)] },
    )
    .choice(
      "Is there a copy?",
      [
        when(
          Condition.and(
            Condition.isPresent(IMPORTED),
            Condition.isPresent(`${newest}.exportArn.S`),
          ),
          "Take the export",
        ),
        when(
          Condition.and(
            Condition.not(Condition.isPresent(IMPORTED)),
            Condition.isPresent(`${newest}.recoveryPointArn.S`),
          ),
          "Take the copy",
        ),
      ],
      { Default: "No copy" },
    )
    .then(
      failTable(
        "No copy",
        "NoRecoveryPoint",
        States.format("no copy of {} was found (copyDate: {})", $("$.table"), $("$.copyDate")),
      ),
    )
    .pass("Take the copy", {
      Parameters: {
        recoveryPointArn: $(`${newest}.recoveryPointArn.S`),
        exportArn: null,
        copyCreatedAt: $(`${newest}.copyCreatedAt.S`),
        recordedAt: $(`${newest}.sk.S`),
        sourceTag: { Key: "datarefresh:recovery-point", Value: $(`${newest}.recoveryPointArn.S`) },
      },
      ResultPath: "$.copy",
      Next: "Note the copy",
    })
    .pass("Take the export", {
      Parameters: {
        recoveryPointArn: null,
        exportArn: $(`${newest}.exportArn.S`),
        s3Bucket: $(`${newest}.s3Bucket.S`),
        s3KeyPrefix: $(`${newest}.s3KeyPrefix.S`),
        copyCreatedAt: $(`${newest}.copyCreatedAt.S`),
        recordedAt: $(`${newest}.sk.S`),
        sourceTag: { Key: "datarefresh:export", Value: $(`${newest}.exportArn.S`) },
      },
      ResultPath: "$.copy",
    })
    .pass("Note the copy", {
      Parameters: {
        table: $("$.table"),
        targetTable: TARGET(),
        recoveryPointArn: $("$.copy.recoveryPointArn"),
        exportArn: $("$.copy.exportArn"),
        copyCreatedAt: $("$.copy.copyCreatedAt"),
      },
      ResultPath: "$.outcome",
    })
    .choice(
      "Was the newest asked for?",
      [when(Condition.stringEquals("$.copyDate", "latest"), "Age the copy")],
      { Default: next },
    )
    .compute(
      "Age the copy",
      jsonata(
        `$merge([$states.input, {'copyAge': {'tooOld': $toMillis($states.input.refreshStartedAt) - $toMillis($states.input.copy.recordedAt) > ${maxAgeHours * 3_600_000}}}])`,
      ),
    )
    .choice(
      "Is the copy recent enough?",
      [when(Condition.booleanEquals("$.copyAge.tooOld", true), "Copy too old")],
      { Default: next },
    )
    .then(
      failTable(
        "Copy too old",
        "NoRecoveryPoint",
        States.format(
          `the newest copy of {} was recorded at {}, more than ${maxAgeHours} hours before the refresh started at {} (maxCopyAgeHours)`,
          $("$.table"),
          $("$.copy.recordedAt"),
          $("$.refreshStartedAt"),
        ),
      ),
    );
}
