import { s3ExportTableNames } from "../config/catalog";
import {
  chatConfigurationName,
  exportBucketName,
  logGroupOf,
  NAMES,
  type StackModel,
} from "../config/model";
import type { StackPlan } from "./plan";

/** What the inventory reads of a plan: its roles and machines (the deployer's policy comes after). */
type PlannedResources = Pick<StackPlan, "machines" | "policies" | "managedPolicies">;

/**
 * The kinds of AWS resource a stack deploys, each with the Pulumi resource types that make it up
 * (the first one carries its physical name).
 */
export const RESOURCE_KINDS = {
  "iam-role": [
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  ],
  "kms-key": ["aws:kms/key:Key", "aws:kms/alias:Alias"],
  "backup-vault": ["aws:backup/vault:Vault", "aws:backup/vaultPolicy:VaultPolicy"],
  "backup-region-settings": ["aws:backup/regionSettings:RegionSettings"],
  "s3-bucket": [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketPolicy:BucketPolicy",
  ],
  "log-group": ["aws:cloudwatch/logGroup:LogGroup"],
  "state-machine": ["aws:sfn/stateMachine:StateMachine"],
  "event-rule": ["aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget"],
  "sns-topic": [
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sns/topicSubscription:TopicSubscription",
  ],
  "dynamodb-table": ["aws:dynamodb/table:Table"],
  /** A customer managed policy: the chat channels' guardrail. */
  "iam-policy": ["aws:iam/policy:Policy"],
  "chatbot-slack-channel": ["aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration"],
  "chatbot-teams-channel": ["aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration"],
  /** A prod table the program only looks up (`aws.dynamodb.getTable`), never declares. */
  "dynamodb-table-lookup": [],
} as const;

export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** One resource the stack deploys (or, for a lookup, reads), by kind and physical name. */
export interface StackResource {
  kind: ResourceKind;
  /** Physical name: a role's, a key's alias, a vault's, a bucket's, a log group's... */
  name: string;
  /** Roles only: whom the deployer hands the role to (`iam:PassRole`), if anyone. */
  passedTo?: string;
  /** Roles only: the AWS managed policies attached to it. */
  managedPolicies?: readonly string[];
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
