import { s3ExportTableNames } from "../config/catalog";
import {
  chatConfigurationName,
  exportBucketName,
  logGroupOf,
  NAMES,
  type StackModel,
} from "../config/model";
import type { NamedPolicy } from "../policies/document";
import type { StackResource } from "./resources";

export { RESOURCE_KINDS, type ResourceKind, type StackResource } from "./resources";

/** What the inventory reads of a plan: its roles and machines (the deployer's policy comes after). */
interface PlannedResources {
  machines: readonly { name: string; role: string }[];
  policies: readonly NamedPolicy[];
  managedPolicies: Readonly<Record<string, readonly string[]>>;
}

/** Whom the deployer hands a role to: Step Functions, EventBridge, Amazon Q Developer. */
function passedTo(role: string, machineRoles: Set<string>): string | undefined {
  if (machineRoles.has(role)) return "states.amazonaws.com";
  if (role === NAMES.scheduleRole) return "events.amazonaws.com";
  if (role === NAMES.chatChannelRole) return "chatbot.amazonaws.com";
  return undefined;
}

/** The roles of a plan, with what each is handed to and the managed policies it carries. */
function roles(plan: PlannedResources): StackResource[] {
  const machineRoles = new Set(plan.machines.map((m) => m.role));
  return plan.policies
    .filter((p) => p.kind === "trust")
    .map((p) => {
      const to = passedTo(p.attachedTo, machineRoles);
      const managed = plan.managedPolicies[p.attachedTo];
      return {
        kind: "iam-role" as const,
        name: p.attachedTo,
        ...(to === undefined ? {} : { passedTo: to }),
        ...(managed === undefined ? {} : { managedPolicies: managed }),
      };
    });
}

/** The chat channels' configurations and their guardrail, where the stack lists channels. */
function chatChannels(model: StackModel, plan: PlannedResources): StackResource[] {
  const guardrails = plan.policies.filter((p) => p.kind === "guardrail");
  return [
    ...guardrails.map((p) => ({ kind: "iam-policy" as const, name: p.attachedTo })),
    ...(model.settings.chat ?? []).map((channel) => ({
      kind:
        channel.slack !== undefined
          ? ("chatbot-slack-channel" as const)
          : ("chatbot-teams-channel" as const),
      name: chatConfigurationName(channel),
    })),
  ];
}

/**
 * Every resource `infra/program.ts` declares for a stack, from the same model and plan and by the
 * same names (test/stack/inventory.test.ts runs the program and compares): what the deployer's
 * policy is derived from.
 */
export function stackResources(model: StackModel, plan: PlannedResources): StackResource[] {
  const machines = plan.machines.flatMap((m): StackResource[] => [
    { kind: "state-machine", name: m.name },
    { kind: "log-group", name: logGroupOf(m.name) },
  ]);
  const common = [...roles(plan), ...machines, ...chatChannels(model, plan)];
  if (model.stack === "prod") {
    const exportBucket = plan.policies.some((p) => p.kind === "bucket");
    const lookedUp = model.settings.enablePointInTimeRecovery
      ? []
      : s3ExportTableNames(model.tables);
    return [
      ...common,
      { kind: "kms-key", name: NAMES.prodKeyAlias },
      { kind: "backup-vault", name: NAMES.prodVault },
      ...(model.settings.manageRegionSettings
        ? [{ kind: "backup-region-settings" as const, name: model.region }]
        : []),
      ...(exportBucket
        ? [
            { kind: "kms-key" as const, name: NAMES.exportKeyAlias },
            { kind: "s3-bucket" as const, name: exportBucketName(model) },
          ]
        : []),
      { kind: "event-rule", name: NAMES.scheduleRule },
      { kind: "event-rule", name: NAMES.prodRunsRule },
      { kind: "sns-topic", name: NAMES.prodTopic },
      ...lookedUp.map((name) => ({ kind: "dynamodb-table-lookup" as const, name })),
    ];
  }
  return [
    ...common,
    { kind: "kms-key", name: NAMES.devKeyAlias },
    { kind: "backup-vault", name: NAMES.devVault },
    { kind: "dynamodb-table", name: NAMES.stateTable },
    { kind: "event-rule", name: NAMES.devRunsRule },
    { kind: "sns-topic", name: NAMES.devTopic },
  ];
}
