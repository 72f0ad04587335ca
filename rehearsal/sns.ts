import type { PublishInput } from "@aws-sdk/client-sns";
import { AwsError } from "./aws-error";

/** SNS takes a message of at most 256 KiB, in UTF-8 (Publish API reference). */
export const SNS_MESSAGE_BYTES = 262_144;

/** A message published to a topic, kept for the tests to read as its subscribers would. */
export interface PublishedMessage {
  at: number;
  topicArn: string;
  /** The execution whose Task published it. */
  execution?: string;
  subject?: string;
  message: string;
  /** `json`: the message is a JSON object of a text per protocol, `default` for the others. */
  structure?: string;
}

function invalid(what: string): AwsError {
  return new AwsError("sns", "InvalidParameterException", `Invalid parameter: ${what}`);
}

/**
 * An account's SNS topics: a publish to one of them is checked as SNS checks it (the topic, the
 * subject, the size, a `json` structure's `default` entry) and recorded.
 */
export class SnsSim {
  private readonly topics = new Set<string>();
  readonly published: PublishedMessage[] = [];
  private counter = 0;

  addTopic(arn: string): void {
    this.topics.add(arn);
  }

  publish(now: number, execution: string | undefined, p: PublishInput): { MessageId: string } {
    if (p.TopicArn === undefined || !this.topics.has(p.TopicArn))
      throw new AwsError("sns", "NotFoundException", "Topic does not exist");
    const message = p.Message ?? "";
    if (Buffer.byteLength(message) > SNS_MESSAGE_BYTES) throw invalid("Message too long");
    // "ASCII text that begins with a letter, number, or punctuation mark; no line breaks or
    // control characters; less than 100 characters" (Publish API reference).
    if (p.Subject !== undefined && !/^[!-~][ -~]{0,98}$/.test(p.Subject)) throw invalid("Subject");
    if (p.MessageStructure !== undefined) {
      if (p.MessageStructure !== "json") throw invalid("MessageStructure");
      let parts: unknown;
      try {
        parts = JSON.parse(message);
      } catch {
        throw invalid("Message Structure - JSON message body failed to parse");
      }
      const entries = Object.values(parts as object);
      if (typeof parts !== "object" || parts === null || entries.some((v) => typeof v !== "string"))
        throw invalid("Message Structure - JSON message body failed to parse");
      if (typeof (parts as { default?: unknown }).default !== "string")
        throw invalid("Message Structure - No default entry in JSON message body");
    }
    this.published.push({
      at: now,
      topicArn: p.TopicArn,
      ...(execution === undefined ? {} : { execution }),
      ...(p.Subject === undefined ? {} : { subject: p.Subject }),
      message,
      ...(p.MessageStructure === undefined ? {} : { structure: p.MessageStructure }),
    });
    this.counter += 1;
    return { MessageId: `00000000-0000-4000-8000-${String(this.counter).padStart(12, "0")}` };
  }
}
