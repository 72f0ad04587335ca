import type { RefreshClient } from "./client";
import { describeRefresh } from "./describe-refresh";
import { AwsCallFailed, RequestRefused } from "./errors";
import {
  descriptionSlack,
  errorSlack,
  helpSlack,
  listSlack,
  parseFailureSlack,
  startedSlack,
  type SlackMessage,
} from "./format-slack";
import {
  descriptionText,
  errorText,
  helpText,
  listText,
  parseFailureText,
  startedText,
} from "./format-text";
import { listRefreshes } from "./list-refreshes";
import { parseCommand } from "./parse-command";
import { startRefresh } from "./start-refresh";

/** A reply in both forms: post `slack` where Block Kit is available, else `text`. */
export interface ChatAnswer {
  text: string;
  slack: SlackMessage;
  /** False when the message was not understood, refused, or AWS said no. */
  ok: boolean;
}

/**
 * Everything a bot does with one message: read it, do it, word the reply. `requestedBy` names the
 * person (`slack:U0123`); it goes into the refresh's input and its execution name. Only errors
 * that are not the user's or AWS's (bugs) are thrown.
 */
export async function answerChat(
  client: RefreshClient,
  message: string,
  requestedBy: string,
): Promise<ChatAnswer> {
  const parsed = parseCommand(message);
  if (!parsed.ok)
    return { ok: false, text: parseFailureText(parsed), slack: parseFailureSlack(parsed) };
  const command = parsed.command;
  try {
    switch (command.kind) {
      case "help":
        return { ok: true, text: helpText(), slack: helpSlack() };
      case "refresh": {
        const { kind: _kind, ...request } = command;
        const started = await startRefresh(client, { ...request, requestedBy });
        return { ok: true, text: startedText(started), slack: startedSlack(started) };
      }
      case "status": {
        const description = await describeRefresh(client, command.execution);
        return {
          ok: true,
          text: descriptionText(description),
          slack: descriptionSlack(description),
        };
      }
      case "list": {
        const list = await listRefreshes(client, command);
        return {
          ok: true,
          text: listText(list, command.environment),
          slack: listSlack(list, command.environment),
        };
      }
    }
  } catch (error) {
    if (error instanceof RequestRefused || error instanceof AwsCallFailed)
      return { ok: false, text: errorText(error), slack: errorSlack(error) };
    throw error;
  }
}
