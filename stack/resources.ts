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
