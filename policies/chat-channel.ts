import { NAMES, type StackModel } from "../config/model";
import type { NamedPolicy } from "./document";
import { refreshAccessPolicy } from "./refresh-access";
import { chatbotTrust } from "./trust";

/**
 * AWS's own policy that denies every action (`AWSDenyAll`, "Deny all access"): the guardrail of a
 * prod channel, which only hears how daily runs end and runs no command, whatever role a member
 * picks. Guardrails cap, they never grant.
 */
export function denyAllArn(model: Pick<StackModel, "partition">): string {
  return `arn:${model.partition}:iam::aws:policy/AWSDenyAll`;
}

/**
 * The chat channels' role, and in dev their guardrail, where the stack configures `chat`. Amazon Q
 * Developer acts in a channel with the channel's role (or a member's own role, where the member
 * picks one), always within the channel's guardrail policies; left unset, the guardrail is
 * AdministratorAccess. So a guardrail is always set: in dev a customer managed policy of the
 * channel role's own reach (starting and following refreshes); in prod `AWSDenyAll`. A prod
 * channel's role has no permission at all: custom notifications need none.
 */
export function chatChannelPolicies(model: StackModel): NamedPolicy[] {
  if (model.settings.chat === undefined) return [];
  const role = NAMES.chatChannelRole;
  const trust: NamedPolicy = {
    name: `${role}.trust`,
    kind: "trust",
    attachedTo: role,
    document: chatbotTrust(),
  };
  if (model.stack === "prod") return [trust];
  return [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: refreshAccessPolicy(model, role),
    },
    trust,
    {
      name: NAMES.chatGuardrail,
      kind: "guardrail",
      attachedTo: NAMES.chatGuardrail,
      document: refreshAccessPolicy(model, NAMES.chatGuardrail),
    },
  ];
}
