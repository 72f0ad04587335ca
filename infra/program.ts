import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../config/load";
import { EXPORT_PREFIX, exportBucketName, NAMES, toModel, type StackModel } from "../config/model";
import { denyAllArn } from "../policies/chat-channel";
import type { NamedPolicy } from "../policies/document";
import { planStack, type StackPlan } from "../stack/plan";
import { STOPPED_STATUSES, stoppedRunNotice } from "../stack/stopped-run-notice";
import { BackupVault } from "./backup-vault";
import { ChatChannels } from "./chat-channels";
import { ExportBucket } from "./export-bucket";
import { requirePointInTimeRecovery } from "./point-in-time-recovery";
import { PlanRoles } from "./roles";
import { RunNotifications } from "./run-notifications";
import { Schedule } from "./schedule";
import { PlanStateMachines } from "./state-machines";
import { StateTable } from "./state-table";

const LOG_RETENTION_DAYS = 30;

function findDocument(plan: StackPlan, kind: NamedPolicy["kind"], attachedTo: string) {
  return plan.policies.find((p) => p.kind === kind && p.attachedTo === attachedTo)?.document;
}

function documentOf(plan: StackPlan, kind: NamedPolicy["kind"], attachedTo: string) {
  const found = findDocument(plan, kind, attachedTo);
  if (found === undefined)
    throw new Error(`the plan of stack ${plan.stack} has no ${kind} policy for ${attachedTo}`);
  return found;
}

/**
 * The stack's chat channels, where it lists any, showing the messages of its run topic: in dev,
 * refreshes; in prod, daily runs. Their configuration ARNs, by channel name.
 */
function declareChatChannels(
  model: StackModel,
  plan: StackPlan,
  roles: PlanRoles,
  topicArn: pulumi.Output<string>,
): Record<string, pulumi.Output<string>> | undefined {
  if (model.settings.chat === undefined) return undefined;
  return new ChatChannels("chat-channels", {
    channels: model.settings.chat,
    roleArn: roles.roles[NAMES.chatChannelRole]!.arn,
    guardrail:
      model.stack === "dev"
        ? {
            name: NAMES.chatGuardrail,
            document: documentOf(plan, "guardrail", NAMES.chatGuardrail),
          }
        : { arn: denyAllArn(model) },
    topicArn,
  }).configurationArns;
}

function declareMachines(model: StackModel, plan: StackPlan) {
  const roles = new PlanRoles("roles", { plan });
  const machines = new PlanStateMachines("state-machines", {
    machines: plan.machines,
    roles: roles.roles,
    xrayTracing: model.settings.xrayTracing,
    logRetentionDays: LOG_RETENTION_DAYS,
  });
  return { roles, machines };
}

/** The bucket of `s3-export` tables' exports and its key, where the plan has a policy for it. */
function declareExportBucket(model: StackModel, plan: StackPlan) {
  const bucketName = exportBucketName(model);
  const bucketPolicy = findDocument(plan, "bucket", bucketName);
  if (bucketPolicy === undefined) return undefined;
  return new ExportBucket("export-bucket", {
    bucketName,
    keyAlias: NAMES.exportKeyAlias,
    keyPolicy: documentOf(plan, "kms-key", NAMES.exportKeyAlias),
    bucketPolicy,
    exportPrefix: EXPORT_PREFIX,
    // Dev imports from the exports: they are kept as long as the dev copies.
    expireAfterDays: model.settings.devRetentionDays,
  });
}

function declareProd(model: StackModel, plan: StackPlan) {
  const { roles, machines } = declareMachines(model, plan);
  const vault = new BackupVault("prod-vault", {
    vaultName: NAMES.prodVault,
    keyAlias: NAMES.prodKeyAlias,
    keyPolicy: documentOf(plan, "kms-key", NAMES.prodKeyAlias),
    keyPrincipals: [roles.roles[NAMES.backupServiceRole]!],
  });
  if (model.settings.manageRegionSettings) {
    // Cross-account copies of DynamoDB backups need AWS Backup's advanced DynamoDB backup.
    new aws.backup.RegionSettings("backup-region-settings", {
      resourceTypeOptInPreference: { DynamoDB: true },
      resourceTypeManagementPreference: { DynamoDB: true },
    });
  }
  const exports = declareExportBucket(model, plan);
  const backupMachine = machines.machines[NAMES.backupMachine]!;
  new Schedule(NAMES.scheduleRule, {
    expression: model.settings.schedule,
    stateMachineArn: backupMachine.arn,
    roleArn: roles.roles[NAMES.scheduleRole]!.arn,
  });
  const alerts = new RunNotifications(NAMES.prodRunsRule, {
    topicName: NAMES.prodTopic,
    stateMachineArn: backupMachine.arn,
    statuses: STOPPED_STATUSES,
    notice: stoppedRunNotice(model, NAMES.backupMachine, "daily-run"),
    emails: model.settings.notificationEmails,
    account: model.accounts.prod,
  });
  return {
    roles,
    machines,
    vaultArn: vault.vault.arn,
    topicArn: alerts.topic.arn,
    chatConfigurationArns: declareChatChannels(model, plan, roles, alerts.topic.arn),
    // Where the daily run exports `s3-export` tables to, when the catalog has any.
    stackOnly:
      exports === undefined
        ? {}
        : { exportBucketName: exports.bucket.bucket, exportKeyArn: exports.key.arn },
  };
}

function declareDev(model: StackModel, plan: StackPlan) {
  const { roles, machines } = declareMachines(model, plan);
  const vault = new BackupVault("dev-vault", {
    vaultName: NAMES.devVault,
    keyAlias: NAMES.devKeyAlias,
    keyPolicy: documentOf(plan, "kms-key", NAMES.devKeyAlias),
    accessPolicy: documentOf(plan, "vault-access", NAMES.devVault),
    keyPrincipals: [roles.roles[NAMES.restoreServiceRole]!],
  });
  const state = new StateTable("state-table", { tableName: NAMES.stateTable });
  const restoreMachine = machines.machines[NAMES.restoreMachine]!;
  const notices = new RunNotifications(NAMES.devRunsRule, {
    topicName: NAMES.devTopic,
    stateMachineArn: restoreMachine.arn,
    statuses: STOPPED_STATUSES,
    notice: stoppedRunNotice(model, NAMES.restoreMachine, "refresh"),
    emails: model.settings.notificationEmails,
    account: model.accounts.dev,
  });
  return {
    roles,
    machines,
    vaultArn: vault.vault.arn,
    topicArn: notices.topic.arn,
    chatConfigurationArns: declareChatChannels(model, plan, roles, notices.topic.arn),
    stateTableArn: state.table.arn,
    // What the chat bot and `datarefresh refresh` need: the machine to start, the role to assume.
    stackOnly: {
      restoreStateMachineArn: restoreMachine.arn,
      chatBotRoleArn: roles.roles[NAMES.chatBotRole]?.arn,
    },
  };
}

const arnsOf = <T extends { arn: pulumi.Output<string> }>(record: Record<string, T>) =>
  Object.fromEntries(Object.entries(record).map(([name, r]) => [name, r.arn]));

export interface StackOutputs {
  stack: StackModel["stack"];
  stateMachineArns: Record<string, pulumi.Output<string>>;
  roleArns: Record<string, pulumi.Output<string>>;
  vaultArn: pulumi.Output<string>;
  topicArn: pulumi.Output<string>;
  /** Where the stack lists chat channels: each channel's configuration ARN, by channel name. */
  chatConfigurationArns?: Record<string, pulumi.Output<string>>;
  /** Dev only: the machine the chat bot starts. */
  restoreStateMachineArn?: pulumi.Output<string>;
  /** Dev only, where `chatBot` is configured: the role the chat bot assumes. */
  chatBotRoleArn?: pulumi.Output<string>;
  /** Prod only, where some table is `s3-export`: the bucket its exports go to. */
  exportBucketName?: pulumi.Output<string>;
  /** Prod only, where some table is `s3-export`: the key that encrypts the exports. */
  exportKeyArn?: pulumi.Output<string>;
}

/**
 * Declares one stack's resources from its config file; returns the stack outputs. Rejects, having
 * declared nothing, where the configuration is invalid or the prod tables are not ready for it
 * (see `requirePointInTimeRecovery`).
 */
export async function declareStack(projectDir: string, stack: string): Promise<StackOutputs> {
  const model = toModel(loadConfig(projectDir, stack));
  const plan = planStack(model);
  await requirePointInTimeRecovery(model);
  const declared = model.stack === "prod" ? declareProd(model, plan) : declareDev(model, plan);
  return {
    stack: model.stack,
    stateMachineArns: arnsOf(declared.machines.machines),
    roleArns: arnsOf(declared.roles.roles),
    vaultArn: declared.vaultArn,
    topicArn: declared.topicArn,
    chatConfigurationArns: declared.chatConfigurationArns,
    ...declared.stackOnly,
  };
}
