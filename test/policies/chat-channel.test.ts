import { expect } from "chai";
import { NAMES } from "../../config/model";
import { denyAllArn } from "../../policies/chat-channel";
import { chatbotTrust } from "../../policies/trust";
import { planStack, type StackPlan } from "../../stack/plan";
import { scratchProject, withChat } from "../helpers/project";
import { models } from "../helpers/rehearsal";

const channelPolicies = (plan: StackPlan) =>
  plan.policies.filter((p) =>
    [NAMES.chatChannelRole, NAMES.chatGuardrail].includes(p.attachedTo as never),
  );

describe("the chat channels' role and guardrail", () => {
  const { prod, dev } = models({}, withChat(scratchProject()));
  const document = (plan: StackPlan, name: string) =>
    plan.policies.find((p) => p.name === name)!.document;

  it("are planned only where a stack lists channels", () => {
    const bare = models();
    expect(channelPolicies(planStack(bare.dev))).to.deep.equal([]);
    expect(channelPolicies(planStack(bare.prod))).to.deep.equal([]);
  });

  it("in dev: a role that refreshes, trusted by Amazon Q Developer, and a guardrail of the same reach", () => {
    const devPlan = planStack(dev);
    expect(channelPolicies(devPlan).map((p) => `${p.name}:${p.kind}`)).to.deep.equal([
      "datarefresh-chat-channel.identity:identity",
      "datarefresh-chat-channel.trust:trust",
      "datarefresh-chat-guardrail:guardrail",
    ]);
    expect(document(devPlan, "datarefresh-chat-channel.trust")).to.deep.equal(chatbotTrust());
    expect(document(devPlan, "datarefresh-chat-guardrail")).to.deep.equal(
      document(devPlan, "datarefresh-chat-channel.identity"),
    );
    // The same reach as the chat bot's own role: one source for both.
    const withBot = models(
      { chatBot: { principal: "arn:aws:iam::333333333333:root", externalId: "x1" } },
      withChat(scratchProject()),
    );
    expect(document(planStack(withBot.dev), "datarefresh-chat-bot.identity")).to.deep.equal(
      document(devPlan, "datarefresh-chat-channel.identity"),
    );
  });

  it("in prod: a role with no permission at all, trusted by Amazon Q Developer; AWSDenyAll its guardrail", () => {
    expect(channelPolicies(planStack(prod)).map((p) => `${p.name}:${p.kind}`)).to.deep.equal([
      "datarefresh-chat-channel.trust:trust",
    ]);
    expect(denyAllArn(prod)).to.equal("arn:aws:iam::aws:policy/AWSDenyAll");
  });
});
