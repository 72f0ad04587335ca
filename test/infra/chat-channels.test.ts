import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ChatChannels } from "../../infra/chat-channels";
import { declareStack } from "../../infra/program";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { renderPolicy } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { scratchProject, withChat } from "../helpers/project";
import { allRegistered, promiseOf, recordResources } from "../helpers/pulumi-mocks";

const SLACK = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration";
const TEAMS = "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration";
const MANAGED_POLICY = "aws:iam/policy:Policy";

async function declareWithChat(stack: "prod" | "dev") {
  const project = withChat(scratchProject());
  const recorded = recordResources(stack);
  const outputs = await declareStack(project, stack);
  await allRegistered();
  const plan = planStack(toModel(loadConfig(project, stack)));
  return { recorded, outputs, plan };
}

describe("the chat channels a stack lists (Pulumi program)", () => {
  it("dev: binds each channel, Slack and Teams, to the channel role, the guardrail and the refresh topic", async () => {
    const { recorded, outputs, plan } = await declareWithChat("dev");
    const slack = recorded.filter((r) => r.type === SLACK);
    const teams = recorded.filter((r) => r.type === TEAMS);
    expect(slack.map((r) => r.inputs)).to.deep.equal([
      {
        configurationName: "datarefresh-dev-refreshes",
        slackTeamId: "T07QCRPA7",
        slackChannelId: "C07R9V9KX",
        iamRoleArn: "arn:mock:datarefresh-chat-channel",
        guardrailPolicyArns: ["arn:mock:datarefresh-chat-guardrail"],
        snsTopicArns: ["arn:mock:datarefresh-refresh-outcomes"],
        loggingLevel: "ERROR",
        userAuthorizationRequired: false,
      },
    ]);
    expect(teams.map((r) => r.inputs)).to.deep.equal([
      {
        configurationName: "datarefresh-dev-refreshes-teams",
        tenantId: "0ab1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
        teamId: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
        channelId: "19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2",
        iamRoleArn: "arn:mock:datarefresh-chat-channel",
        guardrailPolicyArns: ["arn:mock:datarefresh-chat-guardrail"],
        snsTopicArns: ["arn:mock:datarefresh-refresh-outcomes"],
        loggingLevel: "ERROR",
        userAuthorizationRequired: false,
      },
    ]);
    const guardrail = recorded.filter((r) => r.type === MANAGED_POLICY);
    const planned = plan.policies.find((p) => p.kind === "guardrail")!;
    expect(guardrail.map((r) => [r.inputs.name, r.inputs.policy])).to.deep.equal([
      ["datarefresh-chat-guardrail", renderPolicy(planned.document)],
    ]);
    expect(await promiseOf(pulumi.all(outputs.chatConfigurationArns!))).to.deep.equal({
      "dev-refreshes": "arn:mock:datarefresh-dev-refreshes",
      "dev-refreshes-teams": "arn:mock:datarefresh-dev-refreshes-teams",
    });
  });

  it("prod: binds its channel to the daily runs' topic, with AWSDenyAll as guardrail and no policy of its own", async () => {
    const { recorded } = await declareWithChat("prod");
    const slack = recorded.filter((r) => r.type === SLACK);
    expect(slack.map((r) => r.inputs.guardrailPolicyArns)).to.deep.equal([
      ["arn:aws:iam::aws:policy/AWSDenyAll"],
    ]);
    expect(slack.map((r) => r.inputs.snsTopicArns)).to.deep.equal([
      ["arn:mock:datarefresh-backup-alerts"],
    ]);
    expect(recorded.filter((r) => r.type === MANAGED_POLICY)).to.deep.equal([]);
    const rolePolicies = recorded.filter(
      (r) =>
        r.type === "aws:iam/rolePolicy:RolePolicy" &&
        String(r.inputs.role).includes("chat-channel"),
    );
    expect(rolePolicies, "the prod channel role has no permission").to.deep.equal([]);
  });

  it("are left out, with their role and outputs, where the stack lists none (the examples)", async () => {
    const recorded = recordResources("dev");
    const outputs = await declareStack(scratchProject(), "dev");
    await allRegistered();
    expect(recorded.filter((r) => [SLACK, TEAMS, MANAGED_POLICY].includes(r.type))).to.deep.equal(
      [],
    );
    expect(recorded.map((r) => r.name)).to.not.include("datarefresh-chat-channel");
    expect(outputs.chatConfigurationArns).to.equal(undefined);
  });

  it("refuse to be declared without a channel", () => {
    recordResources("dev");
    expect(
      () =>
        new ChatChannels("nothing", {
          channels: [],
          roleArn: "arn:aws:iam::222222222222:role/r",
          guardrail: { arn: "arn:aws:iam::aws:policy/AWSDenyAll" },
          topicArn: "arn:aws:sns:eu-west-1:222222222222:t",
        }),
    ).to.throw("nothing: no chat channel to bind");
  });
});
