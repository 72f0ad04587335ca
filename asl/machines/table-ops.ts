import type { StackModel } from "../../config/model";
import { Flow } from "../flow";
import { $ } from "../paths";
import { pollsWithin, pollUntilDone, type PollSchedule } from "../poll";
import { Retry, retryCall } from "../retry";
import { sdkCall, sdkError, type SdkCall } from "../sdk";
import type { Catcher, Retrier } from "../types";
import { catchAll, POLL_BUDGET } from "./jobs";

/** The dev table every step of a per-table restore acts on: `$.targetTable`, nothing else. */
export const TARGET = () => $("$.targetTable");

/** UpdateTable refuses while the table or an index is still changing: wait and try again. */
export const retryWhileBusy = (): Retrier[] => [
  ...retryCall("dynamodb"),
  Retry.on([sdkError("dynamodb", "ResourceInUseException")], {
    intervalSeconds: 10,
    maxAttempts: 10,
    maxDelaySeconds: 120,
  }),
];

/** Hours a table may take to become ACTIVE, or to go, before the machine gives up on it. */
const TABLE_HOURS = 2;

/** Control-plane changes take seconds to minutes: poll often, then every two minutes. */
export const TABLE_POLLING: PollSchedule = { seconds: 15, maxSeconds: 120 };

/**
 * Polls DescribeTable until the target is ACTIVE. DynamoDB takes one kind of change per UpdateTable
 * call and refuses another while UPDATING, so every change is followed by one of these.
 */
export function waitUntilActive(
  model: StackModel,
  label: string,
  onTimeout: string,
  onError = "Settings could not be put back",
  schedule: { polling: PollSchedule; hours: number } = {
    polling: TABLE_POLLING,
    hours: TABLE_HOURS,
  },
): Flow {
  return pollUntilDone({
    job: label,
    describe: sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
    resultPath: "$.described",
    statusPath: "$.described.Table.TableStatus",
    succeeded: ["ACTIVE"],
    failed: [],
    interval: schedule.polling,
    maxPolls: pollsWithin(schedule.polling, schedule.hours),
    counterPath: "$.poll",
    budget: POLL_BUDGET,
    onFailure: onTimeout,
    onTimeout,
    retry: retryCall("dynamodb"),
    catch: [catchAll(onError)],
  });
}

/** One change to the dev table, then a wait for ACTIVE. Any error ends in `onError`. */
export function changeTable(
  model: StackModel,
  name: string,
  call: SdkCall,
  onError: string,
  extraCatch: Catcher[] = [],
): Flow {
  return Flow.start()
    .task(name, call, {
      ResultPath: null,
      Retry: retryWhileBusy(),
      Catch: [...extraCatch, catchAll(onError)],
    })
    .then(
      waitUntilActive(
        model,
        `the table after: ${name.toLowerCase()}`,
        "Table stayed busy",
        onError,
      ),
    );
}
