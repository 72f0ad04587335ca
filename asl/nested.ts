import type { TaskTarget } from "./flow";
import { $ } from "./paths";
import { renderPayload, type AnyPayload } from "./payload";

/**
 * Runs another state machine and waits for it (`startExecution.sync:2`: the child's output comes
 * back as JSON). Its history stays in the child, so a long per-table loop never fills the parent's.
 * The child is tied to the parent (`AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`), so stopping the
 * parent stops it.
 */
export function startExecutionSync(stateMachineArn: string, input: AnyPayload): TaskTarget {
  return {
    resource: "arn:aws:states:::states:startExecution.sync:2",
    parameters: renderPayload({
      StateMachineArn: stateMachineArn,
      Input: { ...input, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: $("$$.Execution.Id") },
    }),
  };
}
