import { expect } from "chai";
import type { StackModel } from "../../config/model";
import { planStack, type StackPlan } from "../../stack/plan";
import { models } from "../helpers/rehearsal";

/** The dev plan's policies as text: the chat bot's trust names its external ID. */
const policiesText = (plan: StackPlan) => JSON.stringify(plan.policies);

/** The dev model with a chat bot of this external ID: its definitions stay as they are. */
const withChatBot = (model: StackModel, externalId: string): StackModel => ({
  ...model,
  settings: {
    ...model.settings,
    chatBot: { principal: "arn:aws:iam::333333333333:role/chat-bot", externalId },
  },
});

describe("plans made once a process, given to every caller", () => {
  const { dev } = models();

  it("plans a changed model anew: a plan answers its own model, however many come and go", () => {
    // More models than are kept, then the first ones again, which are no longer kept.
    const ids = Array.from({ length: 17 }, (_, i) => `chat-${i}-id`);
    for (const id of [...ids, "chat-0-id", "chat-1-id"]) {
      const text = policiesText(planStack(withChatBot(dev, id)));
      expect(text).to.include(`"${id}"`);
      expect(text).not.to.include(id === "chat-0-id" ? '"chat-1-id"' : '"chat-0-id"');
    }
  });

  it("gives the same plan for an equal model, which no caller can change under another", () => {
    const plan = planStack(dev);
    expect(planStack(structuredClone(dev))).to.equal(plan);
    const machine = plan.machines[0]!;
    expect(() => plan.machines.push(machine)).to.throw(TypeError);
    expect(() => {
      (machine.definition as { StartAt: string }).StartAt = "Elsewhere";
    }).to.throw(TypeError);
    expect(() => {
      (plan.policies[0]!.document.Statement as unknown[]).length = 0;
    }).to.throw(TypeError);
  });
});
