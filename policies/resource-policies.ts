import { arns, EXPORT_PREFIX, type StackModel } from "../config/model";
import { policy, type PolicyDocument, type Statement } from "./document";
import { allConditions, pinnedPrincipal } from "./principal";

function accountRoot(model: StackModel, account: string): string {
  return `arn:${model.partition}:iam::${account}:root`;
}

/** The dev vault admits one cross-account call: the prod account copying into it. */
export function devVaultAccessPolicy(model: StackModel): PolicyDocument {
  return policy({
    Sid: "AllowCopiesFromProdOnly",
    Effect: "Allow",
    Principal: { AWS: accountRoot(model, model.accounts.prod) },
    Action: "backup:CopyIntoBackupVault",
    Resource: "*",
  });
}

function keyAdmin(model: StackModel, account: string): Statement {
  return {
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: accountRoot(model, account) },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * A key used by `who` only through `service` (AWS Backup or S3), which calls KMS for it. A role
 * of the other stack, or one that has the permission in its own policy, is pinned by
 * `aws:PrincipalArn` under its account (see pinnedPrincipal); the service roles, whose permissions
 * come from AWS managed policies, are named themselves, and their stack creates them before the key.
 */
function useThrough(
  model: StackModel,
  service: "backup" | "s3",
  sid: string,
  who: { named: string } | { pinned: string },
  actions: string[],
): Statement {
  const principal =
    "named" in who ? { Principal: { AWS: who.named } } : pinnedPrincipal(who.pinned);
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: principal.Principal,
    Action: actions,
    Resource: "*",
    Condition: allConditions(principal.Condition, {
      StringEquals: { "kms:ViaService": `${service}.${model.region}.amazonaws.com` },
    }),
  };
}

/** The prod vault's key: the account administers it; the backup role uses it through AWS Backup. */
export function prodKeyPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  return policy(
    keyAdmin(model, model.accounts.prod),
    useThrough(model, "backup", "BackupRoleUsesKey", { named: a.backupServiceRole }, [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:ReEncrypt*",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
    useThrough(
      model,
      "backup",
      "DevAccountReadsCopies",
      { named: accountRoot(model, model.accounts.dev) },
      ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"],
    ),
  );
}

/** The dev vault's key: the dev account administers it; copies from prod and restores use it. */
export function devKeyPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  return policy(
    keyAdmin(model, model.accounts.dev),
    useThrough(
      model,
      "backup",
      "ProdAccountCopiesIn",
      { named: accountRoot(model, model.accounts.prod) },
      [
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:ReEncrypt*",
        "kms:DescribeKey",
        "kms:CreateGrant",
      ],
    ),
    useThrough(model, "backup", "RestoreRoleUsesKey", { named: a.restoreServiceRole }, [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
  );
}

/**
 * The exports' key: the prod account administers it; the prod machines write exports with it and
 * the dev import role reads them with it, both only through S3. No other key of the prod account
 * names the dev account, so this is the only prod key the import role can use.
 */
export function exportKeyPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  return policy(
    keyAdmin(model, model.accounts.prod),
    useThrough(model, "s3", "ProdMachinesWriteExports", { pinned: a.backupMachineRole }, [
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ]),
    useThrough(model, "s3", "DevImportRoleReadsExports", { pinned: a.importRole }, ["kms:Decrypt"]),
  );
}

/**
 * The export bucket: the dev import role may list and read the exports (and, granted nothing
 * else, can write nothing); nobody else reads them, not even in prod; nobody else from outside the
 * prod account may do anything; nobody may use it without TLS.
 */
export function exportBucketPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  const importRole = pinnedPrincipal(a.importRole);
  return policy(
    {
      Sid: "DevImportRoleReadsExports",
      Effect: "Allow",
      Principal: importRole.Principal,
      Action: "s3:GetObject",
      Resource: a.exportObjects,
      Condition: allConditions(importRole.Condition),
    },
    {
      Sid: "DevImportRoleListsExports",
      Effect: "Allow",
      Principal: importRole.Principal,
      Action: "s3:ListBucket",
      Resource: a.exportBucket,
      Condition: allConditions(importRole.Condition, {
        StringLike: { "s3:prefix": `${EXPORT_PREFIX}/*` },
      }),
    },
    {
      Sid: "OnlyTheImportRoleReads",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `${a.exportBucket}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": a.importRole } },
    },
    {
      Sid: "NobodyElseOutsideProd",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [a.exportBucket, `${a.exportBucket}/*`],
      Condition: {
        StringNotEquals: { "aws:PrincipalAccount": model.accounts.prod },
        ArnNotEquals: { "aws:PrincipalArn": a.importRole },
      },
    },
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [a.exportBucket, `${a.exportBucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  );
}
