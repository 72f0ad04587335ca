import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { declareStack } from "../../infra/program";
import { renderPolicy } from "../../policies/document";
import { replayDeploys, type DeployedStack } from "../helpers/deploy-replay";
import { PROJECT_DIR, s3ExportProject, withChat, withChatBot } from "../helpers/project";
import { allRegistered, recordPulumi, type RecordedResource } from "../helpers/pulumi-mocks";

/**
 * The example stacks with an `s3-export` table, a chat bot and chat channels: every cross-stack
 * policy there is, and every trust of a service.
 */
const everyPolicyProject = () => withChat(withChatBot(s3ExportProject()));

/** `pulumi up` of each stack in turn, recorded by the mocks. */
async function deploy(project: string, order: readonly string[]): Promise<DeployedStack[]> {
  const stacks: DeployedStack[] = [];
  for (const stack of order) {
    const model = toModel(loadConfig(project, stack));
    const recording = recordPulumi(stack);
    await declareStack(project, stack);
    await allRegistered();
    stacks.push({
      stack,
      account: model.accounts[model.stack],
      partition: model.partition,
      resources: recording.resources,
    });
  }
  return stacks;
}

/** Before either stack: the two accounts, and the third account the chat bot lives in (not its role). */
const EXISTING = [
  "arn:aws:iam::111111111111:root",
  "arn:aws:iam::222222222222:root",
  "arn:aws:iam::333333333333:root",
];

describe("deploying the stacks in either order", function () {
  this.timeout(60_000);
  const projects = [
    ["the example stacks", () => PROJECT_DIR],
    ["with an s3-export table, a chat bot and chat channels", everyPolicyProject],
  ] as const;
  for (const [label, project] of projects) {
    for (const order of [
      ["prod", "dev"],
      ["dev", "prod"],
    ] as const) {
      it(`${label}, ${order.join(" then ")}: no policy names a principal that does not exist yet`, async () => {
        const stacks = await deploy(project(), order);
        expect(replayDeploys(stacks, EXISTING)).to.deep.equal([]);
        // Deploying again (every principal there) is refused nothing either.
        expect(replayDeploys([...stacks, ...stacks], EXISTING)).to.deep.equal([]);
      });
    }
  }
});

describe("the replay of a deployment", () => {
  const trustOf = (principal: string) =>
    renderPolicy({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
    });
  const role = (name: string, trusted: string, dependencies: string[] = []): RecordedResource => ({
    type: "aws:iam/role:Role",
    name,
    inputs: { name, assumeRolePolicy: trustOf(trusted) },
    urn: `urn:${name}`,
    dependencies,
  });
  const stack = (resources: RecordedResource[]): DeployedStack => ({
    stack: "prod",
    account: "111111111111",
    partition: "aws",
    resources,
  });

  it("refuses a policy naming a role that no dependency creates, even one declared before it", () => {
    const refusals = replayDeploys(
      [
        stack([
          role("a", "arn:aws:iam::111111111111:root"),
          role("b", "arn:aws:iam::111111111111:role/a"),
        ]),
      ],
      EXISTING,
    );
    expect(refusals).to.have.length(1);
    expect(refusals[0]!.message).to.match(/Invalid principal in policy: "AWS":".*role\/a"/);
  });

  it("accepts it once the policy's resource depends on the role, or the role existed before", () => {
    const named = "arn:aws:iam::111111111111:role/a";
    const a = role("a", "arn:aws:iam::111111111111:root");
    expect(replayDeploys([stack([a, role("b", named, ["urn:a"])])], EXISTING)).to.deep.equal([]);
    expect(replayDeploys([stack([role("b", named)])], [...EXISTING, named])).to.deep.equal([]);
  });

  it("refuses a role of another account, and an unknown account's root (a bare ID too)", () => {
    const refusals = replayDeploys(
      [stack([role("a", "arn:aws:iam::222222222222:role/not-yet"), role("b", "444444444444")])],
      EXISTING,
    );
    expect(refusals.map((r) => r.principal)).to.deep.equal([
      "arn:aws:iam::222222222222:role/not-yet",
      "arn:aws:iam::444444444444:root",
    ]);
  });
});
