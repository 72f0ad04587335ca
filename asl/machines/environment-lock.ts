import { NAMES } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, FOLLOWING, when } from "../flow";
import { $, Context, States } from "../paths";
import { sdkCall, sdkError } from "../sdk";

/**
 * One refresh per environment at a time. The lock is an item of the state table,
 * `{pk: "lock#<environment>", holder: <execution ARN>}`, written only where none exists. A second
 * request finds it and asks Step Functions whether the holder still runs: if it does, the request
 * fails with `RefreshInProgress`; if it was stopped, timed out or failed without releasing, its lock
 * is taken over with a write conditional on that holder. So no lock outlives its execution, and no
 * clock is needed (Step Functions has no date arithmetic). A write repeated after an error that had
 * taken effect finds the lock held by this very execution, and goes on.
 */
export const REFRESH_IN_PROGRESS = "Refresh in progress";

/** The first state of `takeEnvironmentLock`. */
export const TAKE_LOCK = "Take the environment lock";

const lockKey = () => ({
  pk: { S: States.format("lock#{}", $("$.request.environment")) },
  sk: { S: "lock" },
});

const lockItem = () => ({
  ...lockKey(),
  holder: { S: Context.executionId },
  since: { S: Context.executionStartTime },
  requestedBy: { S: $("$.request.requestedBy") },
});

const conditionFailed = sdkError("dynamodb", "ConditionalCheckFailedException");

/**
 * Takes the lock of `$.request.environment` for this execution (its ARN at `$.execution`), or ends
 * in REFRESH_IN_PROGRESS, having told the topic with `tell` (its first state named as given).
 */
export function takeEnvironmentLock(tell: (name: string) => Flow): Flow {
  return Flow.start()
    .call(
      TAKE_LOCK,
      sdkCall("dynamodb", "putItem", {
        TableName: NAMES.stateTable,
        Item: lockItem(),
        ConditionExpression: "attribute_not_exists(pk)",
      }),
      "conditional",
      {
        ResultPath: null,
        Catch: [{ ErrorEquals: [conditionFailed], Next: "Read the lock", ResultPath: null }],
        Next: "Lock held",
      },
    )
    .call(
      "Read the lock",
      sdkCall("dynamodb", "getItem", {
        TableName: NAMES.stateTable,
        Key: lockKey(),
        ConsistentRead: true,
      }),
      "read",
      { ResultPath: "$.lockItem" },
    )
    .choice(
      "Is the lock still there?",
      [
        when(
          Condition.not(Condition.isPresent("$.lockItem.Item.holder.S")),
          "Take the environment lock",
        ),
        when(Condition.stringEqualsPath("$.lockItem.Item.holder.S", "$.execution"), "Lock held"),
      ],
      { Default: "Ask whether the holder runs" },
    )
    .call(
      "Ask whether the holder runs",
      sdkCall("sfn", "describeExecution", { ExecutionArn: $("$.lockItem.Item.holder.S") }),
      "read",
      {
        ResultPath: "$.holder",
        Catch: [
          {
            ErrorEquals: [sdkError("sfn", "ExecutionDoesNotExist")],
            Next: "Take over the stale lock",
            ResultPath: null,
          },
        ],
      },
    )
    .choice(
      "Does the holder run?",
      [when(Condition.stringEquals("$.holder.Status", "RUNNING"), "Name the holder")],
      {
        Default: "Take over the stale lock",
      },
    )
    .call(
      "Take over the stale lock",
      sdkCall("dynamodb", "putItem", {
        TableName: NAMES.stateTable,
        Item: lockItem(),
        ConditionExpression: "holder = :stale",
        ExpressionAttributeValues: { ":stale": { S: $("$.lockItem.Item.holder.S") } },
      }),
      "conditional",
      {
        ResultPath: null,
        Catch: [{ ErrorEquals: [conditionFailed], Next: "Read the lock", ResultPath: null }],
        Next: "Lock held",
      },
    )
    .pass("Name the holder", {
      Parameters: {
        cause: States.format(
          "{} is being refreshed by {}; try again when it has finished",
          $("$.request.environment"),
          $("$.lockItem.Item.holder.S"),
        ),
      },
      ResultPath: "$.busy",
    })
    .then(tell("Tell that the environment is busy"))
    .fail(REFRESH_IN_PROGRESS, { Error: "RefreshInProgress", CausePath: "$.busy.cause" })
    .pass("Lock held");
}

/** Releases the lock if this execution still holds it; never fails the refresh. */
export function releaseEnvironmentLock(label: string): Flow {
  return Flow.start().call(
    `Release the lock ${label}`,
    sdkCall("dynamodb", "deleteItem", {
      TableName: NAMES.stateTable,
      Key: lockKey(),
      ConditionExpression: "holder = :me",
      ExpressionAttributeValues: { ":me": { S: Context.executionId } },
    }),
    "conditional",
    {
      ResultPath: null,
      Catch: [{ ErrorEquals: ["States.ALL"], Next: FOLLOWING, ResultPath: null }],
    },
  );
}
