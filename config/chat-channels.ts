import { z } from "zod";
import { strictObject } from "./zod-helpers";

/**
 * The chat channels a stack binds to Amazon Q Developer in chat applications (formerly AWS
 * Chatbot), `datarefresh:chat`. The Slack workspace, or the Teams tenant and team, must have been
 * authorized once in the Amazon Q Developer console: no API does that. The patterns are those of
 * CloudFormation's `AWS::Chatbot::SlackChannelConfiguration` and
 * `AWS::Chatbot::MicrosoftTeamsChannelConfiguration`.
 */

/** A text matching `pattern`; a refusal quotes what was given and says what was expected. */
function matching(pattern: RegExp, expected: string) {
  return z
    .string({ error: `expected ${expected}` })
    .regex(pattern, { error: (issue) => `${JSON.stringify(issue.input)}: expected ${expected}` });
}

const slack = strictObject({
  workspaceId: matching(
    /^[0-9A-Z]{1,255}$/,
    "the workspace ID the Amazon Q Developer console shows once the workspace is authorized, such as T07QCRPA7",
  ),
  channelId: matching(
    /^[A-Za-z0-9]{1,256}$/,
    "a Slack channel ID such as C07R9V9KX (the channel's details show it), not its name",
  ),
});

const UUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

const teams = strictObject({
  tenantId: matching(UUID, "the Microsoft Teams tenant ID, a UUID"),
  teamId: matching(UUID, "the team ID the Amazon Q Developer console shows, a UUID"),
  channelId: matching(
    /^(?=.{1,256}$)[\w=+/.,-]*%3[aA][\w=+/.,-]*%40[\w=+/.,-]*$/,
    "the channel ID as Teams copies it, URL-encoded, such as 19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2",
  ),
});

/** One channel: a name of our choosing, and either a Slack channel or a Teams channel. */
const channel = strictObject({
  /** Names the channel's configuration: `datarefresh-<name>`. */
  name: matching(
    /^[A-Za-z0-9][\w-]{0,99}$/,
    "a name such as dev-refreshes: up to 100 letters, digits, - and _",
  ),
  slack: slack.optional(),
  teams: teams.optional(),
}).superRefine((c, ctx) => {
  if ((c.slack === undefined) === (c.teams === undefined)) {
    ctx.addIssue({
      code: "custom",
      message:
        "give either slack: {workspaceId, channelId} or teams: {tenantId, teamId, channelId}, one of the two",
    });
  }
});

export type ChatChannel = z.infer<typeof channel>;

/** Where a channel is: its workspace and channel, or its tenant, team and channel. */
function placeOf(c: Pick<ChatChannel, "slack" | "teams">): string {
  return c.slack !== undefined
    ? `slack ${c.slack.workspaceId} ${c.slack.channelId}`
    : `teams ${c.teams?.tenantId} ${c.teams?.teamId} ${c.teams?.channelId}`;
}

export const chatChannelsSchema = z
  .array(channel, {
    error:
      "expected a list of channels, each {name, slack: {workspaceId, channelId}} or {name, teams: {tenantId, teamId, channelId}}",
  })
  .min(1, { error: "list at least one channel, or leave chat out" })
  .superRefine((channels, ctx) => {
    channels.forEach((c, i) => {
      const named = channels.findIndex((o) => o.name === c.name);
      if (named !== i)
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `"${c.name}" names channel ${named} too; each channel needs a name of its own`,
        });
      const same = channels.findIndex((o) => placeOf(o) === placeOf(c));
      if (same !== i)
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `is the same channel as "${channels[same]!.name}"; list each channel once`,
        });
    });
  });
