import { arns, NAMES, type StackModel } from "../../config/model";
import { Flow } from "../flow";
import { $, Context, States, type Ref } from "../paths";
import { sdkCall } from "../sdk";
import { catchAll } from "./jobs";

type Attribute = { S: string | Ref } | { N: Ref };

/**
 * Records a finished copy of `$.table` for the dev side, in the dev account's state table through
 * the copy recorder role: `copy#<table>` under the daily run's start time (`$.runStartedAt`, so that
 * a run that passes midnight files every table under its own date), with `attributes` saying where
 * the copy is. Any error goes to `onError`.
 */
export function recordForDev(
  model: StackModel,
  name: string,
  attributes: Record<string, Attribute>,
  onError: string,
): Flow {
  return Flow.start().call(
    name,
    sdkCall("dynamodb", "putItem", {
      TableName: NAMES.stateTable,
      Item: {
        pk: { S: States.format("copy#{}", $("$.table")) },
        // The daily run's start time is ISO-8601 for sure: the restore side sorts and ages by it.
        sk: { S: $("$.runStartedAt") },
        table: { S: $("$.table") },
        ...attributes,
        prodExecution: { S: Context.executionId },
      },
    }),
    "same",
    {
      Credentials: { RoleArn: arns(model).copyRecorderRole },
      ResultPath: null,
      // Which error a Task sees when its role cannot be assumed is not documented.
      Catch: [catchAll(onError)],
    },
  );
}
