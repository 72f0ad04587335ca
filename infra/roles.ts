import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy } from "../policies/document";
import type { StackPlan } from "../stack/plan";

export interface PlanRolesArgs {
  readonly plan: StackPlan;
}

/**
 * Every IAM role of a stack plan: trust and inline identity policies exactly as planned (and as
 * synth writes them), plus the AWS managed policies the plan names.
 */
export class PlanRoles extends pulumi.ComponentResource {
  readonly roles: Record<string, aws.iam.Role> = {};

  constructor(name: string, args: PlanRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:iam:PlanRoles", name, {}, opts);
    const { plan } = args;
    for (const trust of plan.policies.filter((p) => p.kind === "trust")) {
      this.roles[trust.attachedTo] = new aws.iam.Role(
        trust.attachedTo,
        { name: trust.attachedTo, assumeRolePolicy: renderPolicy(trust.document) },
        { parent: this },
      );
    }
    for (const identity of plan.policies.filter((p) => p.kind === "identity")) {
      const role = this.roles[identity.attachedTo];
      if (role === undefined) {
        throw new Error(
          `policy ${identity.name}: the plan has no trust policy for role ${identity.attachedTo}`,
        );
      }
      new aws.iam.RolePolicy(
        identity.name,
        { role: role.name, name: "datarefresh", policy: renderPolicy(identity.document) },
        { parent: this },
      );
    }
    for (const [roleName, arns] of Object.entries(plan.managedPolicies)) {
      const role = this.roles[roleName];
      if (role === undefined)
        throw new Error(`managed policies for ${roleName}: the plan has no such role`);
      arns.forEach((policyArn, i) => {
        new aws.iam.RolePolicyAttachment(
          `${roleName}-managed-${i}`,
          { role: role.name, policyArn },
          { parent: this },
        );
      });
    }
    this.registerOutputs({});
  }
}
