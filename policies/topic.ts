import { policy, type PolicyDocument } from "./document";

/** EventBridge may publish to the topic, for one rule of our account only. */
export function topicPolicy(topicArn: string, ruleArn: string, account: string): PolicyDocument {
  return policy({
    Sid: "EventsPublishRunOutcomes",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: {
      ArnEquals: { "aws:SourceArn": ruleArn },
      StringEquals: { "aws:SourceAccount": account },
    },
  });
}
