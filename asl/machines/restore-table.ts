import { usesS3Export } from "../../config/catalog";
import { arns, NAMES, type StackModel } from "../../config/model";
import { clockTables, minutesOf } from "../clock";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { $, Context, States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { Retry, retryCall } from "../retry";
import { sdkCall, sdkError, sdkUnmodelledError } from "../sdk";
import type { StateMachineDefinition } from "../types";
import { importExport, START_IMPORT } from "./import-table";
import { catchAll, jobPolling, POLL_BUDGET } from "./jobs";
import {
  failTable,
  failTableWithCaught,
  failTableWithStatusMessage,
  reportFailure,
} from "./outcome";
import { changeTable, retryWhileBusy, TABLE_POLLING, TARGET, waitUntilActive } from "./table-ops";

/** Hours a restore job may take before the machine gives up on it. */
export const RESTORE_HOURS = 24;

const notFound = sdkError("dynamodb", "ResourceNotFoundException");
const RESTORE_OR_IMPORT = "Restore or import?";
/** Where a refresh goes once the dev table is out of the way. */
const restoreStart = (model: StackModel) =>
  usesS3Export(model.tables) ? RESTORE_OR_IMPORT : "Restore the copy";
/** Present on `s3-export` tables: they are imported from S3, not restored from a backup. */
const IMPORTED = "$.settings.importParameters";
const PUT_BACK_FAILED = "Settings could not be put back";

/**
 * Finds the copy to restore: the newest recorded one, or the newest of `copyDate`. The newest must
 * be younger than the configured maximum age; a date the requester chose is taken as asked.
 * Nothing in the dev account is touched before a copy is found.
 */
function resolveCopy(model: StackModel): Flow {
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
      {
        Default: "Find the copy of the date",
      },
    )
    .task("Find the newest copy", query("pk = :pk", copyKey), {
      ResultPath: "$.copies",
      Retry: retryCall("dynamodb"),
      Catch: [catchAll("Copies could not be read")],
      Next: "Is there a copy?",
    })
    .task(
      "Find the copy of the date",
      query("pk = :pk AND begins_with(sk, :day)", { ...copyKey, ":day": { S: $("$.copyDate") } }),
      {
        ResultPath: "$.copies",
        Retry: retryCall("dynamodb"),
        Catch: [catchAll("Copies could not be read")],
      },
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
      [when(Condition.stringEquals("$.copyDate", "latest"), "Load the calendar")],
      {
        Default: "Look at the dev table",
      },
    )
    .pass("Load the calendar", { Result: clockTables(), ResultPath: "$.calendar" })
    .then(
      minutesOf({
        label: "now",
        timestamp: Context.executionStartTime,
        tablesPath: "$.calendar",
        scratchPath: "$.scratch",
        resultPath: "$.now",
      }),
      minutesOf({
        label: "the copy",
        timestamp: $("$.copy.recordedAt"),
        tablesPath: "$.calendar",
        scratchPath: "$.scratch",
        resultPath: "$.copyTime",
      }),
    )
    .pass("Compute the oldest acceptable time", {
      Parameters: { minutes: States.mathAdd($("$.now.minutes"), -maxAgeHours * 60) },
      ResultPath: "$.cutoff",
    })
    .choice(
      "Is the copy recent enough?",
      [
        when(
          Condition.numberLessThanPath("$.copyTime.minutes", "$.cutoff.minutes"),
          "Copy too old",
        ),
      ],
      { Default: "Look at the dev table" },
    )
    .then(
      failTable(
        "Copy too old",
        "NoRecoveryPoint",
        States.format(
          `the newest copy of {} was recorded at {}, more than ${maxAgeHours} hours ago (maxCopyAgeHours)`,
          $("$.table"),
          $("$.copy.recordedAt"),
        ),
      ),
    );
}

/** Deletes the dev table if it exists (lifting deletion protection only where the catalog allows). */
function removeDevTable(model: StackModel): Flow {
  const replaceFailed = "Dev table could not be replaced";
  return (
    Flow.start()
      .task(
        "Look at the dev table",
        sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
        {
          ResultPath: "$.existing",
          Retry: retryCall("dynamodb"),
          Catch: [
            { ErrorEquals: [notFound], Next: restoreStart(model), ResultPath: null },
            catchAll("Dev table could not be read"),
          ],
        },
      )
      .choice(
        "Is the dev table settled?",
        [
          when(
            Condition.stringEquals("$.existing.Table.TableStatus", "ACTIVE"),
            "Is the dev table protected?",
          ),
          when(
            Condition.stringEquals("$.existing.Table.TableStatus", "DELETING"),
            "Start polling the dev table to go",
          ),
        ],
        { Default: "Start polling the dev table to settle" },
      )
      // A restore that a stopped refresh left running is still making the table: let it finish.
      .then(
        waitUntilActive(model, "the dev table to settle", "Dev table stayed busy", replaceFailed, {
          polling: jobPolling(model),
          hours: RESTORE_HOURS,
        }),
      )
      .pass("Settled", {
        Result: { settled: true },
        ResultPath: "$.settled",
        Next: "Look at the dev table",
      })
      .choice(
        "Is the dev table protected?",
        [
          when(
            Condition.booleanEquals("$.existing.Table.DeletionProtectionEnabled", true),
            "May protection be lifted?",
          ),
        ],
        { Default: "Delete the dev table" },
      )
      .choice(
        "May protection be lifted?",
        [when(Condition.isPresent("$.settings.replaceProtected"), "Lift deletion protection")],
        { Default: "Dev table protected" },
      )
      .then(
        failTable(
          "Dev table protected",
          "TableProtected",
          States.format(
            "{} has deletion protection on, and the catalog does not let a refresh lift it (dev.replaceProtected)",
            TARGET(),
          ),
        ),
        changeTable(
          model,
          "Lift deletion protection",
          sdkCall("dynamodb", "updateTable", {
            TableName: TARGET(),
            DeletionProtectionEnabled: false,
          }),
          replaceFailed,
        ),
      )
      .task("Delete the dev table", sdkCall("dynamodb", "deleteTable", { TableName: TARGET() }), {
        ResultPath: null,
        Retry: retryWhileBusy(),
        Catch: [
          { ErrorEquals: [notFound], Next: restoreStart(model), ResultPath: null },
          catchAll(replaceFailed),
        ],
      })
      .then(
        pollUntilDone({
          job: "the dev table to go",
          describe: sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
          resultPath: "$.described",
          statusPath: "$.described.Table.TableStatus",
          succeeded: [],
          failed: [],
          interval: TABLE_POLLING,
          maxPolls: pollsWithin(TABLE_POLLING, 2),
          counterPath: "$.poll",
          budget: POLL_BUDGET,
          onFailure: "Dev table stayed",
          onTimeout: "Dev table stayed",
          retry: retryCall("dynamodb"),
          catch: [
            { ErrorEquals: [notFound], Next: restoreStart(model), ResultPath: null },
            catchAll(replaceFailed),
          ],
        }),
        failTable(
          "Dev table stayed",
          "DeleteTimedOut",
          States.format("{} was not deleted within 2 hours", TARGET()),
        ),
      )
  );
}

/** Starts the restore or the import, follows it, and waits for the table it makes. */
function restore(model: StackModel): Flow {
  const a = arns(model);
  const imports = usesS3Export(model.tables);
  const flow = Flow.start();
  if (imports) {
    flow
      .choice(RESTORE_OR_IMPORT, [when(Condition.isPresent(IMPORTED), START_IMPORT)], {
        Default: "Restore the copy",
      })
      .then(importExport(model, "Count the attempt", "Start polling the restored table"));
  }
  return flow
    .task(
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
      {
        ResultPath: "$.restore",
        Retry: retryCall("backup"),
        Catch: [catchAll("Restore could not start")],
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
        retry: retryCall("backup"),
        catch: [catchAll("Restore could not be followed")],
      }),
      waitUntilActive(model, "the restored table", "Table stayed busy"),
    );
}

/** Where a failed restore job goes: another attempt from a clean slate, or the end. */
function restoreAgainOrFail(model: StackModel): Flow {
  return Flow.start()
    .choice(
      "Try the restore again?",
      [
        when(
          Condition.numberLessThan("$.attempts.n", model.settings.restoreAttempts),
          "Count the attempt",
        ),
      ],
      { Default: "Restore failed" },
    )
    .pass("Count the attempt", {
      Parameters: { n: States.mathAdd($("$.attempts.n"), 1) },
      ResultPath: "$.attempts",
      // A failed restore may leave a half-made table behind: clear the way again.
      Next: "Look at the dev table",
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
    );
}

/** Billing mode and capacity as the catalog wants them, one change per call. */
function putBackCapacity(model: StackModel): Flow {
  const billingMode = "$.described.Table.BillingModeSummary.BillingMode";
  const provisioned = {
    ReadCapacityUnits: $("$.settings.capacity.read"),
    WriteCapacityUnits: $("$.settings.capacity.write"),
  };
  const next = "Stream wanted?";
  // DynamoDB may leave BillingModeSummary out for a provisioned table; a Choice on a missing path fails.
  const onDemand = Condition.and(
    Condition.isPresent(billingMode),
    Condition.stringEquals(billingMode, "PAY_PER_REQUEST"),
  );
  return Flow.start()
    .choice(
      "On-demand wanted?",
      [when(Condition.isPresent("$.settings.capacity"), "Is it on demand now?")],
      {
        Default: "Is it on demand?",
      },
    )
    .choice("Is it on demand?", [when(onDemand, next)], {
      Default: "Switch to on-demand",
    })
    .then(
      changeTable(
        model,
        "Switch to on-demand",
        sdkCall("dynamodb", "updateTable", { TableName: TARGET(), BillingMode: "PAY_PER_REQUEST" }),
        PUT_BACK_FAILED,
      ),
    )
    .pass("On demand", { Result: { billing: "PAY_PER_REQUEST" }, ResultPath: "$.done", Next: next })
    .choice("Is it on demand now?", [when(onDemand, "Has it indexes to provision?")], {
      Default: "Is the table's capacity right?",
    })
    .choice(
      "Has it indexes to provision?",
      [
        when(
          Condition.isPresent("$.settings.indexUpdates"),
          "Switch to provisioned with its indexes",
        ),
      ],
      {
        Default: "Switch to provisioned",
      },
    )
    .then(
      // Leaving on-demand takes the capacity of every index in the same call.
      changeTable(
        model,
        "Switch to provisioned with its indexes",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: provisioned,
          GlobalSecondaryIndexUpdates: $("$.settings.indexUpdates"),
        }),
        PUT_BACK_FAILED,
      ),
    )
    .pass("Provisioned with indexes", {
      Result: { billing: "PROVISIONED" },
      ResultPath: "$.done",
      Next: next,
    })
    .then(
      changeTable(
        model,
        "Switch to provisioned",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: provisioned,
        }),
        PUT_BACK_FAILED,
      ),
    )
    .pass("Provisioned", { Result: { billing: "PROVISIONED" }, ResultPath: "$.done", Next: next })
    .choice(
      "Is the table's capacity right?",
      [
        when(
          Condition.and(
            Condition.numberEqualsPath(
              "$.described.Table.ProvisionedThroughput.ReadCapacityUnits",
              "$.settings.capacity.read",
            ),
            Condition.numberEqualsPath(
              "$.described.Table.ProvisionedThroughput.WriteCapacityUnits",
              "$.settings.capacity.write",
            ),
          ),
          "Indexes to size?",
        ),
      ],
      { Default: "Set the table's capacity" },
    )
    .then(
      changeTable(
        model,
        "Set the table's capacity",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          ProvisionedThroughput: provisioned,
        }),
        PUT_BACK_FAILED,
      ),
    )
    .choice(
      "Indexes to size?",
      [when(Condition.isPresent("$.settings.indexUpdates"), "Size each index")],
      {
        Default: next,
      },
    )
    .map(
      "Size each index",
      Flow.start()
        .task(
          "Set the index's capacity",
          sdkCall("dynamodb", "updateTable", {
            TableName: TARGET(),
            GlobalSecondaryIndexUpdates: [{ Update: $("$.index") }],
          }),
          {
            ResultPath: null,
            // While the previous index is still UPDATING, DynamoDB refuses: the retry is the wait.
            Retry: [
              ...retryCall("dynamodb"),
              Retry.on([sdkError("dynamodb", "ResourceInUseException")], {
                intervalSeconds: 15,
                backoffRate: 1.5,
                maxAttempts: 20,
                maxDelaySeconds: 300,
              }),
            ],
            // DynamoDB refuses an update that changes nothing; that index is already right.
            Catch: [
              {
                ErrorEquals: [sdkUnmodelledError("dynamodb")],
                Next: "Was it already right?",
                ResultPath: "$.refused",
              },
            ],
          },
        )
        .succeed("Index sized")
        .choice(
          "Was it already right?",
          [when(Condition.stringMatches("$.refused.Cause", "*will not change*"), "Index sized")],
          {
            Default: "Index could not be sized",
          },
        )
        .fail("Index could not be sized", {
          ErrorPath: "$.refused.Error",
          CausePath: "$.refused.Cause",
        }),
      {
        ItemsPath: "$.settings.indexUpdates",
        ItemSelector: { targetTable: TARGET(), index: $("$$.Map.Item.Value.Update") },
        MaxConcurrency: 1,
        ResultPath: null,
        Catch: [catchAll(PUT_BACK_FAILED)],
      },
    )
    .then(waitUntilActive(model, "the resized indexes", "Table stayed busy"));
}

/** Streams, TTL, deletion protection and tags: what a restore drops. */
function putBackTheRest(model: StackModel): Flow {
  return Flow.start()
    .choice(
      "Stream wanted?",
      [when(Condition.isPresent("$.settings.stream"), "Turn the stream on")],
      {
        Default: "TTL wanted?",
      },
    )
    .then(
      changeTable(
        model,
        "Turn the stream on",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: $("$.settings.stream"),
          },
        }),
        PUT_BACK_FAILED,
      ),
    )
    .choice("TTL wanted?", [when(Condition.isPresent("$.settings.ttl"), "Turn TTL on")], {
      Default: "Protection wanted?",
    })
    .task(
      "Turn TTL on",
      sdkCall("dynamodb", "updateTimeToLive", {
        TableName: TARGET(),
        TimeToLiveSpecification: { Enabled: true, AttributeName: $("$.settings.ttl") },
      }),
      { ResultPath: null, Retry: retryWhileBusy(), Catch: [catchAll(PUT_BACK_FAILED)] },
    )
    .choice(
      "Protection wanted?",
      [when(Condition.isPresent("$.settings.deletionProtection"), "Turn deletion protection on")],
      { Default: "Catalog tags?" },
    )
    .then(
      changeTable(
        model,
        "Turn deletion protection on",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          DeletionProtectionEnabled: true,
        }),
        PUT_BACK_FAILED,
      ),
    )
    .choice(
      "Catalog tags?",
      [when(Condition.isPresent("$.settings.tags"), "Tag as the catalog says")],
      {
        Default: "Tag with the refresh",
      },
    )
    .task(
      "Tag as the catalog says",
      sdkCall("dynamodb", "tagResource", {
        ResourceArn: $("$.described.Table.TableArn"),
        Tags: $("$.settings.tags"),
      }),
      { ResultPath: null, Retry: retryCall("dynamodb"), Catch: [catchAll(PUT_BACK_FAILED)] },
    )
    .task(
      "Tag with the refresh",
      sdkCall("dynamodb", "tagResource", {
        ResourceArn: $("$.described.Table.TableArn"),
        Tags: [
          { Key: "datarefresh:source-table", Value: $("$.table") },
          { Key: $("$.copy.sourceTag.Key"), Value: $("$.copy.sourceTag.Value") },
          { Key: "datarefresh:requested-by", Value: $("$.requestedBy") },
          { Key: "datarefresh:execution", Value: $("$.parentExecution") },
        ],
      }),
      { ResultPath: null, Retry: retryCall("dynamodb"), Catch: [catchAll(PUT_BACK_FAILED)] },
    );
}

/**
 * One table of one environment, in the development account: find the copy, clear the way, restore
 * (or import, for `s3-export` tables), put back what a restore drops. Input (from the restore
 * machine): `{"environment", "table", "targetTable", "settings", "copyDate", "requestedBy",
 * "parentExecution"}`. Output, always: `{"table", "targetTable", "status": "RESTORED" | "FAILED",
 * "recoveryPointArn", "exportArn", "copyCreatedAt", "error"?, "cause"?}` (one of the two ARNs is
 * null); the execution succeeds so that the parent lists every table.
 */
export function restoreTableMachine(model: StackModel): StateMachineDefinition {
  const flow = Flow.start()
    .pass("Read the request", {
      Parameters: {
        environment: $("$.environment"),
        table: $("$.table"),
        targetTable: $("$.targetTable"),
        settings: $("$.settings"),
        copyDate: $("$.copyDate"),
        requestedBy: $("$.requestedBy"),
        parentExecution: $("$.parentExecution"),
        attempts: { n: 1 },
        poll: { polls: 0, total: 0 },
        outcome: {
          table: $("$.table"),
          targetTable: $("$.targetTable"),
          recoveryPointArn: null,
          exportArn: null,
          copyCreatedAt: null,
        },
      },
    })
    .then(
      resolveCopy(model),
      removeDevTable(model),
      restore(model),
      putBackCapacity(model),
      putBackTheRest(model),
    )
    .pass("Restored", {
      Parameters: {
        table: $("$.table"),
        targetTable: TARGET(),
        status: "RESTORED",
        recoveryPointArn: $("$.copy.recoveryPointArn"),
        exportArn: $("$.copy.exportArn"),
        copyCreatedAt: $("$.copy.copyCreatedAt"),
      },
      End: true,
    })
    .then(
      restoreAgainOrFail(model),
      failTableWithCaught("Copies could not be read", "$.error"),
      failTableWithCaught("Dev table could not be read", "$.error"),
      failTableWithCaught("Dev table could not be replaced", "$.error"),
      failTableWithCaught("Restore could not start", "$.error"),
      failTableWithCaught("Restore could not be followed", "$.error"),
      failTableWithCaught(PUT_BACK_FAILED, "$.error"),
      failTable(
        "Dev table stayed busy",
        "TableBusy",
        States.format(
          "{} did not become ACTIVE within {} hours; it was left as it was",
          TARGET(),
          RESTORE_HOURS,
        ),
      ),
      failTable(
        "Table stayed busy",
        "TableBusy",
        States.format("{} did not become ACTIVE within 2 hours", TARGET()),
      ),
      reportFailure(),
    );
  return buildStateMachine(flow, {
    Comment:
      "Replace one development table with a copy of its production table, then put back its settings",
  });
}
