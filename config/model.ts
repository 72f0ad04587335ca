import type { TableSpec } from "./catalog";
import type { ChatChannel } from "./chat-channels";
import type { LoadedConfig } from "./load";
import type { StackName, StackSettings } from "./stack-config";

const PREFIX = "datarefresh";

/** Physical names of everything the stacks create, fixed so that `synth` can show exact ARNs. */
export const NAMES = {
  prodVault: `${PREFIX}-prod`,
  devVault: `${PREFIX}-dev`,
  prodKeyAlias: `alias/${PREFIX}-prod-backup`,
  devKeyAlias: `alias/${PREFIX}-dev-backup`,
  backupServiceRole: `${PREFIX}-backup-service`,
  restoreServiceRole: `${PREFIX}-restore-service`,
  backupMachine: `${PREFIX}-backup-and-copy`,
  backupTableMachine: `${PREFIX}-backup-table`,
  backupMachineRole: `${PREFIX}-backup-and-copy-machine`,
  restoreMachine: `${PREFIX}-restore`,
  restoreTableMachine: `${PREFIX}-restore-table`,
  restoreMachineRole: `${PREFIX}-restore-machine`,
  stateTable: `${PREFIX}-state`,
  copyRecorderRole: `${PREFIX}-copy-recorder`,
  scheduleRole: `${PREFIX}-schedule`,
  eventsToSnsRole: `${PREFIX}-notify`,
  prodTopic: `${PREFIX}-prod-alerts`,
  devTopic: `${PREFIX}-dev-refreshes`,
  chatBotRole: `${PREFIX}-chat-bot`,
  chatChannelRole: `${PREFIX}-chat-channel`,
  chatGuardrail: `${PREFIX}-chat-guardrail`,
  exportKeyAlias: `alias/${PREFIX}-prod-exports`,
  importRole: `${PREFIX}-import`,
  scheduleRule: `${PREFIX}-daily-backup`,
  prodRunsRule: `${PREFIX}-backup-alerts`,
  devRunsRule: `${PREFIX}-refresh-outcomes`,
} as const;

/** The log group a state machine logs to (Step Functions' vended-logs prefix). */
export function logGroupOf(machine: string): string {
  return `/aws/vendedlogs/states/${machine}`;
}

/** A chat channel's configuration in Amazon Q Developer, unique in the account. */
export function chatConfigurationName(channel: Pick<ChatChannel, "name">): string {
  return `${PREFIX}-${channel.name}`;
}

/** The topic a stack's runs tell how they went, which its chat channels and e-mails hear. */
export function runTopicName(stack: StackName): string {
  return stack === "prod" ? NAMES.prodTopic : NAMES.devTopic;
}

/** Where in the export bucket the daily run writes: `exports/<table>/<day>/`. */
export const EXPORT_PREFIX = "exports";

/** The prod bucket of `s3-export` tables' exports: bucket names are global, hence account and Region. */
export function exportBucketName(model: Pick<StackModel, "region" | "accounts">): string {
  return `${PREFIX}-exports-${model.accounts.prod}-${model.region}`;
}

export interface Accounts {
  prod: string;
  dev: string;
}

/** The plain data every consumer (Pulumi, synth, the rehearsal) builds from. */
export interface StackModel {
  stack: StackName;
  region: string;
  partition: string;
  accounts: Accounts;
  settings: StackSettings;
  tables: TableSpec[];
  files: LoadedConfig["files"];
}

const CONSOLE_DOMAINS: Record<string, string> = {
  aws: "console.aws.amazon.com",
  "aws-cn": "console.amazonaws.cn",
  "aws-us-gov": "console.amazonaws-us-gov.com",
};

/** Where the AWS console shows an execution: this, then the execution's ARN. */
export function consoleExecutionUrlPrefix(partition: string, region: string): string {
  const domain = CONSOLE_DOMAINS[partition] ?? CONSOLE_DOMAINS.aws!;
  return `https://${region}.${domain}/states/home?region=${region}#/v2/executions/details/`;
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function toModel(config: LoadedConfig): StackModel {
  return {
    stack: config.stack,
    region: config.region,
    partition: partitionOf(config.region),
    accounts: { prod: config.settings.prodAccountId, dev: config.settings.devAccountId },
    settings: config.settings,
    tables: config.catalog.tables,
    files: config.files,
  };
}

/** ARNs of the named resources, in the model's partition and Region. */
export function arns(model: Pick<StackModel, "partition" | "region" | "accounts">) {
  const { partition: p, region: r, accounts } = model;
  const role = (account: string, name: string) => `arn:${p}:iam::${account}:role/${name}`;
  const machine = (account: string, name: string) =>
    `arn:${p}:states:${r}:${account}:stateMachine:${name}`;
  return {
    role,
    machine,
    executionsOf: (account: string, name: string) =>
      `arn:${p}:states:${r}:${account}:execution:${name}:*`,
    /** The child executions of a machine's Map Runs: `execution:<machine>/<label>:<id>`. */
    mapRunExecutionsOf: (account: string, name: string) =>
      `arn:${p}:states:${r}:${account}:execution:${name}/*`,
    /** A machine's Map Runs: `mapRun:<machine>/<label>:<id>`. */
    mapRunsOf: (account: string, name: string) =>
      `arn:${p}:states:${r}:${account}:mapRun:${name}/*`,
    vault: (account: string, name: string) =>
      `arn:${p}:backup:${r}:${account}:backup-vault:${name}`,
    table: (account: string, name: string) => `arn:${p}:dynamodb:${r}:${account}:table/${name}`,
    topic: (account: string, name: string) => `arn:${p}:sns:${r}:${account}:${name}`,
    prodTopic: `arn:${p}:sns:${r}:${accounts.prod}:${NAMES.prodTopic}`,
    devTopic: `arn:${p}:sns:${r}:${accounts.dev}:${NAMES.devTopic}`,
    managedPolicy: (account: string, name: string) => `arn:${p}:iam::${account}:policy/${name}`,
    recoveryPoints: (account: string) => `arn:${p}:backup:${r}:${account}:recovery-point:*`,
    backupJobs: (account: string) => `arn:${p}:backup:${r}:${account}:backup-job:*`,
    prodVault: `arn:${p}:backup:${r}:${accounts.prod}:backup-vault:${NAMES.prodVault}`,
    devVault: `arn:${p}:backup:${r}:${accounts.dev}:backup-vault:${NAMES.devVault}`,
    backupServiceRole: role(accounts.prod, NAMES.backupServiceRole),
    restoreServiceRole: role(accounts.dev, NAMES.restoreServiceRole),
    backupMachine: machine(accounts.prod, NAMES.backupMachine),
    backupTableMachine: machine(accounts.prod, NAMES.backupTableMachine),
    backupMachineRole: role(accounts.prod, NAMES.backupMachineRole),
    restoreMachine: machine(accounts.dev, NAMES.restoreMachine),
    restoreTableMachine: machine(accounts.dev, NAMES.restoreTableMachine),
    restoreMachineRole: role(accounts.dev, NAMES.restoreMachineRole),
    stateTable: `arn:${p}:dynamodb:${r}:${accounts.dev}:table/${NAMES.stateTable}`,
    copyRecorderRole: role(accounts.dev, NAMES.copyRecorderRole),
    chatBotRole: role(accounts.dev, NAMES.chatBotRole),
    chatChannelRole: (account: string) => role(account, NAMES.chatChannelRole),
    importRole: role(accounts.dev, NAMES.importRole),
    exportBucket: `arn:${p}:s3:::${exportBucketName(model)}`,
    exportObjects: `arn:${p}:s3:::${exportBucketName(model)}/${EXPORT_PREFIX}/*`,
    /** S3 accepts a key's alias where the key is in the caller's account: the exports use it. */
    exportKeyAlias: `arn:${p}:kms:${r}:${accounts.prod}:${NAMES.exportKeyAlias}`,
    keysOf: (account: string) => `arn:${p}:kms:${r}:${account}:key/*`,
    exportsOf: (account: string, table: string) =>
      `arn:${p}:dynamodb:${r}:${account}:table/${table}/export/*`,
    importsOf: (account: string, table: string) =>
      `arn:${p}:dynamodb:${r}:${account}:table/${table}/import/*`,
  };
}

export type Arns = ReturnType<typeof arns>;
