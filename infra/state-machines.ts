import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderDefinition } from "../asl";
import { logGroupOf } from "../config/model";
import type { MachinePlan } from "../stack/plan";

export interface PlanStateMachinesArgs {
  readonly machines: readonly MachinePlan[];
  readonly roles: Record<string, aws.iam.Role>;
  readonly xrayTracing: boolean;
  readonly logRetentionDays: number;
}

/**
 * Standard state machines with the planned definitions, each logging errors (without execution
 * data, which may hold table contents' metadata) to its own log group.
 */
export class PlanStateMachines extends pulumi.ComponentResource {
  readonly machines: Record<string, aws.sfn.StateMachine> = {};

  constructor(name: string, args: PlanStateMachinesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:sfn:PlanStateMachines", name, {}, opts);
    for (const machine of args.machines) {
      const role = args.roles[machine.role];
      if (role === undefined)
        throw new Error(`state machine ${machine.name}: role ${machine.role} is not in the plan`);
      const logs = new aws.cloudwatch.LogGroup(
        `${machine.name}-logs`,
        { name: logGroupOf(machine.name), retentionInDays: args.logRetentionDays },
        { parent: this },
      );
      this.machines[machine.name] = new aws.sfn.StateMachine(
        machine.name,
        {
          name: machine.name,
          type: "STANDARD",
          roleArn: role.arn,
          definition: renderDefinition(machine.definition),
          loggingConfiguration: {
            level: "ERROR",
            includeExecutionData: false,
            logDestination: pulumi.interpolate`${logs.arn}:*`,
          },
          tracingConfiguration: { enabled: args.xrayTracing },
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
