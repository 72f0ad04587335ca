import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { declareStack } from "../../infra/program";
import { RESOURCE_KINDS, stackResources, type ResourceKind } from "../../stack/inventory";
import { planStack } from "../../stack/plan";
import { PROJECT_DIR, s3ExportProject, withChat, withChatBot } from "../helpers/project";
import { allRegistered, GET_TABLE, recordPulumi } from "../helpers/pulumi-mocks";

/** The input of each named Pulumi type that holds its physical name, and the kind it makes. */
const NAMED: Record<string, [ResourceKind, string]> = {
  "aws:iam/role:Role": ["iam-role", "name"],
  "aws:kms/alias:Alias": ["kms-key", "name"],
  "aws:backup/vault:Vault": ["backup-vault", "name"],
  "aws:s3/bucket:Bucket": ["s3-bucket", "bucket"],
  "aws:cloudwatch/logGroup:LogGroup": ["log-group", "name"],
  "aws:sfn/stateMachine:StateMachine": ["state-machine", "name"],
  "aws:cloudwatch/eventRule:EventRule": ["event-rule", "name"],
  "aws:sns/topic:Topic": ["sns-topic", "name"],
  "aws:dynamodb/table:Table": ["dynamodb-table", "name"],
  "aws:iam/policy:Policy": ["iam-policy", "name"],
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": [
    "chatbot-slack-channel",
    "configurationName",
  ],
  "aws:chatbot/teamsChannelConfiguration:TeamsChannelConfiguration": [
    "chatbot-teams-channel",
    "configurationName",
  ],
};

const projects = [
  ["the example stacks", () => PROJECT_DIR],
  ["with an s3-export table and a chat bot", () => withChatBot(s3ExportProject())],
  ["with chat channels in both stacks", () => withChat(withChatBot(s3ExportProject()))],
] as const;

describe("the inventory of a stack's resources, from which the deployer's policy is derived", function () {
  this.timeout(30_000);
  for (const [label, project] of projects) {
    for (const stack of ["prod", "dev"] as const) {
      it(`${label}, ${stack}: lists exactly what the Pulumi program declares and looks up`, async () => {
        const dir = project();
        const model = toModel(loadConfig(dir, stack));
        const inventory = stackResources(model, planStack(model));
        const recording = recordPulumi(stack);
        await declareStack(dir, stack);
        await allRegistered();
        const declared = recording.resources.filter((r) => !r.type.startsWith("datarefresh:"));

        const kinds = new Set(inventory.map((r) => r.kind));
        for (const resource of declared) {
          const kind = (Object.keys(RESOURCE_KINDS) as ResourceKind[]).find((k) =>
            (RESOURCE_KINDS[k] as readonly string[]).includes(resource.type),
          );
          expect(kind, `${resource.type} ${resource.name} is of no kind`).to.be.a("string");
          expect(kinds.has(kind!), `${resource.type} ${resource.name}: no ${kind} listed`).to.equal(
            true,
          );
        }
        const names = (kind: ResourceKind) =>
          inventory
            .filter((r) => r.kind === kind)
            .map((r) => r.name)
            .sort();
        for (const [type, [kind, input]] of Object.entries(NAMED)) {
          const physical = declared
            .filter((r) => r.type === type)
            .map((r) => String(r.inputs[input]));
          expect(physical.sort(), type).to.deep.equal(names(kind));
        }
        expect(declared.filter((r) => r.type === "aws:kms/key:Key")).to.have.length(
          names("kms-key").length,
        );
        expect(
          declared.filter((r) => r.type === "aws:backup/regionSettings:RegionSettings"),
        ).to.have.length(names("backup-region-settings").length);
        const lookedUp = recording.invokes.filter((i) => i.token === GET_TABLE);
        expect(lookedUp.map((i) => String(i.inputs.name)).sort()).to.deep.equal(
          names("dynamodb-table-lookup"),
        );
      });
    }
  }
});
