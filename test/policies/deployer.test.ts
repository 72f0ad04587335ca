import { expect } from "chai";
import { deployerPolicy } from "../../policies/deployer";
import { renderPolicy } from "../../policies/document";
import { Authorizer, type AuthRequest } from "../../rehearsal/authorize";
import { planStack } from "../../stack/plan";
import { perFile } from "../helpers/per-file";
import { s3ExportProject, withChat, withChatBot } from "../helpers/project";
import { models } from "../helpers/rehearsal";

/** A customer managed policy holds at most 6,144 characters (whitespace aside). */
const MANAGED_POLICY_LIMIT = 6_144;

const { prod, dev } = models({}, withChat(withChatBot(s3ExportProject())));
const DEPLOYER = "arn:aws:iam::111111111111:role/deployer";
const DEV_DEPLOYER = "arn:aws:iam::222222222222:role/deployer";

type Row = [string, Omit<AuthRequest, "principal" | "identity">, "Allowed" | "Denied"];

const prodRows: Row[] = [
  [
    "creates the stack's roles",
    {
      action: "iam:CreateRole",
      resource: "arn:aws:iam::111111111111:role/datarefresh-backup-service",
    },
    "Allowed",
  ],
  [
    "creates no other role",
    { action: "iam:CreateRole", resource: "arn:aws:iam::111111111111:role/Admin" },
    "Denied",
  ],
  [
    "puts inline policies on the stack's roles only",
    { action: "iam:PutRolePolicy", resource: "arn:aws:iam::111111111111:role/Admin" },
    "Denied",
  ],
  [
    "hands the machine role to Step Functions",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::111111111111:role/datarefresh-backup-and-copy-machine",
      context: { "iam:PassedToService": "states.amazonaws.com" },
    },
    "Allowed",
  ],
  [
    "hands it to no other service",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::111111111111:role/datarefresh-backup-and-copy-machine",
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    },
    "Denied",
  ],
  [
    "hands the schedule role to EventBridge",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::111111111111:role/datarefresh-schedule",
      context: { "iam:PassedToService": "events.amazonaws.com" },
    },
    "Allowed",
  ],
  [
    "attaches AWS Backup's managed policy to its service role",
    {
      action: "iam:AttachRolePolicy",
      resource: "arn:aws:iam::111111111111:role/datarefresh-backup-service",
      context: {
        "iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      },
    },
    "Allowed",
  ],
  [
    "attaches no other managed policy",
    {
      action: "iam:AttachRolePolicy",
      resource: "arn:aws:iam::111111111111:role/datarefresh-backup-service",
      context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" },
    },
    "Denied",
  ],
  [
    "creates the stack's state machines",
    {
      action: "states:CreateStateMachine",
      resource: "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-and-copy",
    },
    "Allowed",
  ],
  [
    "deletes no other state machine",
    {
      action: "states:DeleteStateMachine",
      resource: "arn:aws:states:eu-west-1:111111111111:stateMachine:payments",
    },
    "Denied",
  ],
  [
    "creates the prod vault",
    {
      action: "backup:CreateBackupVault",
      resource: "arn:aws:backup:eu-west-1:111111111111:backup-vault:datarefresh-prod",
    },
    "Allowed",
  ],
  [
    "deletes no other vault",
    {
      action: "backup:DeleteBackupVault",
      resource: "arn:aws:backup:eu-west-1:111111111111:backup-vault:Default",
    },
    "Denied",
  ],
  [
    "deletes no recovery point",
    {
      action: "backup:DeleteRecoveryPoint",
      resource: "arn:aws:backup:eu-west-1:111111111111:recovery-point:rp-1",
    },
    "Denied",
  ],
  [
    "sets the export bucket's policy",
    {
      action: "s3:PutBucketPolicy",
      resource: "arn:aws:s3:::datarefresh-exports-111111111111-eu-west-1",
    },
    "Allowed",
  ],
  [
    "sets no other bucket's policy",
    { action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::company-data" },
    "Denied",
  ],
  [
    "reads no object",
    {
      action: "s3:GetObject",
      resource: "arn:aws:s3:::datarefresh-exports-111111111111-eu-west-1/exports/x",
    },
    "Denied",
  ],
  [
    "looks up an s3-export table's point-in-time recovery",
    {
      action: "dynamodb:DescribeContinuousBackups",
      resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/Events",
    },
    "Allowed",
  ],
  [
    "changes no prod table",
    {
      action: "dynamodb:UpdateTable",
      resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/Events",
    },
    "Denied",
  ],
  [
    "names the stack's key aliases",
    {
      action: "kms:CreateAlias",
      resource: "arn:aws:kms:eu-west-1:111111111111:alias/datarefresh-prod-backup",
    },
    "Allowed",
  ],
  [
    "names no other alias",
    { action: "kms:CreateAlias", resource: "arn:aws:kms:eu-west-1:111111111111:alias/payments" },
    "Denied",
  ],
  [
    "creates no managed policy: the prod channels' guardrail is AWS's AWSDenyAll",
    {
      action: "iam:CreatePolicy",
      resource: "arn:aws:iam::111111111111:policy/datarefresh-chat-guardrail",
    },
    "Denied",
  ],
  [
    "creates the prod channel's configuration",
    {
      action: "chatbot:UpdateSlackChannelConfiguration",
      resource:
        "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/datarefresh-prod-daily-runs",
    },
    "Allowed",
  ],
  [
    "uses no key in another Region",
    { action: "kms:PutKeyPolicy", resource: "arn:aws:kms:us-east-1:111111111111:key/k" },
    "Denied",
  ],
];

const devRows: Row[] = [
  [
    "creates the state table",
    {
      action: "dynamodb:CreateTable",
      resource: "arn:aws:dynamodb:eu-west-1:222222222222:table/datarefresh-state",
    },
    "Allowed",
  ],
  [
    "deletes no environment table",
    {
      action: "dynamodb:DeleteTable",
      resource: "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-1-Users",
    },
    "Denied",
  ],
  [
    "sets the dev vault's access policy",
    {
      action: "backup:PutBackupVaultAccessPolicy",
      resource: "arn:aws:backup:eu-west-1:222222222222:backup-vault:datarefresh-dev",
    },
    "Allowed",
  ],
  [
    "creates the chat bot's role",
    { action: "iam:CreateRole", resource: "arn:aws:iam::222222222222:role/datarefresh-chat-bot" },
    "Allowed",
  ],
  [
    "hands the chat bot's role to no service",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::222222222222:role/datarefresh-chat-bot",
      context: { "iam:PassedToService": "states.amazonaws.com" },
    },
    "Denied",
  ],
  [
    "creates the chat channels' guardrail policy, and updates it",
    {
      action: "iam:CreatePolicyVersion",
      resource: "arn:aws:iam::222222222222:policy/datarefresh-chat-guardrail",
    },
    "Allowed",
  ],
  [
    "changes no other managed policy",
    {
      action: "iam:CreatePolicyVersion",
      resource: "arn:aws:iam::222222222222:policy/AdminEverything",
    },
    "Denied",
  ],
  [
    "creates the chat channels' configurations",
    { action: "chatbot:CreateSlackChannelConfiguration", resource: "*" },
    "Allowed",
  ],
  [
    "deletes its Teams channel's configuration",
    {
      action: "chatbot:DeleteMicrosoftTeamsChannelConfiguration",
      resource:
        "arn:aws:chatbot::222222222222:chat-configuration/microsoft-teams-channel/datarefresh-dev-refreshes-teams",
    },
    "Allowed",
  ],
  [
    "changes no other channel's configuration",
    {
      action: "chatbot:UpdateSlackChannelConfiguration",
      resource: "arn:aws:chatbot::222222222222:chat-configuration/slack-channel/ops-alarms",
    },
    "Denied",
  ],
  [
    "hands the channels' role to Amazon Q Developer",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::222222222222:role/datarefresh-chat-channel",
      context: { "iam:PassedToService": "chatbot.amazonaws.com" },
    },
    "Allowed",
  ],
  [
    "hands the machine role to no chat channel",
    {
      action: "iam:PassRole",
      resource: "arn:aws:iam::222222222222:role/datarefresh-restore-machine",
      context: { "iam:PassedToService": "chatbot.amazonaws.com" },
    },
    "Denied",
  ],
  [
    "lets Amazon Q Developer make its service-linked role",
    {
      action: "iam:CreateServiceLinkedRole",
      resource:
        "arn:aws:iam::222222222222:role/aws-service-role/management.chatbot.amazonaws.com/AWSServiceRoleForAWSChatbot",
      context: { "iam:AWSServiceName": "management.chatbot.amazonaws.com" },
    },
    "Allowed",
  ],
  [
    "makes no other service's linked role",
    {
      action: "iam:CreateServiceLinkedRole",
      resource:
        "arn:aws:iam::222222222222:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2",
      context: { "iam:AWSServiceName": "ec2.amazonaws.com" },
    },
    "Denied",
  ],
];

describe("the deployer's policy (deployer.policy.json)", () => {
  const authorizer = new Authorizer([]);
  const cases = [
    ["prod", prod, DEPLOYER, prodRows],
    ["dev", dev, DEV_DEPLOYER, devRows],
  ] as const;
  for (const [stack, model, principal, rows] of cases) {
    const document = perFile(() => planStack(model).deployerPolicy);
    for (const [why, request, expected] of rows) {
      it(`${stack}: ${expected === "Allowed" ? "" : "never "}${why}`, async () => {
        const identity = [document()];
        const decision = await authorizer.decide({ ...request, principal, identity });
        expect(decision.allowed ? "Allowed" : "Denied").to.equal(expected);
      });
    }

    it(`${stack}: fits a customer managed policy (6,144 characters)`, () => {
      expect(renderPolicy(document()).length).to.be.below(MANAGED_POLICY_LIMIT);
    });
  }
});

describe("the deployer's policy, merged statement by statement", () => {
  it("keeps statements on the same resources apart when their conditions differ", async () => {
    const role = "arn:aws:iam::111111111111:role/datarefresh-both";
    const document = deployerPolicy(prod, [
      { kind: "iam-role", name: "datarefresh-both", passedTo: "states.amazonaws.com" },
      { kind: "iam-role", name: "datarefresh-both", passedTo: "events.amazonaws.com" },
    ]);
    const authorizer = new Authorizer([]);
    const passes = async (service: string) =>
      (
        await authorizer.decide({
          principal: DEPLOYER,
          action: "iam:PassRole",
          resource: role,
          identity: [document],
          context: { "iam:PassedToService": service },
        })
      ).allowed;
    expect(await passes("states.amazonaws.com")).to.equal(true);
    expect(await passes("events.amazonaws.com")).to.equal(true);
    expect(await passes("ec2.amazonaws.com")).to.equal(false);
  });
});
