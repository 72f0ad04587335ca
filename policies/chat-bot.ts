import { NAMES, type StackModel } from "../config/model";
import type { NamedPolicy } from "./document";
import { refreshAccessPolicy } from "./refresh-access";
import { externalIdTrust } from "./trust";

/**
 * The role the chat bot assumes in the dev account, when the dev stack configures `chatBot`: trusted
 * by the configured principal with its external ID; it can start the restore machine and read its
 * executions, list and read the child executions of their Map Runs (one per table), and nothing else
 * (not stop them, not run the per-table machine directly).
 */
export function chatBotPolicies(model: StackModel): NamedPolicy[] {
  const bot = model.settings.chatBot;
  if (bot === undefined) return [];
  const role = NAMES.chatBotRole;
  return [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: refreshAccessPolicy(model, role),
    },
    {
      name: `${role}.trust`,
      kind: "trust",
      attachedTo: role,
      document: externalIdTrust(bot.principal, bot.externalId),
    },
  ];
}
