import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerManagedKey } from "./kms-key";
import { renderPolicy, type PolicyDocument } from "../policies/document";

export interface BackupVaultArgs {
  readonly vaultName: string;
  readonly keyAlias: string;
  readonly keyPolicy: PolicyDocument;
  /** The vault access policy, where the vault admits another account. */
  readonly accessPolicy?: PolicyDocument;
  /** The roles the key policy names as principals, created before the key. */
  readonly keyPrincipals?: readonly pulumi.Resource[];
}

/**
 * An AWS Backup vault encrypted with its own customer managed KMS key: AWS-managed keys cannot be
 * shared across accounts, and a copy must be restorable where it lands.
 */
export class BackupVault extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly vault: aws.backup.Vault;

  constructor(name: string, args: BackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:backup:BackupVault", name, {}, opts);
    this.key = customerManagedKey(
      name,
      {
        description: `Encrypts the recovery points of backup vault ${args.vaultName}`,
        alias: args.keyAlias,
        policy: args.keyPolicy,
        ...(args.keyPrincipals === undefined ? {} : { principals: args.keyPrincipals }),
      },
      this,
    );
    this.vault = new aws.backup.Vault(
      name,
      { name: args.vaultName, kmsKeyArn: this.key.arn },
      { parent: this },
    );
    if (args.accessPolicy !== undefined) {
      new aws.backup.VaultPolicy(
        `${name}-access`,
        { backupVaultName: this.vault.name, policy: renderPolicy(args.accessPolicy) },
        { parent: this },
      );
    }
    this.registerOutputs({ vaultArn: this.vault.arn, keyArn: this.key.arn });
  }
}
