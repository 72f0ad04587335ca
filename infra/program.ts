import type * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import { planStack } from "../stack/plan";
import { PlanRoles } from "./roles";
import { PlanStateMachines } from "./state-machines";

/** Declares one stack's resources from its config file; returns the stack outputs. */
export function declareStack(projectDir: string, stack: string) {
  const model = toModel(loadConfig(projectDir, stack));
  const plan = planStack(model);
  const roles = new PlanRoles("roles", { plan });
  const machines = new PlanStateMachines("state-machines", {
    machines: plan.machines,
    roles: roles.roles,
    xrayTracing: model.settings.xrayTracing,
    logRetentionDays: 30,
  });
  return {
    stateMachineArns: Object.fromEntries(
      Object.entries(machines.machines).map(([name, m]) => [name, m.arn]),
    ),
    roleArns: Object.fromEntries(Object.entries(roles.roles).map(([name, r]) => [name, r.arn])),
  } satisfies Record<string, Record<string, pulumi.Output<string>>>;
}
