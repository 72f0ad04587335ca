import { chatConfigurationName, type StackModel } from "../config/model";
import type { ResourceKind, StackResource } from "../stack/resources";
import { policy, type ConditionBlock, type PolicyDocument, type Statement } from "./document";

/** Where the stack's account and Region put a resource, as ARNs. */
interface Place {
  partition: string;
  region: string;
  account: string;
}

/** What the deployer may do with the resources of one kind: actions, where, on what condition. */
interface Grant {
  actions: readonly string[];
  /** The ARNs the grant covers for one resource; `*` for actions without resource-level scope. */
  on: (resource: StackResource, at: Place) => string[];
  /** Only for some resources of the kind (roles handed to a service, roles with managed policies). */
  applies?: (resource: StackResource) => boolean;
  condition?: (resource: StackResource) => ConditionBlock;
}

const anywhere = () => ["*"];
const role = (r: StackResource, at: Place) => [
  `arn:${at.partition}:iam::${at.account}:role/${r.name}`,
];
/** Key IDs are only known once created: any key of the stack's account and Region. */
const keys = (_: StackResource, at: Place) => [
  `arn:${at.partition}:kms:${at.region}:${at.account}:key/*`,
];
const vault = (r: StackResource, at: Place) => [
  `arn:${at.partition}:backup:${at.region}:${at.account}:backup-vault:${r.name}`,
];
const table = (r: StackResource, at: Place) => [
  `arn:${at.partition}:dynamodb:${at.region}:${at.account}:table/${r.name}`,
];

/** The service of Amazon Q Developer's service-linked role (AWSServiceRoleForAWSChatbot). */
const CHATBOT_SERVICE = "management.chatbot.amazonaws.com";

/** What every configuration name of this project starts with. */
const CHAT_CONFIGURATION_PREFIX = chatConfigurationName({ name: "" });

/**
 * A chat channel's configuration in Amazon Q Developer (global: its ARN has no Region), by the
 * prefix of the stack's configuration names, so that the policy does not grow with the channels.
 * Creating and describing take no resource-level scope; the first configuration of an account
 * creates Amazon Q Developer's service-linked role, which subscribes the channels to their topics.
 */
function chatConfigurationGrants(actions: { unscoped: string[]; scoped: string[] }): Grant[] {
  return [
    { actions: [...actions.unscoped, "chatbot:ListTagsForResource"], on: anywhere },
    {
      actions: [...actions.scoped, "chatbot:TagResource", "chatbot:UntagResource"],
      on: (_, at) => [
        `arn:${at.partition}:chatbot::${at.account}:chat-configuration/*/${CHAT_CONFIGURATION_PREFIX}*`,
      ],
    },
    {
      actions: ["iam:CreateServiceLinkedRole"],
      on: (_, at) => [`arn:${at.partition}:iam::${at.account}:role/aws-service-role/*`],
      condition: () => ({ StringEquals: { "iam:AWSServiceName": CHATBOT_SERVICE } }),
    },
  ];
}

/**
 * The calls Pulumi's AWS provider makes to create, read (refresh), update, tag and delete each
 * kind of resource, scoped to the stack's own resources by name wherever IAM allows. Made when a
 * policy is derived, not when this module loads, so that a mutation run meets it in the tests
 * that check the policy.
 */
const grantsByKind = (): Record<ResourceKind, readonly Grant[]> => ({
  "iam-role": [
    {
      actions: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:ListRoleTags",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      on: role,
    },
    {
      // Only the AWS managed policies the plan attaches.
      actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      on: role,
      applies: (r) => r.managedPolicies !== undefined,
      condition: (r) => ({ ArnEquals: { "iam:PolicyARN": [...r.managedPolicies!] } }),
    },
    {
      // A state machine's or a schedule's role, handed to that service only.
      actions: ["iam:PassRole"],
      on: role,
      applies: (r) => r.passedTo !== undefined,
      condition: (r) => ({ StringEquals: { "iam:PassedToService": r.passedTo! } }),
    },
  ],
  "kms-key": [
    { actions: ["kms:CreateKey", "kms:ListAliases"], on: anywhere },
    {
      actions: [
        "kms:CancelKeyDeletion",
        "kms:DescribeKey",
        "kms:EnableKeyRotation",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateKeyDescription",
      ],
      on: keys,
    },
    {
      // An alias is created on both the alias and its key.
      actions: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      on: (r, at) => [
        `arn:${at.partition}:kms:${at.region}:${at.account}:${r.name}`,
        ...keys(r, at),
      ],
    },
  ],
  "backup-vault": [
    {
      actions: [
        "backup:CreateBackupVault",
        "backup:DeleteBackupVault",
        "backup:DeleteBackupVaultAccessPolicy",
        "backup:DescribeBackupVault",
        "backup:GetBackupVaultAccessPolicy",
        "backup:ListTags",
        "backup:PutBackupVaultAccessPolicy",
        "backup:TagResource",
        "backup:UntagResource",
      ],
      on: vault,
    },
    // What creating a vault with a customer managed key takes (create-a-vault.html).
    { actions: ["backup-storage:MountCapsule"], on: anywhere },
    {
      actions: [
        "kms:CreateGrant",
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:GenerateDataKey",
        "kms:RetireGrant",
      ],
      on: keys,
    },
  ],
  "backup-region-settings": [
    { actions: ["backup:DescribeRegionSettings", "backup:UpdateRegionSettings"], on: anywhere },
  ],
  "s3-bucket": [
    {
      actions: [
        "s3:CreateBucket",
        "s3:DeleteBucket",
        "s3:DeleteBucketOwnershipControls",
        "s3:DeleteBucketPolicy",
        "s3:GetAccelerateConfiguration",
        "s3:GetBucket*",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:ListBucket",
        "s3:PutBucketOwnershipControls",
        "s3:PutBucketPolicy",
        "s3:PutBucketPublicAccessBlock",
        "s3:PutBucketTagging",
        "s3:PutEncryptionConfiguration",
        "s3:PutLifecycleConfiguration",
      ],
      on: (r, at) => [`arn:${at.partition}:s3:::${r.name}`],
    },
  ],
  "log-group": [
    { actions: ["logs:DescribeLogGroups"], on: anywhere },
    {
      actions: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:DeleteRetentionPolicy",
        "logs:ListTagsForResource",
        "logs:ListTagsLogGroup",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
      ],
      on: (r, at) => [
        `arn:${at.partition}:logs:${at.region}:${at.account}:log-group:${r.name}`,
        `arn:${at.partition}:logs:${at.region}:${at.account}:log-group:${r.name}:*`,
      ],
    },
  ],
  "state-machine": [
    {
      actions: [
        "states:CreateStateMachine",
        "states:DeleteStateMachine",
        "states:DescribeStateMachine",
        "states:ListStateMachineVersions",
        "states:ListTagsForResource",
        "states:TagResource",
        "states:UntagResource",
        "states:UpdateStateMachine",
      ],
      on: (r, at) => [
        `arn:${at.partition}:states:${at.region}:${at.account}:stateMachine:${r.name}`,
      ],
    },
    {
      // Logging to CloudWatch Logs: Step Functions sets up the delivery as the caller.
      actions: [
        "logs:CreateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery",
      ],
      on: anywhere,
    },
  ],
  "event-rule": [
    {
      actions: [
        "events:DeleteRule",
        "events:DescribeRule",
        "events:ListTagsForResource",
        "events:ListTargetsByRule",
        "events:PutRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:TagResource",
        "events:UntagResource",
      ],
      on: (r, at) => [`arn:${at.partition}:events:${at.region}:${at.account}:rule/${r.name}`],
    },
  ],
  "sns-topic": [
    {
      actions: [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:GetTopicAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTagsForResource",
        "sns:SetTopicAttributes",
        "sns:Subscribe",
        "sns:TagResource",
        "sns:UntagResource",
      ],
      on: (r, at) => [`arn:${at.partition}:sns:${at.region}:${at.account}:${r.name}`],
    },
    // A subscription is read and removed by its own ARN, which no policy can name in advance.
    {
      actions: [
        "sns:GetSubscriptionAttributes",
        "sns:SetSubscriptionAttributes",
        "sns:Unsubscribe",
      ],
      on: anywhere,
    },
  ],
  "dynamodb-table": [
    {
      actions: [
        "dynamodb:CreateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:UpdateTable",
      ],
      on: table,
    },
  ],
  "iam-policy": [
    {
      // A new version on each change; the oldest removed once IAM's five are reached.
      actions: [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
      on: (r, at) => [`arn:${at.partition}:iam::${at.account}:policy/${r.name}`],
    },
  ],
  "chatbot-slack-channel": chatConfigurationGrants({
    unscoped: [
      "chatbot:CreateSlackChannelConfiguration",
      "chatbot:DescribeSlackChannelConfigurations",
    ],
    scoped: ["chatbot:DeleteSlackChannelConfiguration", "chatbot:UpdateSlackChannelConfiguration"],
  }),
  "chatbot-teams-channel": chatConfigurationGrants({
    unscoped: [
      "chatbot:CreateMicrosoftTeamsChannelConfiguration",
      "chatbot:GetMicrosoftTeamsChannelConfiguration",
      "chatbot:ListMicrosoftTeamsChannelConfigurations",
    ],
    scoped: [
      "chatbot:DeleteMicrosoftTeamsChannelConfiguration",
      "chatbot:UpdateMicrosoftTeamsChannelConfiguration",
    ],
  }),
  "dynamodb-table-lookup": [
    {
      // The prod stack reads each s3-export table's point-in-time recovery before it deploys.
      actions: [
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
      ],
      on: table,
    },
  ],
});

/**
 * The least the identity running `pulumi up` (and `pulumi destroy`) of a stack needs: derived
 * from the resources the stack declares (stack/inventory.ts), each kind's provider calls scoped to
 * those resources. Statements with the same actions and condition are merged.
 */
export function deployerPolicy(
  model: StackModel,
  resources: readonly StackResource[],
): PolicyDocument {
  const at: Place = {
    partition: model.partition,
    region: model.region,
    account: model.accounts[model.stack],
  };
  const statements = new Map<string, Statement & { Resource: string[] }>();
  const grants = grantsByKind();
  for (const resource of resources) {
    for (const grant of grants[resource.kind]) {
      if (grant.applies !== undefined && !grant.applies(resource)) continue;
      const condition = grant.condition?.(resource);
      const actions = [...grant.actions].sort();
      const key = JSON.stringify([actions, condition ?? null]);
      const statement = statements.get(key) ?? {
        Effect: "Allow" as const,
        Action: actions,
        Resource: [],
        ...(condition === undefined ? {} : { Condition: condition }),
      };
      for (const arn of grant.on(resource, at))
        if (!statement.Resource.includes(arn)) statement.Resource.push(arn);
      statements.set(key, statement);
    }
  }
  // Statements that ended up on the same resources, with the same condition, become one.
  const merged = new Map<string, Statement & { Action: string[]; Resource: string[] }>();
  for (const statement of statements.values()) {
    const resources = [...statement.Resource].sort();
    const key = JSON.stringify([resources, statement.Condition ?? null]);
    const found = merged.get(key);
    if (found === undefined)
      merged.set(key, {
        ...statement,
        Action: [...(statement.Action as string[])],
        Resource: resources,
      });
    else found.Action = [...new Set([...found.Action, ...(statement.Action as string[])])].sort();
  }
  return policy(
    ...[...merged.values()].map((s) => ({
      ...s,
      Resource: s.Resource.length === 1 ? s.Resource[0]! : s.Resource,
    })),
  );
}
