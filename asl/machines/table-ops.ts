import type { StackModel } from "../../config/model";
import { Flow, when } from "../flow";
import { jsonata } from "../jsonata";
import { $ } from "../paths";
import { POLL_RETRIES, pollsWithin, pollUntilDone, type PollSchedule } from "../poll";
import { Retry } from "../retry";
import { sdkCall, sdkError, sdkUnmodelledError, type SdkCall } from "../sdk";
import type { Catcher, ChoiceExpression, Retrier } from "../types";
import { catchAll, POLL_BUDGET } from "./jobs";

/** The dev table every step of a per-table restore acts on: `$.targetTable`, nothing else. */
export const TARGET = () => $("$.targetTable");

/** UpdateTable refuses while the table or an index is still changing: wait and try again. */
export const WAIT_WHILE_BUSY: Retrier = Retry.on([sdkError("dynamodb", "ResourceInUseException")], {
  intervalSeconds: 10,
  maxAttempts: 6,
  maxDelaySeconds: 120,
});

/** Hours a table may take to become ACTIVE, or to go, before the machine gives up on it. */
const TABLE_HOURS = 2;

/** Control-plane changes take seconds to minutes: poll often, then every two minutes. */
export const TABLE_POLLING: PollSchedule = { seconds: 15, maxSeconds: 120 };

/**
 * Polls DescribeTable until the target is ACTIVE. DynamoDB takes one kind of change per UpdateTable
 * call and refuses another while UPDATING, so every change is followed by one of these. Errors of
 * DescribeTable go to `onError`, but a table that is gone goes to `ifGone` where given.
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
  ifGone?: Catcher,
): Flow {
  return pollUntilDone({
    job: label,
    describe: sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
    resultPath: "$.described",
    statusPath: "$.described.Table.TableStatus",
    succeeded: ["ACTIVE"],
    interval: schedule.polling,
    maxPolls: pollsWithin(schedule.polling, schedule.hours),
    counterPath: "$.poll",
    budget: POLL_BUDGET,
    onTimeout,
    catch: [...(ifGone === undefined ? [] : [ifGone]), catchAll(onError)],
  });
}

/** How to tell that a change has taken effect: a read of the table and a test of its answer. */
export interface ChangeCheck {
  /** The read; its answer goes to `resultPath`. DescribeTable where not given. */
  read?: SdkCall;
  resultPath?: string;
  /** Holds of that answer once the change is in effect. */
  inEffect: ChoiceExpression;
  /**
   * Where a Choice cannot tell: a JSONata test of the state after the read, put at `$.check`
   * under the name `inEffect` tests.
   */
  verdict?: string;
}

/**
 * One change to the dev table, then a wait for ACTIVE. The call is retried on throttling and on
 * failures on AWS's side; one of those may have taken effect unseen, and the change repeated then
 * is refused (no change, or already on), under DynamoDB's base exception. So a refusal of that
 * kind is checked against the table: a change in effect goes on, any other error ends in
 * `onError` with the call's error at `$.error`.
 */
export function changeTable(
  model: StackModel,
  name: string,
  call: SdkCall,
  onError: string,
  check: ChangeCheck,
): Flow {
  const checkName = `Check: ${name.toLowerCase()}`;
  const verdict = `In effect: ${name.toLowerCase()}?`;
  const wait = waitUntilActive(
    model,
    `the table after: ${name.toLowerCase()}`,
    "Table stayed busy",
    onError,
  );
  const refused: Catcher = {
    ErrorEquals: [sdkUnmodelledError("dynamodb")],
    Next: checkName,
    ResultPath: "$.error",
  };
  const resultPath = check.resultPath ?? "$.described";
  return Flow.start()
    .call(name, call, "checked", {
      ResultPath: null,
      Retry: [WAIT_WHILE_BUSY],
      Catch: [refused, catchAll(onError)],
      Next: wait.startName!,
    })
    .call(
      checkName,
      check.read ?? sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
      "read",
      {
        retries: POLL_RETRIES,
        ResultPath: resultPath,
        Catch: [{ ...catchAll(onError), ResultPath: null }],
      },
    )
    .then(
      check.verdict === undefined
        ? Flow.start()
        : Flow.start().compute(
            `Judge: ${name.toLowerCase()}`,
            jsonata(`$merge([$states.input, {'check': {'inEffect': ${check.verdict}}}])`),
          ),
    )
    .choice(verdict, [when(check.inEffect, wait.startName!)], { Default: onError })
    .then(wait);
}
