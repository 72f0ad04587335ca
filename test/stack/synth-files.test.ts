import { expect } from "chai";
import { NAMES } from "../../config/model";
import { planStack } from "../../stack/plan";
import { manifestFiles, synthFiles, type Manifest } from "../../stack/synth-files";
import { models } from "../helpers/rehearsal";

describe("the files synth writes, from a stack's plan", () => {
  it("links each machine to its role's policies, and writes each policy and the deployer's as JSON", () => {
    const plan = planStack(models().dev);
    const files = synthFiles(plan);
    const manifest = JSON.parse(files.get("manifest.json")!) as Manifest;
    expect(manifest.stateMachines.map((m) => [m.name, m.role, m.policies])).to.deep.equal([
      [
        NAMES.restoreMachine,
        NAMES.restoreMachineRole,
        [`${NAMES.restoreMachineRole}.identity`, `${NAMES.restoreMachineRole}.trust`],
      ],
      [
        NAMES.restoreTableMachine,
        NAMES.restoreMachineRole,
        [`${NAMES.restoreMachineRole}.identity`, `${NAMES.restoreMachineRole}.trust`],
      ],
    ]);
    for (const p of plan.policies) {
      const text = files.get(`${p.name}.policy.json`)!;
      expect(text.endsWith("}\n"), p.name).to.equal(true);
      expect(JSON.parse(text), p.name).to.deep.equal(p.document);
    }
    const deployer = files.get(manifest.deployerPolicy)!;
    expect(deployer.endsWith("}\n")).to.equal(true);
    expect(JSON.parse(deployer)).to.deep.equal(plan.deployerPolicy);
  });

  it("lists the deployer's policy among a manifest's files only where the manifest names one", () => {
    const manifest = JSON.parse(synthFiles(planStack(models().prod)).get("manifest.json")!);
    const files = manifestFiles(manifest)!;
    expect(files).to.include("deployer.policy.json");
    const { deployerPolicy: _named, ...older } = manifest;
    expect(manifestFiles(older)).to.deep.equal(files.filter((f) => f !== "deployer.policy.json"));
  });
});
