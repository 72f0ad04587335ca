import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ChatChannel } from "../config/chat-channels";
import { chatConfigurationName } from "../config/model";
import { renderPolicy, type PolicyDocument } from "../policies/document";

export interface ChatChannelsArgs {
  readonly channels: readonly ChatChannel[];
  /** The role Amazon Q Developer acts with in the channels. */
  readonly roleArn: pulumi.Input<string>;
  /**
   * What caps every role a channel member acts with: a customer managed policy to create, or an
   * AWS managed one.
   */
  readonly guardrail: { name: string; document: PolicyDocument } | { arn: string };
  /** The topic whose messages the channels show. */
  readonly topicArn: pulumi.Input<string>;
}

/**
 * Slack and Microsoft Teams channels bound to Amazon Q Developer in chat applications: each shows
 * the topic's messages and runs members' commands with the channel's role, within the guardrail
 * (always set: left unset, AWS applies AdministratorAccess). The Slack workspace or Teams tenant
 * must have been authorized once in the Amazon Q Developer console.
 */
export class ChatChannels extends pulumi.ComponentResource {
  readonly configurationArns: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ChatChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:chat:ChatChannels", name, {}, opts);
    if (args.channels.length === 0) throw new Error(`${name}: no chat channel to bind`);
    const guardrail =
      "arn" in args.guardrail
        ? args.guardrail.arn
        : new aws.iam.Policy(
            args.guardrail.name,
            {
              name: args.guardrail.name,
              description: "Caps what members of the datarefresh chat channels may do",
              policy: renderPolicy(args.guardrail.document),
            },
            { parent: this },
          ).arn;
    const common = {
      iamRoleArn: args.roleArn,
      guardrailPolicyArns: [guardrail],
      snsTopicArns: [args.topicArn],
      loggingLevel: "ERROR",
      userAuthorizationRequired: false,
    };
    for (const channel of args.channels) {
      const configurationName = chatConfigurationName(channel);
      const configuration =
        channel.slack !== undefined
          ? new aws.chatbot.SlackChannelConfiguration(
              configurationName,
              {
                ...common,
                configurationName,
                slackTeamId: channel.slack.workspaceId,
                slackChannelId: channel.slack.channelId,
              },
              { parent: this },
            )
          : new aws.chatbot.TeamsChannelConfiguration(
              configurationName,
              {
                ...common,
                configurationName,
                tenantId: channel.teams!.tenantId,
                teamId: channel.teams!.teamId,
                channelId: channel.teams!.channelId,
              },
              { parent: this },
            );
      this.configurationArns[channel.name] = configuration.chatConfigurationArn;
    }
    this.registerOutputs({ configurationArns: this.configurationArns });
  }
}
