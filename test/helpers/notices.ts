import { expect } from "chai";
import { NOTICE_LIMITS } from "../../asl/machines/notice";
import type { PublishedMessage } from "../../rehearsal/sns";
import type { World } from "../../rehearsal/world";
import { parseCustomNotification, type CustomNotification } from "./custom-notification";

/** A notice as its subscribers get it: the chat channels the `default` part, e-mail the rest. */
export interface Notice {
  subject: string;
  chat: CustomNotification;
  email: string;
  /** The published message's size, in bytes. */
  bytes: number;
}

/**
 * A published message read as a notice: a json-structured message whose `default` part is a
 * custom notification (checked against the format) and whose `email` part is text, within the
 * bounds a notice keeps to.
 */
export function noticeOf(published: PublishedMessage): Notice {
  expect(published.structure).to.equal("json");
  const parts = JSON.parse(published.message) as Record<string, unknown>;
  expect(Object.keys(parts).sort()).to.deep.equal(["default", "email"]);
  const chat = parseCustomNotification(parts.default as string);
  const email = parts.email as string;
  expect(email).to.be.a("string");
  expect(chat.content.description.length).to.be.at.most(NOTICE_LIMITS.descriptionChars);
  expect(email.length).to.be.at.most(NOTICE_LIMITS.emailChars);
  expect(published.subject).to.match(/^datarefresh: [ -~]{1,86}$/);
  return {
    subject: published.subject!,
    chat,
    email,
    bytes: Buffer.byteLength(published.message),
  };
}

/** The notices an execution published, in order. */
export function noticesOf(world: World, execution: string): Notice[] {
  return [...world.accounts.prod.sns.published, ...world.accounts.dev.sns.published]
    .filter((m) => m.execution === execution)
    .sort((a, b) => a.at - b.at)
    .map(noticeOf);
}
