import { execFileSync } from "node:child_process";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { renderDefinition } from "../../asl";
import { declareStack } from "../../infra/program";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { renderPolicy } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { PROJECT_DIR } from "../helpers/project";
import { promiseOf, recordResources, type RecordedResource } from "../helpers/pulumi-mocks";

async function declare(stack: string) {
  const recorded = recordResources(stack);
  const outputs = declareStack(PROJECT_DIR, stack);
  const machineArns = await promiseOf(pulumiAll(outputs.stateMachineArns));
  const roleArns = await promiseOf(pulumiAll(outputs.roleArns));
  return {
    recorded,
    machineArns,
    roleArns,
    plan: planStack(toModel(loadConfig(PROJECT_DIR, stack))),
  };
}

function pulumiAll(record: Record<string, pulumi.Output<string>>) {
  return pulumi.all(record);
}

const ofType = (recorded: RecordedResource[], type: string) =>
  recorded.filter((r) => r.type === type);

describe("the Pulumi program", () => {
  for (const stack of ["prod", "dev"]) {
    describe(`stack ${stack}, from the real Pulumi.${stack}.yaml`, () => {
      let result: Awaited<ReturnType<typeof declare>>;
      before(async () => {
        result = await declare(stack);
      });

      it("deploys exactly the definitions synth writes", () => {
        const machines = ofType(result.recorded, "aws:sfn/stateMachine:StateMachine");
        expect(machines.map((m) => m.name).sort()).to.deep.equal(
          result.plan.machines.map((m) => m.name).sort(),
        );
        for (const planned of result.plan.machines) {
          const declared = machines.find((m) => m.name === planned.name)!;
          expect(declared.inputs.definition).to.equal(renderDefinition(planned.definition));
          expect(declared.inputs.type).to.equal("STANDARD");
        }
      });

      it("logs errors of every machine without execution data", () => {
        for (const machine of ofType(result.recorded, "aws:sfn/stateMachine:StateMachine")) {
          const logging = machine.inputs.loggingConfiguration as Record<string, unknown>;
          expect(logging.level).to.equal("ERROR");
          expect(logging.includeExecutionData).to.equal(false);
          expect(logging.logDestination).to.match(/:\*$/);
        }
      });

      it("declares every planned role with its trust and identity documents", () => {
        const roles = ofType(result.recorded, "aws:iam/role:Role");
        const inline = ofType(result.recorded, "aws:iam/rolePolicy:RolePolicy");
        for (const p of result.plan.policies.filter((x) => x.kind === "trust")) {
          const role = roles.find((r) => r.name === p.attachedTo);
          expect(role, p.attachedTo).to.not.equal(undefined);
          expect(role!.inputs.assumeRolePolicy).to.equal(renderPolicy(p.document));
        }
        for (const p of result.plan.policies.filter((x) => x.kind === "identity")) {
          const declared = inline.find((r) => r.name === p.name);
          expect(declared?.inputs.policy, p.name).to.equal(renderPolicy(p.document));
        }
      });

      it("exports the ARN of each state machine and role", () => {
        expect(Object.keys(result.machineArns).sort()).to.deep.equal(
          result.plan.machines.map((m) => m.name).sort(),
        );
        expect(Object.keys(result.roleArns)).to.have.length.greaterThan(0);
      });

      it("declares no Lambda function", () => {
        expect(result.recorded.filter((r) => r.type.startsWith("aws:lambda"))).to.deep.equal([]);
      });
    });
  }

  it("loads as the Pulumi CLI's Node.js runtime loads it (ts-node, type-checked)", function () {
    this.timeout(120_000);
    const out = execFileSync(
      process.execPath,
      [path.join(PROJECT_DIR, "test/helpers/pulumi-runtime-load.cjs"), PROJECT_DIR, "prod"],
      { encoding: "utf8" },
    );
    const loaded = JSON.parse(out) as { exports: string[]; types: string[] };
    expect(loaded.exports).to.deep.equal(["roleArns", "stateMachineArns"]);
    expect(loaded.types).to.include("aws:sfn/stateMachine:StateMachine");
  });
});
