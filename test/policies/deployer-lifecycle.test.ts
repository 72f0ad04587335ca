import { expect } from "chai";
import { NAMES, type StackModel } from "../../config/model";
import type { PolicyDocument } from "../../policies/document";
import { devKeyPolicy, exportKeyPolicy, prodKeyPolicy } from "../../policies/resource-policies";
import { Authorizer } from "../../rehearsal/authorize";
import { planStack } from "../../stack/plan";
import { stackResources, type ResourceKind, type StackResource } from "../../stack/inventory";
import { perFile } from "../helpers/per-file";
import { s3ExportProject, withChat, withChatBot } from "../helpers/project";
import { models } from "../helpers/rehearsal";

/** Where a stack puts its resources. */
interface Place {
  model: StackModel;
  region: string;
  account: string;
}

/**
 * A call the deployer makes for a resource, on a resource ARN (`*`: one without scope), and for a
 * key the key's own policy, which KMS reads before the deployer's (it lets the account decide).
 */
type Call = [action: string, resource: string, keyPolicy?: PolicyDocument];

/** A key's ID is known only once it exists: any will do. */
const someKey = (at: Place) => `arn:aws:kms:${at.region}:${at.account}:key/0b1c2d3e`;

/** The policy of the key a stack makes under this alias, or of the key of this vault. */
function keyPolicy(at: Place, aliasOrVault: string): PolicyDocument {
  const policies: Record<string, (model: StackModel) => PolicyDocument> = {
    [NAMES.prodKeyAlias]: prodKeyPolicy,
    [NAMES.prodVault]: prodKeyPolicy,
    [NAMES.exportKeyAlias]: exportKeyPolicy,
    [NAMES.devKeyAlias]: devKeyPolicy,
    [NAMES.devVault]: devKeyPolicy,
  };
  return policies[aliasOrVault]!(at.model);
}

/**
 * How Pulumi creates and removes each kind of resource a stack declares: the calls, written out
 * (the API reference of each service; the vault's key from create-a-vault.html), so that a grant
 * missing from the deployer's policy fails here rather than half-way through a deployment.
 */
const LIFECYCLE: Record<ResourceKind, (r: StackResource, at: Place) => Call[]> = {
  "iam-role": (r, at) => [
    ["iam:CreateRole", `arn:aws:iam::${at.account}:role/${r.name}`],
    ["iam:DeleteRole", `arn:aws:iam::${at.account}:role/${r.name}`],
  ],
  "kms-key": (r, at) => [
    ["kms:CreateKey", "*"],
    ["kms:ListAliases", "*"],
    ["kms:PutKeyPolicy", someKey(at), keyPolicy(at, r.name)],
    ["kms:EnableKeyRotation", someKey(at), keyPolicy(at, r.name)],
    ["kms:CreateAlias", `arn:aws:kms:${at.region}:${at.account}:${r.name}`],
    ["kms:CreateAlias", someKey(at), keyPolicy(at, r.name)],
    ["kms:ScheduleKeyDeletion", someKey(at), keyPolicy(at, r.name)],
  ],
  "backup-vault": (r, at) => [
    [
      "backup:CreateBackupVault",
      `arn:aws:backup:${at.region}:${at.account}:backup-vault:${r.name}`,
    ],
    ["backup-storage:MountCapsule", "*"],
    ["kms:CreateGrant", someKey(at), keyPolicy(at, r.name)],
    [
      "backup:DeleteBackupVault",
      `arn:aws:backup:${at.region}:${at.account}:backup-vault:${r.name}`,
    ],
  ],
  "backup-region-settings": () => [
    ["backup:DescribeRegionSettings", "*"],
    ["backup:UpdateRegionSettings", "*"],
  ],
  "s3-bucket": (r) => [
    ["s3:CreateBucket", `arn:aws:s3:::${r.name}`],
    ["s3:DeleteBucket", `arn:aws:s3:::${r.name}`],
  ],
  "log-group": (r, at) => [
    ["logs:DescribeLogGroups", "*"],
    ["logs:CreateLogGroup", `arn:aws:logs:${at.region}:${at.account}:log-group:${r.name}`],
    ["logs:PutRetentionPolicy", `arn:aws:logs:${at.region}:${at.account}:log-group:${r.name}:*`],
    ["logs:DeleteLogGroup", `arn:aws:logs:${at.region}:${at.account}:log-group:${r.name}`],
  ],
  "state-machine": (r, at) => [
    [
      "states:CreateStateMachine",
      `arn:aws:states:${at.region}:${at.account}:stateMachine:${r.name}`,
    ],
    ["logs:CreateLogDelivery", "*"],
    [
      "states:DeleteStateMachine",
      `arn:aws:states:${at.region}:${at.account}:stateMachine:${r.name}`,
    ],
  ],
  "event-rule": (r, at) => [
    ["events:PutRule", `arn:aws:events:${at.region}:${at.account}:rule/${r.name}`],
    ["events:PutTargets", `arn:aws:events:${at.region}:${at.account}:rule/${r.name}`],
    ["events:DeleteRule", `arn:aws:events:${at.region}:${at.account}:rule/${r.name}`],
  ],
  "sns-topic": (r, at) => [
    ["sns:CreateTopic", `arn:aws:sns:${at.region}:${at.account}:${r.name}`],
    ["sns:Subscribe", `arn:aws:sns:${at.region}:${at.account}:${r.name}`],
    ["sns:Unsubscribe", "*"],
    ["sns:DeleteTopic", `arn:aws:sns:${at.region}:${at.account}:${r.name}`],
  ],
  "dynamodb-table": (r, at) => [
    ["dynamodb:CreateTable", `arn:aws:dynamodb:${at.region}:${at.account}:table/${r.name}`],
    ["dynamodb:DeleteTable", `arn:aws:dynamodb:${at.region}:${at.account}:table/${r.name}`],
  ],
  "iam-policy": (r, at) => [
    ["iam:CreatePolicy", `arn:aws:iam::${at.account}:policy/${r.name}`],
    ["iam:DeletePolicy", `arn:aws:iam::${at.account}:policy/${r.name}`],
  ],
  "chatbot-slack-channel": (r, at) => [
    ["chatbot:CreateSlackChannelConfiguration", "*"],
    [
      "chatbot:DeleteSlackChannelConfiguration",
      `arn:aws:chatbot::${at.account}:chat-configuration/slack-channel/${r.name}`,
    ],
  ],
  "chatbot-teams-channel": (r, at) => [
    ["chatbot:CreateMicrosoftTeamsChannelConfiguration", "*"],
    [
      "chatbot:DeleteMicrosoftTeamsChannelConfiguration",
      `arn:aws:chatbot::${at.account}:chat-configuration/microsoft-teams-channel/${r.name}`,
    ],
  ],
  "dynamodb-table-lookup": (r, at) => [
    ["dynamodb:DescribeTable", `arn:aws:dynamodb:${at.region}:${at.account}:table/${r.name}`],
  ],
};

/** Both stacks with every optional part: export bucket, chat bot, channels, Region settings. */
const { prod, dev } = models(
  { manageRegionSettings: true, enablePointInTimeRecovery: false },
  withChat(withChatBot(s3ExportProject())),
);

describe("the deployer's policy lets Pulumi create and remove every resource its stack declares", () => {
  const authorizer = new Authorizer([]);

  it("meets every kind of resource in one stack or the other", () => {
    const kinds = [prod, dev].flatMap((model) =>
      stackResources(model, planStack(model)).map((r) => r.kind),
    );
    expect([...new Set(kinds)].sort()).to.deep.equal(Object.keys(LIFECYCLE).sort());
  });

  for (const model of [prod, dev]) {
    const at = { model, region: model.region, account: model.accounts[model.stack] };
    const deployer = `arn:aws:iam::${at.account}:role/deployer`;
    const built = perFile(() => {
      const plan = planStack(model);
      return { policy: plan.deployerPolicy, resources: stackResources(model, plan) };
    });
    const resources = built().resources;

    for (const [i, resource] of resources.entries()) {
      it(`${model.stack}: ${resource.kind} ${resource.name}`, async () => {
        const { policy, resources: made } = built();
        const denied: string[] = [];
        for (const [action, arn, keyPolicy] of LIFECYCLE[made[i]!.kind](made[i]!, at)) {
          const decision = await authorizer.decide({
            principal: deployer,
            action,
            resource: arn,
            identity: [policy],
            ...(keyPolicy === undefined ? {} : { resourcePolicy: keyPolicy }),
          });
          if (!decision.allowed) denied.push(`${action} on ${arn}`);
        }
        expect(denied).to.deep.equal([]);
      });
    }
  }
});
