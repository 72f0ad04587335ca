import { expect } from "chai";
import { arns, NAMES, type StackModel } from "../../config/model";
import { callsOf, mergeCalls } from "../../policies/derive";
import type { PolicyDocument } from "../../policies/document";
import {
  devKeyPolicy,
  devVaultAccessPolicy,
  exportBucketPolicy,
  exportKeyPolicy,
  prodKeyPolicy,
} from "../../policies/resource-policies";
import {
  copyRecorderScopes,
  devMachineScopes,
  importRoleScopes,
  prodMachineScopes,
} from "../../policies/scopes";
import { resourcesOf, type ResourceScopes } from "../../policies/identity";
import { Authorizer, type AuthRequest } from "../../rehearsal/authorize";
import { managedPolicyStandIn } from "../../rehearsal/service-access";
import { planStack } from "../../stack/plan";
import { topicPolicy } from "../../policies/topic";
import { MAP_RUN_LABEL } from "../../asl/machines/map-run";
import { s3ExportProject, withChat, withChatBot } from "../helpers/project";
import { models } from "../helpers/rehearsal";
import { perFile } from "../helpers/per-file";

/**
 * Who may do what, decided by @cloud-copilot/iam-simulate on the policies synth writes: the
 * promise that production data is safe and that a refresh reaches one environment at most.
 */
interface Row extends AuthRequest {
  why: string;
  expected: "Allowed" | "Denied";
}

/**
 * The example stacks with an `s3-export` table, a chat bot and chat channels, so that the export
 * bucket, key and import role, the chat bot's role and the channels' roles and guardrails exist.
 */
const { prod, dev } = models({}, withChat(withChatBot(s3ExportProject())));
const a = arns(prod);
const OTHER_ACCOUNT = "333333333333";
const VIA_BACKUP = { "kms:ViaService": `backup.${prod.region}.amazonaws.com` };
const VIA_S3 = { "kms:ViaService": `s3.${prod.region}.amazonaws.com` };
/** A KMS call S3 makes with the export key, for the caller. */
const VIA_S3_TO_EXPORTS = { ...VIA_S3, "kms:ResourceAliases": [NAMES.exportKeyAlias] };
/** Service roles get their own permissions from AWS managed policies, taken here as allowing. */
const managedAllows = managedPolicyStandIn;

/** Actions on a log stream, whose scope is its log group's. */
const ON_LOG_STREAM = new Set(["logs:CreateLogStream", "logs:PutLogEvents"]);

/** A resource inside a scope pattern: the pattern with its trailing wildcard filled in. */
function sampleOf(pattern: string, action: string): string {
  if (pattern === "*") return "*";
  const filled = pattern.replace(/\*$/, "Sample1");
  return ON_LOG_STREAM.has(action) ? `${filled}:log-stream:Sample1` : filled;
}

/**
 * What else a derived call needs: S3 calls on the export bucket go through its policy; KMS calls
 * (made by S3 for the caller) through the export key's.
 */
function throughResourcePolicy(action: string): Partial<Row> {
  if (action.startsWith("s3:")) {
    return {
      resourcePolicy: exportBucketPolicy(prod),
      resourceAccount: prod.accounts.prod,
      context: {
        "aws:SecureTransport": "true",
        ...(action === "s3:ListBucket" ? { "s3:prefix": "exports/Sample1/" } : {}),
      },
    };
  }
  if (action.startsWith("kms:")) {
    return { resourcePolicy: exportKeyPolicy(prod), context: VIA_S3_TO_EXPORTS };
  }
  return {};
}

/** Where the roles the machines assume may act, by role ARN. */
function assumedRoleScopes(model: StackModel): Record<string, ResourceScopes> {
  return {
    [a.copyRecorderRole]: copyRecorderScopes(model),
    [a.importRole]: importRoleScopes(model),
  };
}

/** One row per SDK action each machine calls, on a resource of its scope: all must be allowed. */
function derivedAllowRows(model: StackModel, scopes: ResourceScopes): Row[] {
  const plan = planStack(model);
  const rows: Row[] = [];
  for (const machine of plan.machines) {
    const role = a.role(model.accounts[model.stack], machine.role);
    const calls = mergeCalls([callsOf(machine.definition)]);
    for (const action of [...calls.own].filter((x) => x !== "sts:AssumeRole")) {
      const pattern = resourcesOf(scopes[action])[0];
      expect(pattern, `${machine.name} calls ${action} but no scope says where`).to.be.a("string");
      rows.push({
        why: `${machine.name} calls ${action}`,
        principal: role,
        action,
        resource: sampleOf(pattern!, action),
        ...throughResourcePolicy(action),
        expected: "Allowed",
      });
    }
    for (const [assumed, actions] of calls.assumed) {
      for (const action of actions) {
        rows.push({
          why: `${machine.name} calls ${action} as ${assumed.split("/")[1]}`,
          principal: assumed,
          action,
          resource: sampleOf(resourcesOf(assumedRoleScopes(model)[assumed]![action])[0]!, action),
          ...throughResourcePolicy(action),
          expected: "Allowed",
        });
      }
    }
  }
  return rows;
}

const prodTable = (name: string) => a.table(prod.accounts.prod, name);
const devTable = (name: string) => a.table(prod.accounts.dev, name);
const prodRoles = [a.backupMachineRole, a.backupServiceRole];
const devRoles = [a.restoreMachineRole, a.restoreServiceRole, a.copyRecorderRole];

const deniedRows = (): Row[] => [
  ...prodRoles.flatMap((principal) =>
    [
      "dynamodb:DeleteTable",
      "dynamodb:UpdateTable",
      "dynamodb:PutItem",
      "dynamodb:RestoreTableFromBackup",
      "dynamodb:DeleteItem",
    ].map((action): Row => ({
      why: "no role of this project writes or deletes a prod table",
      principal,
      action,
      resource: prodTable("Following"),
      expected: "Denied",
      identity: principal === a.backupServiceRole ? [] : undefined!,
    })),
  ),
  ...devRoles.map((principal): Row => ({
    why: "no dev role reaches a prod table",
    principal,
    action: "dynamodb:DeleteTable",
    resource: prodTable("Following"),
    expected: "Denied",
  })),
  ...[...prodRoles, ...devRoles].flatMap((principal) =>
    [
      "backup:DeleteRecoveryPoint",
      "backup:DeleteBackupVault",
      "backup:PutBackupVaultAccessPolicy",
    ].map((action): Row => ({
      why: "no role of this project deletes a recovery point or a vault",
      principal,
      action,
      resource:
        action === "backup:DeleteRecoveryPoint"
          ? `${a.prodVault.replace(/backup-vault:.*/, "recovery-point:rp-1")}`
          : a.devVault,
      expected: "Denied",
    })),
  ),
  ...["Following", "dev-9-Following", "prod-Following", NAMES.stateTable].map((name): Row => ({
    why: "the restore machine changes only <environment>-* tables of configured environments",
    principal: a.restoreMachineRole,
    action: name === NAMES.stateTable ? "dynamodb:DeleteTable" : "dynamodb:UpdateTable",
    resource: devTable(name),
    expected: "Denied",
  })),
  {
    why: "the restore machine restores nothing from the prod account",
    principal: a.restoreMachineRole,
    action: "backup:StartRestoreJob",
    resource: `arn:aws:backup:${prod.region}:${prod.accounts.prod}:recovery-point:rp-1`,
    expected: "Denied",
  },
  {
    why: "iam:PassRole only of the restore service role",
    principal: a.restoreMachineRole,
    action: "iam:PassRole",
    resource: a.restoreMachineRole,
    context: { "iam:PassedToService": "backup.amazonaws.com" },
    expected: "Denied",
  },
  {
    why: "iam:PassRole only to AWS Backup",
    principal: a.restoreMachineRole,
    action: "iam:PassRole",
    resource: a.restoreServiceRole,
    context: { "iam:PassedToService": "ec2.amazonaws.com" },
    expected: "Denied",
  },
  {
    why: "iam:PassRole of the restore service role to AWS Backup",
    principal: a.restoreMachineRole,
    action: "iam:PassRole",
    resource: a.restoreServiceRole,
    context: { "iam:PassedToService": "backup.amazonaws.com" },
    expected: "Allowed",
  },
  {
    why: "the prod machine passes only the backup service role",
    principal: a.backupMachineRole,
    action: "iam:PassRole",
    resource: a.role(prod.accounts.prod, "Admin"),
    context: { "iam:PassedToService": "backup.amazonaws.com" },
    expected: "Denied",
  },
  {
    why: "the copy recorder only puts items in the state table",
    principal: a.copyRecorderRole,
    action: "dynamodb:DeleteItem",
    resource: a.stateTable,
    expected: "Denied",
  },
  {
    why: "the copy recorder writes no environment table",
    principal: a.copyRecorderRole,
    action: "dynamodb:PutItem",
    resource: devTable("dev-1-Following"),
    expected: "Denied",
  },
  {
    why: "the restore service role restores only into environment tables (its guard)",
    principal: a.restoreServiceRole,
    action: "dynamodb:CreateTable",
    resource: devTable("Following"),
    identity: [...managedAllows("dynamodb:*"), ...guardOf()],
    expected: "Denied",
  },
  {
    why: "the restore service role may create an environment table",
    principal: a.restoreServiceRole,
    action: "dynamodb:CreateTable",
    resource: devTable("dev-1-Following"),
    identity: [...managedAllows("dynamodb:*"), ...guardOf()],
    expected: "Allowed",
  },
  {
    why: "the restore service role's guard keeps it off other tables' indexes",
    principal: a.restoreServiceRole,
    action: "dynamodb:UpdateTable",
    resource: `${devTable("Following")}/index/byFollower`,
    identity: [...managedAllows("dynamodb:*"), ...guardOf()],
    expected: "Denied",
  },
  {
    why: "the restore service role's guard leaves an environment table's indexes to it as well",
    principal: a.restoreServiceRole,
    action: "dynamodb:UpdateTable",
    resource: `${devTable("dev-1-Following")}/index/byFollower`,
    identity: [...managedAllows("dynamodb:*"), ...guardOf()],
    expected: "Allowed",
  },
];

function guardOf(): PolicyDocument[] {
  return planStack(dev)
    .policies.filter((p) => p.attachedTo === NAMES.restoreServiceRole && p.kind === "identity")
    .map((p) => p.document);
}

const trust = (role: string) =>
  planStack(dev).policies.find((p) => p.kind === "trust" && p.attachedTo === role.split("/")[1])!
    .document;

const resourcePolicyRows = (): Row[] => [
  {
    why: "the prod account copies into the dev vault",
    principal: a.backupServiceRole,
    action: "backup:CopyIntoBackupVault",
    resource: a.devVault,
    resourcePolicy: devVaultAccessPolicy(dev),
    identity: managedAllows("backup:CopyIntoBackupVault"),
    expected: "Allowed",
  },
  {
    why: "no other account copies into the dev vault",
    principal: a.role(OTHER_ACCOUNT, NAMES.backupServiceRole),
    action: "backup:CopyIntoBackupVault",
    resource: a.devVault,
    resourcePolicy: devVaultAccessPolicy(dev),
    identity: managedAllows("backup:CopyIntoBackupVault"),
    expected: "Denied",
  },
  {
    why: "the vault policy admits nothing but copies",
    principal: a.backupServiceRole,
    action: "backup:DeleteRecoveryPoint",
    resource: a.devVault,
    resourcePolicy: devVaultAccessPolicy(dev),
    identity: managedAllows("backup:DeleteRecoveryPoint"),
    expected: "Denied",
  },
  {
    why: "the prod machine assumes the copy recorder with its own ARN as external ID",
    principal: a.backupMachineRole,
    action: "sts:AssumeRole",
    resource: a.copyRecorderRole,
    resourcePolicy: trust(a.copyRecorderRole),
    context: { "sts:ExternalId": a.backupTableMachine },
    expected: "Allowed",
  },
  {
    why: "the copy recorder refuses another external ID",
    principal: a.backupMachineRole,
    action: "sts:AssumeRole",
    resource: a.copyRecorderRole,
    resourcePolicy: trust(a.copyRecorderRole),
    context: { "sts:ExternalId": "anything-else" },
    expected: "Denied",
  },
  {
    why: "the copy recorder refuses any other principal",
    principal: a.role(prod.accounts.prod, "SomeoneElse"),
    action: "sts:AssumeRole",
    resource: a.copyRecorderRole,
    resourcePolicy: trust(a.copyRecorderRole),
    identity: managedAllows("sts:AssumeRole"),
    context: { "sts:ExternalId": a.backupTableMachine },
    expected: "Denied",
  },
  {
    why: "the backup service role encrypts with the prod key through AWS Backup",
    principal: a.backupServiceRole,
    action: "kms:GenerateDataKey",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/prod`,
    resourcePolicy: prodKeyPolicy(prod),
    identity: [],
    context: VIA_BACKUP,
    expected: "Allowed",
  },
  {
    why: "the dev account reads copies made with the prod key, through AWS Backup",
    principal: a.restoreServiceRole,
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/prod`,
    resourcePolicy: prodKeyPolicy(prod),
    identity: managedAllows("kms:Decrypt"),
    context: VIA_BACKUP,
    expected: "Allowed",
  },
  {
    why: "the prod account copies into the dev vault with the dev key, through AWS Backup",
    principal: a.backupServiceRole,
    action: "kms:GenerateDataKey",
    resource: `arn:aws:kms:${dev.region}:${dev.accounts.dev}:key/dev`,
    resourcePolicy: devKeyPolicy(dev),
    identity: managedAllows("kms:GenerateDataKey"),
    context: VIA_BACKUP,
    expected: "Allowed",
  },
  {
    why: "the prod key is not used outside AWS Backup by the dev account",
    principal: a.restoreServiceRole,
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/prod`,
    resourcePolicy: prodKeyPolicy(prod),
    identity: managedAllows("kms:Decrypt"),
    context: { "kms:ViaService": `s3.${prod.region}.amazonaws.com` },
    expected: "Denied",
  },
  {
    why: "the dev key decrypts for the restore service role through AWS Backup",
    principal: a.restoreServiceRole,
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.dev}:key/dev`,
    resourcePolicy: devKeyPolicy(dev),
    identity: [],
    context: VIA_BACKUP,
    expected: "Allowed",
  },
  {
    why: "no other account uses the dev key",
    principal: a.role(OTHER_ACCOUNT, "Reader"),
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.dev}:key/dev`,
    resourcePolicy: devKeyPolicy(dev),
    identity: managedAllows("kms:Decrypt"),
    context: VIA_BACKUP,
    expected: "Denied",
  },
];

/** The default key policy: the account delegates the key's use to IAM. */
const accountDelegates = (account: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
});

const exportObject = (key: string) => `${a.exportBucket}/${key}`;
const exportKey = `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/exports`;
const onBucket = () => ({
  resourcePolicy: exportBucketPolicy(prod),
  resourceAccount: prod.accounts.prod,
});
const TLS = { "aws:SecureTransport": "true" };

/** The export bucket and its key: dev reads exports through one role, and writes nothing in prod. */
const EXPORTED = exportObject("exports/Events/2026-11-26/AWSDynamoDB/0001-ab/data/a.json.gz");
const ANOTHER_EXPORT = exportObject("exports/Events/2026-11-26/data/a.json.gz");

/** A request on the export bucket, over TLS unless the row says otherwise, decided with its policy. */
const onExportBucket = (row: Omit<Row, "resourcePolicy" | "resourceAccount">): Row => ({
  ...onBucket(),
  context: TLS,
  ...row,
});

const exportRows = (): Row[] => [
  onExportBucket({
    why: "the import role reads an export",
    principal: a.importRole,
    action: "s3:GetObject",
    resource: EXPORTED,
    expected: "Allowed",
  }),
  onExportBucket({
    why: "the import role lists the exports",
    principal: a.importRole,
    action: "s3:ListBucket",
    resource: a.exportBucket,
    context: { ...TLS, "s3:prefix": "exports/Events/2026-11-26/AWSDynamoDB/0001-ab/data/" },
    expected: "Allowed",
  }),
  onExportBucket({
    why: "the import role lists nothing outside the exports",
    principal: a.importRole,
    action: "s3:ListBucket",
    resource: a.exportBucket,
    identity: managedAllows("s3:*"),
    context: { ...TLS, "s3:prefix": "" },
    expected: "Denied",
  }),
  onExportBucket({
    why: "the import role reads nothing outside the exports",
    principal: a.importRole,
    action: "s3:GetObject",
    resource: exportObject("other/secret.json"),
    identity: managedAllows("s3:*"),
    expected: "Denied",
  }),
  ...["s3:PutObject", "s3:DeleteObject", "s3:PutBucketPolicy"].map((action) =>
    onExportBucket({
      why: "nothing in the prod bucket is writable from dev, whatever a dev role is granted",
      principal: a.importRole,
      action,
      resource: action === "s3:PutBucketPolicy" ? a.exportBucket : exportObject("exports/x"),
      identity: managedAllows("s3:*"),
      expected: "Denied",
    }),
  ),
  ...(
    [
      [
        "no other dev principal reads the exports",
        [a.restoreMachineRole, a.role(dev.accounts.dev, "Developer")],
        "s3:GetObject",
      ],
      [
        "not even a prod principal allowed s3:* reads the exports",
        [a.backupMachineRole, a.role(prod.accounts.prod, "Admin")],
        "s3:*",
      ],
      [
        "no other account reads the exports",
        [a.role(OTHER_ACCOUNT, NAMES.importRole)],
        "s3:GetObject",
      ],
    ] as const
  ).flatMap(([why, principals, granted]) =>
    principals.map((principal) =>
      onExportBucket({
        why,
        principal,
        action: "s3:GetObject",
        resource: ANOTHER_EXPORT,
        identity: managedAllows(granted),
        expected: "Denied",
      }),
    ),
  ),
  onExportBucket({
    why: "not even the import role reads without TLS",
    principal: a.importRole,
    action: "s3:GetObject",
    resource: ANOTHER_EXPORT,
    context: { "aws:SecureTransport": "false" },
    expected: "Denied",
  }),
  onExportBucket({
    why: "the prod machines write exports",
    principal: a.backupMachineRole,
    action: "s3:PutObject",
    resource: EXPORTED,
    expected: "Allowed",
  }),
  onExportBucket({
    why: "the prod machines write nowhere else in the bucket",
    principal: a.backupMachineRole,
    action: "s3:PutObject",
    resource: exportObject("other/x"),
    expected: "Denied",
  }),
  {
    why: "the import role decrypts exports with the export key through S3",
    principal: a.importRole,
    action: "kms:Decrypt",
    resource: exportKey,
    resourcePolicy: exportKeyPolicy(prod),
    context: VIA_S3_TO_EXPORTS,
    expected: "Allowed",
  },
  {
    why: "the import role uses the export key only through S3",
    principal: a.importRole,
    action: "kms:Decrypt",
    resource: exportKey,
    resourcePolicy: exportKeyPolicy(prod),
    expected: "Denied",
  },
  {
    why: "the import role only decrypts with the export key",
    principal: a.importRole,
    action: "kms:Encrypt",
    resource: exportKey,
    resourcePolicy: exportKeyPolicy(prod),
    identity: managedAllows("kms:*"),
    context: VIA_S3,
    expected: "Denied",
  },
  {
    why: "the import role cannot decrypt with the prod backup key",
    principal: a.importRole,
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/prod`,
    resourcePolicy: prodKeyPolicy(prod),
    context: VIA_S3,
    expected: "Denied",
  },
  {
    why: "the prod machines encrypt exports with the export key through S3",
    principal: a.backupMachineRole,
    action: "kms:GenerateDataKey",
    resource: exportKey,
    resourcePolicy: exportKeyPolicy(prod),
    context: VIA_S3_TO_EXPORTS,
    expected: "Allowed",
  },
  {
    why: "the import role imports only into environment tables",
    principal: a.importRole,
    action: "dynamodb:ImportTable",
    resource: devTable("Events"),
    expected: "Denied",
  },
  {
    why: "the restore table machine assumes the import role with its own ARN as external ID",
    principal: a.restoreMachineRole,
    action: "sts:AssumeRole",
    resource: a.importRole,
    resourcePolicy: trust(a.importRole),
    context: { "sts:ExternalId": a.restoreTableMachine },
    expected: "Allowed",
  },
  {
    why: "the import role refuses any other principal",
    principal: a.chatBotRole,
    action: "sts:AssumeRole",
    resource: a.importRole,
    resourcePolicy: trust(a.importRole),
    identity: managedAllows("sts:AssumeRole"),
    context: { "sts:ExternalId": a.restoreTableMachine },
    expected: "Denied",
  },
  {
    why: "the prod machines export an s3-export table",
    principal: a.backupMachineRole,
    action: "dynamodb:ExportTableToPointInTime",
    resource: prodTable("Events"),
    expected: "Allowed",
  },
  ...["Following", "Payments"].map((table): Row => ({
    why: "the prod machines export no other prod table (a backup one, or one outside the catalog)",
    principal: a.backupMachineRole,
    action: "dynamodb:ExportTableToPointInTime",
    resource: prodTable(table),
    expected: "Denied",
  })),
  {
    why: "the prod machines read the backup settings of s3-export tables only",
    principal: a.backupMachineRole,
    action: "dynamodb:DescribeContinuousBackups",
    resource: prodTable("Following"),
    expected: "Denied",
  },
  {
    why: "the prod machines use no other prod key through S3, even one whose policy would allow it",
    principal: a.backupMachineRole,
    action: "kms:GenerateDataKey",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/other`,
    resourcePolicy: accountDelegates(prod.accounts.prod),
    context: { ...VIA_S3, "kms:ResourceAliases": ["alias/someone-elses"] },
    expected: "Denied",
  },
  {
    why: "the prod machines follow the exports of an s3-export table",
    principal: a.backupMachineRole,
    action: "dynamodb:DescribeExport",
    resource: `${prodTable("Events")}/export/01764000000000-0a1b2c3d`,
    expected: "Allowed",
  },
  {
    why: "the prod machines use the export key through S3 only",
    principal: a.backupMachineRole,
    action: "kms:GenerateDataKey",
    resource: exportKey,
    resourcePolicy: exportKeyPolicy(prod),
    context: { ...VIA_BACKUP, "kms:ResourceAliases": [NAMES.exportKeyAlias] },
    expected: "Denied",
  },
  {
    why: "the prod machines decrypt with no other prod key through S3, even one whose policy would allow it",
    principal: a.backupMachineRole,
    action: "kms:Decrypt",
    resource: `arn:aws:kms:${prod.region}:${prod.accounts.prod}:key/other`,
    resourcePolicy: accountDelegates(prod.accounts.prod),
    context: { ...VIA_S3, "kms:ResourceAliases": ["alias/someone-elses"] },
    expected: "Denied",
  },
  {
    why: "no dev role exports or changes a prod table's backups",
    principal: a.importRole,
    action: "dynamodb:ExportTableToPointInTime",
    resource: prodTable("Events"),
    identity: managedAllows("dynamodb:*"),
    expected: "Denied",
  },
];

/** Trust policies of service roles, in the forms AWS documents for each service. */
const prodTrust = (role: string) =>
  planStack(prod).policies.find((p) => p.kind === "trust" && p.attachedTo === role)!.document;
const OTHER_MACHINE = `arn:aws:states:${prod.region}:${OTHER_ACCOUNT}:stateMachine:datarefresh-backup-and-copy`;
const serviceTrustRows = (): Row[] => [
  {
    why: "Step Functions runs the prod machines with their role, for any machine of the prod account (a Map Run's children too)",
    principal: "states.amazonaws.com",
    action: "sts:AssumeRole",
    resource: a.backupMachineRole,
    resourceAccount: prod.accounts.prod,
    resourcePolicy: prodTrust(NAMES.backupMachineRole),
    context: { "aws:SourceAccount": prod.accounts.prod, "aws:SourceArn": a.backupTableMachine },
    expected: "Allowed",
  },
  {
    why: "Step Functions gives the prod machines' role to no machine of another account",
    principal: "states.amazonaws.com",
    action: "sts:AssumeRole",
    resource: a.backupMachineRole,
    resourceAccount: prod.accounts.prod,
    resourcePolicy: prodTrust(NAMES.backupMachineRole),
    context: { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": OTHER_MACHINE },
    expected: "Denied",
  },
  {
    why: "AWS Backup assumes the backup service role whether or not it sends source keys (none documented)",
    principal: "backup.amazonaws.com",
    action: "sts:AssumeRole",
    resource: a.backupServiceRole,
    resourceAccount: prod.accounts.prod,
    resourcePolicy: prodTrust(NAMES.backupServiceRole),
    expected: "Allowed",
  },
  {
    why: "EventBridge starts the daily run with the schedule role, for a rule of the prod account",
    principal: "events.amazonaws.com",
    action: "sts:AssumeRole",
    resource: a.role(prod.accounts.prod, NAMES.scheduleRole),
    resourceAccount: prod.accounts.prod,
    resourcePolicy: prodTrust(NAMES.scheduleRole),
    context: { "aws:SourceAccount": prod.accounts.prod },
    expected: "Allowed",
  },
  {
    why: "EventBridge gives the schedule role to no rule of another account",
    principal: "events.amazonaws.com",
    action: "sts:AssumeRole",
    resource: a.role(prod.accounts.prod, NAMES.scheduleRole),
    resourceAccount: prod.accounts.prod,
    resourcePolicy: prodTrust(NAMES.scheduleRole),
    context: { "aws:SourceAccount": OTHER_ACCOUNT },
    expected: "Denied",
  },
];

/** Each parent runs its tables as child executions of its own Map Run, and only those. */
const mapRunChild = (account: string, machine: string) =>
  `${a.mapRunExecutionsOf(account, machine).slice(0, -1)}${MAP_RUN_LABEL}:0b1c`;
/** The dev stack's rule that tells the topic of a refresh that timed out or was stopped. */
const DEV_RUNS_RULE = `arn:aws:events:${dev.region}:${dev.accounts.dev}:rule/${NAMES.devRunsRule}`;

function topicRow(
  why: string,
  action: string,
  context: Record<string, string>,
  expected: Row["expected"],
): Row {
  return {
    why,
    principal: "events.amazonaws.com",
    action,
    resource: a.devTopic,
    resourceAccount: dev.accounts.dev,
    resourcePolicy: topicPolicy(a.devTopic, DEV_RUNS_RULE, dev.accounts.dev),
    context,
    expected,
  };
}

const topicRows = (): Row[] => [
  topicRow(
    "EventBridge publishes to the topic for the stack's own rule",
    "sns:Publish",
    { "aws:SourceArn": DEV_RUNS_RULE, "aws:SourceAccount": dev.accounts.dev },
    "Allowed",
  ),
  topicRow(
    "EventBridge publishes for no other rule of the account",
    "sns:Publish",
    {
      "aws:SourceArn": DEV_RUNS_RULE.replace(NAMES.devRunsRule, "someone-elses-rule"),
      "aws:SourceAccount": dev.accounts.dev,
    },
    "Denied",
  ),
  topicRow(
    "EventBridge publishes for no rule of another account, whatever its name",
    "sns:Publish",
    { "aws:SourceArn": DEV_RUNS_RULE, "aws:SourceAccount": OTHER_ACCOUNT },
    "Denied",
  ),
  topicRow(
    "EventBridge does nothing else with the topic",
    "sns:Subscribe",
    { "aws:SourceArn": DEV_RUNS_RULE, "aws:SourceAccount": dev.accounts.dev },
    "Denied",
  ),
];

const mapRunRows = (): Row[] =>
  (
    [
      [a.restoreMachineRole, dev.accounts.dev, NAMES.restoreMachine, NAMES.restoreTableMachine],
      [a.backupMachineRole, prod.accounts.prod, NAMES.backupMachine, NAMES.backupTableMachine],
    ] as const
  ).flatMap(([role, account, parent, child]): Row[] => [
    {
      why: `${parent}'s Map Run starts its table executions as executions of ${parent}`,
      principal: role,
      action: "states:StartExecution",
      resource: a.machine(account, parent),
      expected: "Allowed",
    },
    ...(["states:DescribeExecution", "states:StopExecution"] as const).map((action) => ({
      why: `${parent}'s Map Run follows and may stop its child executions`,
      principal: role,
      action,
      resource: mapRunChild(account, parent),
      expected: "Allowed" as const,
    })),
    {
      why: `${parent} describes its own executions, as AWS's Distributed Map example grants`,
      principal: role,
      action: "states:DescribeExecution",
      resource: `${a.executionsOf(account, parent).slice(0, -1)}run-1`,
      expected: "Allowed",
    },
    {
      why: `${parent} stops no execution of itself but its Map Run's children`,
      principal: role,
      action: "states:StopExecution",
      resource: `${a.executionsOf(account, parent).slice(0, -1)}run-1`,
      expected: "Denied",
    },
    {
      why: `${parent} stops no Map Run child of another machine`,
      principal: role,
      action: "states:StopExecution",
      resource: mapRunChild(account, child),
      expected: "Denied",
    },
  ]);

const chatBot = dev.settings.chatBot!;
const restoreExecution = `${a.executionsOf(dev.accounts.dev, NAMES.restoreMachine).slice(0, -1)}run-1`;
const chatRows = (): Row[] => [
  ...(
    [
      ["states:StartExecution", a.restoreMachine, "Allowed"],
      ["states:ListExecutions", a.restoreMachine, "Allowed"],
      ["states:DescribeExecution", restoreExecution, "Allowed"],
      ["states:GetExecutionHistory", restoreExecution, "Allowed"],
      [
        "states:ListExecutions",
        `${a.mapRunsOf(dev.accounts.dev, NAMES.restoreMachine).slice(0, -1)}${MAP_RUN_LABEL}:9f0e`,
        "Allowed",
      ],
      ["states:DescribeExecution", mapRunChild(dev.accounts.dev, NAMES.restoreMachine), "Allowed"],
      ["states:StopExecution", mapRunChild(dev.accounts.dev, NAMES.restoreMachine), "Denied"],
      ["states:DescribeExecution", mapRunChild(prod.accounts.prod, NAMES.backupMachine), "Denied"],
      ["states:StopExecution", restoreExecution, "Denied"],
      ["states:StartExecution", a.restoreTableMachine, "Denied"],
      ["states:StartExecution", a.backupMachine, "Denied"],
      ["states:UpdateStateMachine", a.restoreMachine, "Denied"],
      ["dynamodb:DeleteTable", devTable("dev-1-Following"), "Denied"],
      ["backup:StartRestoreJob", "*", "Denied"],
    ] as const
  ).map(([action, resource, expected]): Row => ({
    why: "the chat bot starts, lists and reads refreshes, and nothing else",
    principal: a.chatBotRole,
    action,
    resource,
    expected,
  })),
  {
    why: "the configured principal assumes the chat role with the configured external ID",
    principal: chatBot.principal,
    action: "sts:AssumeRole",
    resource: a.chatBotRole,
    resourcePolicy: trust(a.chatBotRole),
    identity: managedAllows("sts:AssumeRole"),
    context: { "sts:ExternalId": chatBot.externalId },
    expected: "Allowed",
  },
  {
    why: "the chat role refuses another external ID",
    principal: chatBot.principal,
    action: "sts:AssumeRole",
    resource: a.chatBotRole,
    resourcePolicy: trust(a.chatBotRole),
    identity: managedAllows("sts:AssumeRole"),
    context: { "sts:ExternalId": "guessed" },
    expected: "Denied",
  },
  {
    why: "the chat role refuses any other principal",
    principal: a.role(OTHER_ACCOUNT, "intruder"),
    action: "sts:AssumeRole",
    resource: a.chatBotRole,
    resourcePolicy: trust(a.chatBotRole),
    identity: managedAllows("sts:AssumeRole"),
    context: { "sts:ExternalId": chatBot.externalId },
    expected: "Denied",
  },
];

/**
 * A channel's guardrail: in dev as planned; in prod AWS's `AWSDenyAll`, whose document AWS
 * publishes as this (AWS managed policy reference, AWSDenyAll, v2).
 */
const AWS_DENY_ALL: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "DenyAll", Effect: "Deny", Action: ["*"], Resource: "*" }],
};
const guardrailOf = (model: StackModel) =>
  model.stack === "prod"
    ? AWS_DENY_ALL
    : planStack(model).policies.find((p) => p.kind === "guardrail")!.document;
const devChannelRole = a.chatChannelRole(dev.accounts.dev);
const prodChannelRole = a.chatChannelRole(prod.accounts.prod);
/** A member's own role in a channel (user roles): here one that may do anything at all. */
const wideUserRole = a.role(dev.accounts.dev, "developer-admin");
const devKey = `arn:aws:kms:${dev.region}:${dev.accounts.dev}:key/1234abcd-0000-4000-8000-00000000dev1`;
const recoveryPoint = `arn:aws:backup:${dev.region}:${dev.accounts.dev}:recovery-point:0a1b2c3d`;
/** What no one acting in a dev channel may do: tables, the vault, keys, prod, other machines. */
const outOfReach: [string, string, string][] = [
  ["dynamodb:DeleteTable", devTable("dev-1-Following"), "a table"],
  ["dynamodb:PutItem", a.stateTable, "a table"],
  ["backup:StartRestoreJob", recoveryPoint, "a vault"],
  ["backup:DeleteRecoveryPoint", recoveryPoint, "a vault"],
  ["kms:Decrypt", devKey, "a key"],
  ["states:StartExecution", a.backupMachine, "the prod account"],
  ["dynamodb:DescribeTable", prodTable("Following"), "the prod account"],
  ["states:StartExecution", a.restoreTableMachine, "another machine"],
  ["states:StopExecution", restoreExecution, "a refresh: stop it"],
];
const channelRows = (): Row[] => [
  {
    why: "the dev channel's role starts a refresh, within the channel's guardrail",
    principal: devChannelRole,
    action: "states:StartExecution",
    resource: a.restoreMachine,
    guardrail: guardrailOf(dev),
    expected: "Allowed",
  },
  {
    why: "the dev channel's role follows a refresh, within the channel's guardrail",
    principal: devChannelRole,
    action: "states:DescribeExecution",
    resource: restoreExecution,
    guardrail: guardrailOf(dev),
    expected: "Allowed",
  },
  ...outOfReach.map(([action, resource, what]): Row => ({
    why: `the dev channel's role cannot touch ${what}`,
    principal: devChannelRole,
    action,
    resource,
    guardrail: guardrailOf(dev),
    expected: "Denied",
  })),
  {
    why: "the guardrail caps a member's own role: one with every right still starts a refresh",
    principal: wideUserRole,
    action: "states:StartExecution",
    resource: a.restoreMachine,
    identity: managedAllows("*"),
    guardrail: guardrailOf(dev),
    expected: "Allowed",
  },
  ...outOfReach.map(([action, resource, what]): Row => ({
    why: `the guardrail caps a member's own role: one with every right cannot touch ${what}`,
    principal: wideUserRole,
    action,
    resource,
    identity: managedAllows("*"),
    guardrail: guardrailOf(dev),
    expected: "Denied",
  })),
  ...(
    [
      ["states:StartExecution", a.backupMachine],
      [
        "states:DescribeExecution",
        `${a.executionsOf(prod.accounts.prod, NAMES.backupMachine).slice(0, -1)}run-1`,
      ],
      ["sns:Publish", a.prodTopic],
    ] as const
  ).flatMap(([action, resource]): Row[] => [
    {
      why: "the prod channel's role may do nothing: its channel only hears how daily runs end",
      principal: prodChannelRole,
      action,
      resource,
      guardrail: guardrailOf(prod),
      expected: "Denied",
    },
    {
      why: "the prod channel's guardrail leaves a member's role with every right nothing",
      principal: a.role(prod.accounts.prod, "prod-admin"),
      action,
      resource,
      identity: managedAllows("*"),
      guardrail: guardrailOf(prod),
      expected: "Denied",
    },
  ]),
  ...([devChannelRole, prodChannelRole] as const).flatMap((role): Row[] => {
    const account = role.split(":")[4]!;
    const channelTrust = (role === devChannelRole ? planStack(dev) : planStack(prod)).policies.find(
      (p) => p.kind === "trust" && p.attachedTo === NAMES.chatChannelRole,
    )!.document;
    return [
      {
        why: "Amazon Q Developer in chat applications assumes the channel's role",
        principal: "chatbot.amazonaws.com",
        action: "sts:AssumeRole",
        resource: role,
        resourceAccount: account,
        resourcePolicy: channelTrust,
        expected: "Allowed",
      },
      {
        why: "no other service, and no role of another account, assumes the channel's role",
        principal: "states.amazonaws.com",
        action: "sts:AssumeRole",
        resource: role,
        resourceAccount: account,
        resourcePolicy: channelTrust,
        expected: "Denied",
      },
      {
        why: "no other service, and no role of another account, assumes the channel's role",
        principal: a.role(OTHER_ACCOUNT, "intruder"),
        action: "sts:AssumeRole",
        resource: role,
        resourcePolicy: channelTrust,
        identity: managedAllows("sts:AssumeRole"),
        expected: "Denied",
      },
    ];
  }),
];

/** Every row, made anew by each call: the policies in them are computed when it is called. */
function matrix(): Row[] {
  return [
    ...derivedAllowRows(prod, prodMachineScopes(prod)),
    ...derivedAllowRows(dev, devMachineScopes(dev)),
    ...deniedRows(),
    ...resourcePolicyRows(),
    ...serviceTrustRows(),
    ...exportRows(),
    ...mapRunRows(),
    ...topicRows(),
    ...chatRows(),
    ...channelRows(),
  ];
}

/** An ARN from its account on (a service principal as it is), for test titles. */
const short = (arn: string) => (arn.includes(":") ? arn.split(":").slice(4).join(":") : arn);

describe("the IAM decision matrix over the synthesized policies", function () {
  this.timeout(60_000);
  const authorizer = perFile(
    () =>
      new Authorizer([
        { plan: planStack(prod), model: prod },
        { plan: planStack(dev), model: dev },
      ]),
  );
  const rows = perFile(matrix);
  // The titles come from the rows as loaded; each test decides on the rows as made in that test,
  // where a mutation run's per-test coverage sees the policies they carry.
  const titled = matrix();

  it("has at least 40 rows, an allow for every call a machine makes among them", () => {
    expect(rows().length).to.be.at.least(40);
    expect(rows().filter((r) => r.expected === "Allowed").length).to.be.at.least(15);
  });

  for (const [i, row] of titled.entries()) {
    it(`${row.expected.toLowerCase()}: ${short(row.principal)} ${row.action} on ${short(row.resource)} (${row.why})`, async () => {
      const { why: _why, expected, ...request } = rows()[i]!;
      const decision = await authorizer().decide(request);
      expect(
        decision.allowed ? "Allowed" : "Denied",
        decision.allowed ? "" : decision.reason,
      ).to.equal(expected);
    });
  }
});
