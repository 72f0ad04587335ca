import { consoleExecutionUrlPrefix, type StackModel } from "../config/model";

/**
 * The statuses no machine can tell of itself: Step Functions ends the execution (past its
 * TimeoutSeconds, or stopped by someone) before any state of its own runs again. Every other end,
 * FAILED included, the machine tells itself (`asl/machines/notice.ts`).
 */
export const STOPPED_STATUSES = ["TIMED_OUT", "ABORTED"] as const;

/**
 * What an EventBridge rule tells a run topic of an execution that ended so: a custom notification
 * of Amazon Q Developer in chat applications, as the machines' own notices are (which its input
 * transformer fills in from the event; Amazon Q Developer drops a message of any other form).
 * Placeholders are the event's execution name, status and ARN; a plain URL, since EventBridge
 * would read Slack's `<url|text>` as a placeholder.
 */
export function stoppedRunNotice(
  model: Pick<StackModel, "partition" | "region">,
  machine: string,
  run: "refresh" | "daily-run",
): { inputPaths: Record<string, string>; inputTemplate: string } {
  const what = run === "refresh" ? "A refresh" : "A daily run";
  const headline = `${what} ended <status> before it could say how it went: <name>`;
  const notification = {
    version: "1.0",
    source: "custom",
    id: "<name>/<status>",
    content: {
      textType: "client-markdown",
      title: `:warning: ${headline}`,
      description: `Step Functions ended the execution <name> of ${machine} as <status>: TIMED_OUT when it runs past its time limit, ABORTED when someone stops it. Tables it had not reached are as they were; a refresh's lock on its environment goes to the next refresh.`,
      nextSteps: [
        `Open it in the Step Functions console: ${consoleExecutionUrlPrefix(model.partition, model.region)}<arn>`,
      ],
      keywords: ["datarefresh", "<status>"],
    },
    metadata: {
      threadId: "<name>",
      summary: headline,
      eventType: `datarefresh-${run}-stopped`,
      relatedResources: ["<arn>"],
    },
  };
  return {
    inputPaths: { name: "$.detail.name", status: "$.detail.status", arn: "$.detail.executionArn" },
    inputTemplate: JSON.stringify(notification),
  };
}
