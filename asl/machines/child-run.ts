import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata } from "../jsonata";
import { $, States } from "../paths";
import { sdkCall } from "../sdk";

/**
 * What a retried `startExecution.sync:2` fails with when its named child has already ended.
 * StartExecution is idempotent only while the execution with that name runs; once it has closed,
 * the same call is refused ExecutionAlreadyExists (Step Functions API reference, StartExecution).
 * The optimized integration's name for it is not documented: both forms are caught.
 */
export const CHILD_ALREADY_EXISTS = [
  "StepFunctions.ExecutionAlreadyExists",
  "StepFunctions.ExecutionAlreadyExistsException",
];

/**
 * After CHILD_ALREADY_EXISTS: the start had taken effect but its answer was lost, and the child
 * (named `$.name`) ended before the retry. Its own ending is read and taken as the Task's: its
 * output as `$.run.outcome`, then `onResult`; or its error and cause as `$.failure`, then
 * `onFailure`. A child still running (another input under the same name) leaves the failure as
 * caught.
 */
export function takeEndedChild(
  prefix: string,
  childMachineArn: string,
  next: { onResult: string; onFailure: string },
): Flow {
  const executions = childMachineArn.replace(":stateMachine:", ":execution:");
  return Flow.start()
    .call(
      `${prefix}: read the run that ended`,
      sdkCall("sfn", "describeExecution", {
        ExecutionArn: States.format(`${executions}:{}`, $("$.name")),
      }),
      "read",
      {
        ResultPath: "$.ended",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: next.onFailure, ResultPath: null }],
      },
    )
    .choice(
      `${prefix}: how did it end?`,
      [
        when(Condition.stringEquals("$.ended.Status", "SUCCEEDED"), `${prefix}: take its output`),
        when(Condition.stringEquals("$.ended.Status", "RUNNING"), next.onFailure),
      ],
      { Default: `${prefix}: take its error` },
    )
    .pass(`${prefix}: take its output`, {
      Parameters: { outcome: States.stringToJson($("$.ended.Output")) },
      ResultPath: "$.run",
      Next: next.onResult,
    })
    .compute(
      `${prefix}: take its error`,
      jsonata(`(
        $e := $states.input.ended;
        $merge([$states.input, {'failure': {
          'Error': $exists($e.Error) ? $e.Error : 'States.' & $e.Status,
          'Cause': $exists($e.Cause) ? $e.Cause : 'the run ended ' & $e.Status
        }}])
      )`),
      { Next: next.onFailure },
    );
}
