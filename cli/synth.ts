import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import aslValidator from "asl-validator";
import { renderDefinition, toMermaid, type StateMachineDefinition } from "../asl";
import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import type { PolicyKind } from "../policies/document";
import { planStack, type StackPlan } from "../stack/plan";

export interface Manifest {
  stack: string;
  stateMachines: { name: string; definition: string; role: string; policies: string[] }[];
  policies: { name: string; file: string; kind: PolicyKind }[];
}

/** A definition that AWS would refuse; names the machine and what the validator said. */
export class InvalidDefinitionError extends Error {
  override readonly name = "InvalidDefinitionError";
}

export function validateDefinition(name: string, definition: StateMachineDefinition): void {
  // The validator mutates its input.
  const result = aslValidator(structuredClone(definition) as never);
  if (!result.isValid) {
    throw new InvalidDefinitionError(`state machine ${name}: ${result.errorsText("; ")}`);
  }
}

/** Every file synth writes, by name, computed before anything is written. */
export function synthFiles(plan: StackPlan): Map<string, string> {
  const files = new Map<string, string>();
  const manifest: Manifest = { stack: plan.stack, stateMachines: [], policies: [] };
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
  files.set("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/**
 * Writes what a stack deploys into `outDir`, without AWS or the Pulumi CLI. Configuration and
 * definitions are checked first: on any error nothing is written.
 */
export function synth(projectDir: string, stack: string, outDir: string): Map<string, string> {
  const plan = planStack(toModel(loadConfig(projectDir, stack)));
  const files = synthFiles(plan);
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);
  return files;
}
