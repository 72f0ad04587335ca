import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ScheduleArgs {
  readonly expression: string;
  readonly stateMachineArn: pulumi.Input<string>;
  /** The role EventBridge starts the execution with. */
  readonly roleArn: pulumi.Input<string>;
}

/** An EventBridge rule that starts the daily backup, with the whole catalog as its scope. */
export class Schedule extends pulumi.ComponentResource {
  readonly rule: aws.cloudwatch.EventRule;

  constructor(name: string, args: ScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:events:Schedule", name, {}, opts);
    this.rule = new aws.cloudwatch.EventRule(
      name,
      {
        name,
        description: "Starts the daily backup and copy of the catalogued tables",
        scheduleExpression: args.expression,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      name,
      { rule: this.rule.name, arn: args.stateMachineArn, roleArn: args.roleArn, input: "{}" },
      { parent: this },
    );
    this.registerOutputs({ ruleArn: this.rule.arn });
  }
}
