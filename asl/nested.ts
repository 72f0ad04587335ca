import type { TaskTarget } from "./flow";
import { $, type Ref } from "./paths";
import { renderPayload, type AnyPayload } from "./payload";
import type { Integration } from "./retry";

/**
 * Runs another state machine and waits for it (`startExecution.sync:2`: the child's output comes
 * back as JSON). Its history stays in the child, so a long per-table loop never fills the parent's.
 * The child is tied to the parent (`AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`), so stopping the
 * parent stops it. Named, so that starting it again after an error that may have taken effect
 * returns the execution already running (StartExecution is idempotent by name and input for
 * Standard workflows) instead of starting a second one.
 */
export function startExecutionSync(
  stateMachineArn: string,
  name: Ref,
  input: AnyPayload,
): TaskTarget & { integration: Integration } {
  return {
    resource: "arn:aws:states:::states:startExecution.sync:2",
    parameters: renderPayload({
      StateMachineArn: stateMachineArn,
      Name: name,
      Input: { ...input, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: $("$$.Execution.Id") },
    }),
    integration: "states-sync",
  };
}
