import { renderDefinition, toMermaid, type StateMachineDefinition } from "../asl";
import type { PolicyKind } from "../policies/document";
import { validateAsl } from "./asl-validation";
import { definitionProblems } from "./definition-rules";
import type { StackPlan } from "./plan";

/**
 * What `synth` writes for a stack, computed in memory: each definition (validated as AWS would),
 * its diagram, each policy, the deployer's policy and a manifest. The CLI writes them to a folder;
 * the bench times them.
 */

export interface Manifest {
  stack: string;
  /** How many characters of each failed table's cause a run's report carries (README). */
  reportCauseChars: number;
  stateMachines: { name: string; definition: string; role: string; policies: string[] }[];
  policies: { name: string; file: string; kind: PolicyKind }[];
  /** What whoever deploys the stack needs: attach it to the deploying identity. */
  deployerPolicy: string;
}

const DEPLOYER_POLICY_FILE = "deployer.policy.json";

/** A definition that AWS would refuse; names the machine and what the validator said. */
export class InvalidDefinitionError extends Error {
  override readonly name = "InvalidDefinitionError";
}

/** Definitions already found valid, by their JSON text: the tests build the same ones many times. */
const valid = new Set<string>();

export function validateDefinition(name: string, definition: StateMachineDefinition): void {
  const json = JSON.stringify(definition);
  if (valid.has(json)) return;
  const verdict = validateAsl(definition);
  if (!verdict.isValid)
    throw new InvalidDefinitionError(`state machine ${name}: ${verdict.problems}`);
  const problems = definitionProblems(definition);
  if (problems.length > 0)
    throw new InvalidDefinitionError(`state machine ${name}: ${problems.join("; ")}`);
  valid.add(json);
}

/** Every file synth writes, by name, computed before anything is written. */
export function synthFiles(plan: StackPlan): Map<string, string> {
  const files = new Map<string, string>();
  const manifest: Manifest = {
    stack: plan.stack,
    reportCauseChars: plan.reportCauseChars,
    stateMachines: [],
    policies: [],
    deployerPolicy: DEPLOYER_POLICY_FILE,
  };
  for (const machine of plan.machines) {
    validateDefinition(machine.name, machine.definition);
    files.set(`${machine.name}.asl.json`, renderDefinition(machine.definition));
    files.set(`${machine.name}.mmd`, toMermaid(machine.definition));
    manifest.stateMachines.push({
      name: machine.name,
      definition: `${machine.name}.asl.json`,
      role: machine.role,
      policies: plan.policies.filter((p) => p.attachedTo === machine.role).map((p) => p.name),
    });
  }
  for (const p of plan.policies) {
    const file = `${p.name}.policy.json`;
    files.set(file, `${JSON.stringify(p.document, null, 2)}\n`);
    manifest.policies.push({ name: p.name, file, kind: p.kind });
  }
  files.set(DEPLOYER_POLICY_FILE, `${JSON.stringify(plan.deployerPolicy, null, 2)}\n`);
  files.set("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/** The files a manifest lists (itself aside); undefined where it is not a synth manifest. */
export function manifestFiles(manifest: unknown): string[] | undefined {
  const m = manifest as Partial<Manifest> | undefined;
  if (typeof m?.stack !== "string" || !Array.isArray(m.stateMachines) || !Array.isArray(m.policies))
    return undefined;
  return [
    ...m.stateMachines.flatMap((machine) => [machine.definition, `${machine.name}.mmd`]),
    ...m.policies.map((p) => p.file),
    ...(typeof m.deployerPolicy === "string" ? [m.deployerPolicy] : []),
  ];
}
