import { arns, NAMES, type StackModel } from "../config/model";
import type { PolicyDocument } from "./document";
import { identityPolicy, type ResourceScopes } from "./identity";

/** What a chat principal may do with refreshes: start them and follow them, nothing else. */
export const REFRESH_ACCESS_ACTIONS = [
  "states:StartExecution",
  "states:ListExecutions",
  "states:DescribeExecution",
  "states:GetExecutionHistory",
] as const;

/**
 * Where: the restore machine and its executions, the child executions of their Map Runs (one per
 * table) and those Map Runs. Not stopping them, not running the per-table machine directly.
 */
function refreshAccessScopes(model: StackModel): ResourceScopes {
  const a = arns(model);
  const executions = a.executionsOf(model.accounts.dev, NAMES.restoreMachine);
  // The restore machine's Distributed Map: its Map Runs, `mapRun:<machine>/<label>:<id>`, and their
  // child executions, one per table, `execution:<machine>/<label>:<id>`.
  const mapRuns = a.mapRunsOf(model.accounts.dev, NAMES.restoreMachine);
  const childExecutions = a.mapRunExecutionsOf(model.accounts.dev, NAMES.restoreMachine);
  return {
    "states:StartExecution": [a.restoreMachine],
    "states:ListExecutions": [a.restoreMachine, mapRuns],
    "states:DescribeExecution": [executions, childExecutions],
    "states:GetExecutionHistory": [executions],
  };
}

/**
 * The policy of whoever refreshes from chat: a chat bot's role, a chat channel's role, and the
 * channel's guardrail, which caps every role a channel member acts with to the same reach.
 */
export function refreshAccessPolicy(model: StackModel, holder: string): PolicyDocument {
  return identityPolicy(holder, REFRESH_ACCESS_ACTIONS, refreshAccessScopes(model));
}
