import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerManagedKey } from "./kms-key";
import { renderPolicy, type PolicyDocument } from "../policies/document";

export interface ExportBucketArgs {
  readonly bucketName: string;
  readonly keyAlias: string;
  readonly keyPolicy: PolicyDocument;
  readonly bucketPolicy: PolicyDocument;
  /** Where the exports are written (without a trailing slash): the objects that expire. */
  readonly exportPrefix: string;
  /** How long an export is kept: as long as the dev copies imported from it. */
  readonly expireAfterDays: number;
}

/**
 * The prod bucket that `s3-export` tables are exported to and the dev account imports from:
 * private (no ACLs, no public access), encrypted with its own customer managed KMS key (the dev
 * import role must be able to decrypt, which an AWS managed key cannot allow), and emptied of
 * exports once no dev copy can still need them.
 */
export class ExportBucket extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly bucket: aws.s3.Bucket;

  constructor(name: string, args: ExportBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:s3:ExportBucket", name, {}, opts);
    this.key = customerManagedKey(
      name,
      {
        description: `Encrypts the DynamoDB exports in S3 bucket ${args.bucketName}`,
        alias: args.keyAlias,
        policy: args.keyPolicy,
      },
      this,
    );
    this.bucket = new aws.s3.Bucket(name, { bucket: args.bucketName }, { parent: this });
    const bucket = this.bucket.id;
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: this.key.arn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket,
        rules: [
          {
            id: "expire-exports",
            status: "Enabled",
            filter: { prefix: `${args.exportPrefix}/` },
            expiration: { days: args.expireAfterDays },
          },
          {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { parent: this },
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket, policy: renderPolicy(args.bucketPolicy) },
      // The block first: a policy that S3 deemed public would then be refused, never in force.
      { parent: this, dependsOn: [publicAccess] },
    );
    this.registerOutputs({ bucketName: this.bucket.bucket, keyArn: this.key.arn });
  }
}
