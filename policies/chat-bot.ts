import { arns, NAMES, type StackModel } from "../config/model";
import type { NamedPolicy } from "./document";
import { identityPolicy } from "./identity";
import { externalIdTrust } from "./trust";

/** What the chat bot may do: start refreshes and follow them, on the restore machine only. */
export const CHAT_BOT_ACTIONS = [
  "states:StartExecution",
  "states:ListExecutions",
  "states:DescribeExecution",
  "states:GetExecutionHistory",
] as const;

/**
 * The role the chat bot assumes in the dev account, when the dev stack configures `chatBot`: trusted
 * by the configured principal with its external ID; it can start the restore machine and read its
 * executions, list and read the child executions of their Map Runs (one per table), and nothing else
 * (not stop them, not run the per-table machine directly).
 */
export function chatBotPolicies(model: StackModel): NamedPolicy[] {
  const bot = model.settings.chatBot;
  if (bot === undefined) return [];
  const a = arns(model);
  const role = NAMES.chatBotRole;
  const executions = a.executionsOf(model.accounts.dev, NAMES.restoreMachine);
  // The restore machine's Distributed Map: its Map Runs, `mapRun:<machine>/<label>:<id>`, and their
  // child executions, one per table, `execution:<machine>/<label>:<id>`.
  const mapRuns = a.mapRunsOf(model.accounts.dev, NAMES.restoreMachine);
  const childExecutions = a.mapRunExecutionsOf(model.accounts.dev, NAMES.restoreMachine);
  return [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: identityPolicy(role, CHAT_BOT_ACTIONS, {
        "states:StartExecution": [a.restoreMachine],
        "states:ListExecutions": [a.restoreMachine, mapRuns],
        "states:DescribeExecution": [executions, childExecutions],
        "states:GetExecutionHistory": [executions],
      }),
    },
    {
      name: `${role}.trust`,
      kind: "trust",
      attachedTo: role,
      document: externalIdTrust(bot.principal, bot.externalId),
    },
  ];
}
