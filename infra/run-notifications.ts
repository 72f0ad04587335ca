import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy } from "../policies/document";
import { topicPolicy } from "../policies/topic";

export interface RunNotificationsArgs {
  readonly topicName: string;
  readonly stateMachineArn: pulumi.Input<string>;
  /** Execution statuses the machine cannot tell of itself. */
  readonly statuses: readonly ("SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED")[];
  /** The message, from the event (`stack/stopped-run-notice.ts`). */
  readonly notice: { inputPaths: Record<string, string>; inputTemplate: string };
  readonly emails: readonly string[];
  readonly account: string;
}

/**
 * The SNS topic a state machine tells how its runs go (its chat channels and `emails` hear it),
 * and an EventBridge rule that tells it of executions ending in `statuses`, which the machine
 * cannot tell itself.
 */
export class RunNotifications extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly rule: aws.cloudwatch.EventRule;

  constructor(name: string, args: RunNotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datarefresh:events:RunNotifications", name, {}, opts);
    this.topic = new aws.sns.Topic(name, { name: args.topicName }, { parent: this });
    this.rule = new aws.cloudwatch.EventRule(
      name,
      {
        name,
        description: `Tells ${args.topicName} of executions that end ${args.statuses.join(", ")}`,
        eventPattern: pulumi.jsonStringify({
          source: ["aws.states"],
          "detail-type": ["Step Functions Execution Status Change"],
          detail: { stateMachineArn: [args.stateMachineArn], status: [...args.statuses] },
        }),
      },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      name,
      {
        arn: this.topic.arn,
        policy: pulumi
          .all([this.topic.arn, this.rule.arn])
          .apply(([topic, rule]) => renderPolicy(topicPolicy(topic, rule, args.account))),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      name,
      {
        rule: this.rule.name,
        arn: this.topic.arn,
        inputTransformer: {
          inputPaths: args.notice.inputPaths,
          inputTemplate: args.notice.inputTemplate,
        },
      },
      { parent: this },
    );
    args.emails.forEach((endpoint, i) => {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: this.topic.arn, protocol: "email", endpoint },
        { parent: this },
      );
    });
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
