import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy, type PolicyDocument } from "../policies/document";

export interface BackupVaultArgs {
  readonly vaultName: string;
  readonly keyAlias: string;
  readonly keyPolicy: PolicyDocument;
  /** The vault access policy, where the vault admits another account. */
  readonly accessPolicy?: PolicyDocument;
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
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the recovery points of backup vault ${args.vaultName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: renderPolicy(args.keyPolicy),
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: args.keyAlias, targetKeyId: this.key.keyId },
      { parent: this },
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
