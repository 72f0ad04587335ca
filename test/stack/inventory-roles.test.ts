import { expect } from "chai";
import path from "node:path";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { stackResources } from "../../stack/inventory";
import { planStack } from "../../stack/plan";
import { editYaml, s3ExportProject, withChat, withChatBot } from "../helpers/project";

const MANAGED = "arn:aws:iam::aws:policy/service-role";

function inventory(dir: string, stack: "prod" | "dev") {
  const model = toModel(loadConfig(dir, stack));
  return stackResources(model, planStack(model));
}

describe("the roles of a stack's inventory: whom each is handed to, what AWS policy it carries", () => {
  it("hands each role only to the service that takes it, in both stacks", () => {
    const dir = withChat(withChatBot(s3ExportProject()));
    const roles = (stack: "prod" | "dev") =>
      inventory(dir, stack).filter((r) => r.kind === "iam-role");
    expect(roles("prod")).to.deep.equal([
      {
        kind: "iam-role",
        name: "datarefresh-backup-and-copy-machine",
        passedTo: "states.amazonaws.com",
      },
      {
        kind: "iam-role",
        name: "datarefresh-backup-service",
        managedPolicies: [`${MANAGED}/AWSBackupServiceRolePolicyForBackup`],
      },
      { kind: "iam-role", name: "datarefresh-schedule", passedTo: "events.amazonaws.com" },
      { kind: "iam-role", name: "datarefresh-chat-channel", passedTo: "chatbot.amazonaws.com" },
    ]);
    expect(roles("dev")).to.deep.equal([
      { kind: "iam-role", name: "datarefresh-restore-machine", passedTo: "states.amazonaws.com" },
      { kind: "iam-role", name: "datarefresh-copy-recorder" },
      {
        kind: "iam-role",
        name: "datarefresh-restore-service",
        managedPolicies: [`${MANAGED}/AWSBackupServiceRolePolicyForRestores`],
      },
      { kind: "iam-role", name: "datarefresh-chat-bot" },
      { kind: "iam-role", name: "datarefresh-chat-channel", passedTo: "chatbot.amazonaws.com" },
      { kind: "iam-role", name: "datarefresh-import" },
    ]);
  });

  it("looks up the s3-export tables only where the stack does not turn their recovery on", () => {
    const dir = s3ExportProject();
    const lookups = () => inventory(dir, "prod").filter((r) => r.kind === "dynamodb-table-lookup");
    expect(lookups()).to.deep.equal([{ kind: "dynamodb-table-lookup", name: "Events" }]);
    editYaml(
      path.join(dir, "Pulumi.prod.yaml"),
      ["config", "datarefresh:enablePointInTimeRecovery"],
      true,
    );
    expect(lookups()).to.deep.equal([]);
  });
});
