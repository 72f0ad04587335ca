import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { chatConfigurationName } from "../../config/model";
import {
  configProblems,
  EXAMPLE_DEV_CHANNELS,
  EXAMPLE_PROD_CHANNELS,
  scratchProject,
  withChat,
} from "../helpers/project";

const slack = (name: string, channelId: string, workspaceId = "T07QCRPA7") => ({
  name,
  slack: { workspaceId, channelId },
});

describe("chat channels in a stack file (datarefresh:chat)", () => {
  it("are optional: the example stacks have none", () => {
    const project = scratchProject();
    expect(loadConfig(project, "dev").settings.chat).to.equal(undefined);
    expect(loadConfig(project, "prod").settings.chat).to.equal(undefined);
  });

  it("load in either stack, Slack and Teams alike, several at once", () => {
    const project = withChat(scratchProject());
    expect(loadConfig(project, "dev").settings.chat).to.deep.equal(EXAMPLE_DEV_CHANNELS);
    expect(loadConfig(project, "prod").settings.chat).to.deep.equal(EXAMPLE_PROD_CHANNELS);
    expect(chatConfigurationName(EXAMPLE_DEV_CHANNELS[0]!)).to.equal("datarefresh-dev-refreshes");
  });

  const refusals: [string, unknown, RegExp][] = [
    [
      "a channel with neither Slack nor Teams",
      [{ name: "nowhere" }],
      /config\.datarefresh:chat\[0\]: give either slack: \{workspaceId, channelId\} or teams: \{tenantId, teamId, channelId\}/,
    ],
    [
      "a channel with both",
      [{ ...EXAMPLE_DEV_CHANNELS[0], teams: EXAMPLE_DEV_CHANNELS[1]!.teams }],
      /chat\[0\]: give either slack/,
    ],
    [
      "a channel's name in place of its ID",
      [slack("dev", "#dev-refreshes")],
      /chat\[0\]\.slack\.channelId: "#dev-refreshes": expected a Slack channel ID such as C07R9V9KX/,
    ],
    [
      "a workspace name in place of its ID",
      [slack("dev", "C07R9V9KX", "acme")],
      /chat\[0\]\.slack\.workspaceId: "acme": expected the workspace ID the Amazon Q Developer console shows/,
    ],
    [
      "a Teams channel ID not URL-encoded",
      [
        {
          name: "teams",
          teams: { ...EXAMPLE_DEV_CHANNELS[1]!.teams, channelId: "19:b6ef35dc@thread.tacv2" },
        },
      ],
      /chat\[0\]\.teams\.channelId: "19:b6ef35dc@thread\.tacv2": expected the channel ID as Teams copies it, URL-encoded/,
    ],
    [
      "a Teams tenant that is not a UUID",
      [{ name: "teams", teams: { ...EXAMPLE_DEV_CHANNELS[1]!.teams, tenantId: "acme" } }],
      /chat\[0\]\.teams\.tenantId: "acme": expected the Microsoft Teams tenant ID, a UUID/,
    ],
    [
      "two channels of one name",
      [slack("dev", "C01"), slack("dev", "C02")],
      /chat\[1\]\.name: "dev" names channel 0 too/,
    ],
    [
      "one channel listed twice",
      [slack("a", "C01"), slack("b", "C01")],
      /chat\[1\]: is the same channel as "a"; list each channel once/,
    ],
    ["an empty list", [], /config\.datarefresh:chat: list at least one channel, or leave chat out/],
    [
      "a key of its own",
      [{ ...slack("dev", "C01"), userRole: true }],
      /chat\[0\]\.userRole: unknown key; expected one of: name, slack, teams/,
    ],
    [
      "a name Amazon Q Developer would refuse",
      [slack("dev refreshes", "C01")],
      /chat\[0\]\.name: "dev refreshes": expected a name such as dev-refreshes/,
    ],
  ];
  for (const [what, chat, problem] of refusals) {
    it(`refuse ${what}, naming the file, the field and the value`, () => {
      const problems = configProblems(withChat(scratchProject(), { dev: chat }), "dev");
      expect(problems.join("\n")).to.match(
        new RegExp(`^Pulumi\\.dev\\.yaml: .*${problem.source}`, "m"),
      );
    });
  }
});
