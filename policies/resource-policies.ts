import { arns, type StackModel } from "../config/model";
import { policy, type PolicyDocument, type Statement } from "./document";

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

function useThroughBackup(
  model: StackModel,
  sid: string,
  principal: string,
  actions: string[],
): Statement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: actions,
    Resource: "*",
    Condition: { StringEquals: { "kms:ViaService": `backup.${model.region}.amazonaws.com` } },
  };
}

/** The prod vault's key: the account administers it; the backup role uses it through AWS Backup. */
export function prodKeyPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  return policy(
    keyAdmin(model, model.accounts.prod),
    useThroughBackup(model, "BackupRoleUsesKey", a.backupServiceRole, [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:ReEncrypt*",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
    useThroughBackup(model, "DevAccountReadsCopies", accountRoot(model, model.accounts.dev), [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
  );
}

/** The dev vault's key: the dev account administers it; copies from prod and restores use it. */
export function devKeyPolicy(model: StackModel): PolicyDocument {
  const a = arns(model);
  return policy(
    keyAdmin(model, model.accounts.dev),
    useThroughBackup(model, "ProdAccountCopiesIn", accountRoot(model, model.accounts.prod), [
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:ReEncrypt*",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
    useThroughBackup(model, "RestoreRoleUsesKey", a.restoreServiceRole, [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ]),
  );
}
