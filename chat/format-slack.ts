import type { RefreshDescription } from "./describe-refresh";
import type { RefreshSummary } from "./list-refreshes";
import type { ParsedCommand } from "./parse-command";
import { HELP } from "./parse-command";
import type { StartedRefresh } from "./start-refresh";
import { statusLine, tableLine } from "./format-text";
import type { TableState } from "./table-progress";
import { countsOf, notListedNote, utc, whatWasAsked, whenAndCounts, whichCopy } from "./wording";

/** Slack Block Kit messages of each result: `chat.postMessage({channel, ...message})`. */

type Text = { type: "mrkdwn"; text: string } | { type: "plain_text"; text: string };

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: Text }
  | { type: "context"; elements: Text[] }
  | {
      type: "actions";
      elements: { type: "button"; text: { type: "plain_text"; text: string }; url: string }[];
    };

export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: SlackBlock[];
}

/** Block Kit's limits: blocks per message, characters per section and header. */
export const SLACK_LIMITS = { blocks: 50, section: 3000, header: 150 } as const;

/** `&`, `<` and `>` are markup in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

const header = (text: string): SlackBlock => ({
  type: "header",
  text: { type: "plain_text", text: cut(text, SLACK_LIMITS.header) },
});

const section = (mrkdwn: string): SlackBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: cut(mrkdwn, SLACK_LIMITS.section) },
});

const context = (mrkdwn: string): SlackBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: cut(mrkdwn, SLACK_LIMITS.section) }],
});

const consoleButton = (url: string): SlackBlock => ({
  type: "actions",
  elements: [
    { type: "button", text: { type: "plain_text", text: "Open in the AWS console" }, url },
  ],
});

const EMOJI: Record<TableState, string> = {
  RESTORED: ":white_check_mark:",
  FAILED: ":x:",
  RUNNING: ":hourglass_flowing_sand:",
  WAITING: ":clock3:",
  STOPPED: ":black_square_for_stop:",
  NOT_RUN: ":heavy_minus_sign:",
};

/** Room kept in each section for the note on lines left out. */
const NOTE_ROOM = 80;

/** Lines packed into at most `room` sections; the lines that do not fit are counted in a note. */
function sections(lines: string[], room: number): SlackBlock[] {
  const chunks: string[] = [];
  let shown = 0;
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= SLACK_LIMITS.section - NOTE_ROOM) {
      chunks[chunks.length - 1] = `${last}\n${line}`;
    } else if (chunks.length < room) {
      chunks.push(line);
    } else break;
    shown += 1;
  }
  if (shown < lines.length) {
    const note = `… and ${lines.length - shown} more (see the console)`;
    if (chunks.length === 0) chunks.push(note);
    else chunks[chunks.length - 1] += `\n${note}`;
  }
  return chunks.map(section);
}

export function startedSlack(started: StartedRefresh): SlackMessage {
  const what = whatWasAsked(started.input);
  return {
    text: `Started ${started.executionName}: ${what}`,
    blocks: [
      section(`:arrows_counterclockwise: Refreshing *${escapeMrkdwn(what)}*`),
      context(
        `\`${escapeMrkdwn(started.executionName)}\` · follow it with \`status ${escapeMrkdwn(started.executionName)}\``,
      ),
      consoleButton(started.consoleUrl),
    ],
  };
}

export function descriptionSlack(d: RefreshDescription, now: Date = new Date()): SlackMessage {
  const status = statusLine(d, now);
  const who = d.requestedBy === undefined ? "" : ` · asked by ${d.requestedBy}`;
  const fixed: SlackBlock[] = [
    header(`${d.environment ?? "refresh"}: ${status}`),
    context(
      escapeMrkdwn(`${d.name}${who} · ${whichCopy(d.copyDate)} · started ${utc(d.startDate)}`),
    ),
  ];
  const closing: SlackBlock[] = [];
  if (d.tables.length > 0) closing.push(context(countsOf(d)));
  const note = notListedNote(d.report, (command) => `\`${escapeMrkdwn(command)}\``);
  if (note !== undefined) closing.push(section(note));
  if (d.error?.cause !== undefined && d.error.error !== "TablesFailed")
    closing.push(section(`*${escapeMrkdwn(d.error.error)}*: ${escapeMrkdwn(d.error.cause)}`));
  closing.push(consoleButton(d.consoleUrl));
  // The lines that do not fit are left out: the failed tables come first, so that they stay.
  const tables = [
    ...d.tables.filter((t) => t.state === "FAILED"),
    ...d.tables.filter((t) => t.state !== "FAILED"),
  ];
  const lines = tables.map((t) => `${EMOJI[t.state]} ${escapeMrkdwn(tableLine(t, now))}`);
  const room = SLACK_LIMITS.blocks - fixed.length - closing.length;
  return {
    text: `${d.name}: ${status}`,
    blocks: [...fixed, ...sections(lines, room), ...closing],
  };
}

export function listSlack(list: readonly RefreshSummary[], environment?: string): SlackMessage {
  const where = environment === undefined ? "" : ` of ${environment}`;
  if (list.length === 0) {
    const text = `No running or recent refreshes${where}.`;
    return { text, blocks: [section(escapeMrkdwn(text))] };
  }
  const lines = list.map(
    (r) =>
      `<${r.consoleUrl}|${escapeMrkdwn(r.name)}> *${r.status}* ${escapeMrkdwn(whenAndCounts(r))}`,
  );
  return {
    text: `${list.length} refreshes${where}`,
    blocks: [header(`Refreshes${where}`), ...sections(lines, SLACK_LIMITS.blocks - 1)],
  };
}

export function parseFailureSlack(parsed: Extract<ParsedCommand, { ok: false }>): SlackMessage {
  return {
    text: parsed.problem,
    blocks: [
      section(`:warning: ${escapeMrkdwn(parsed.problem)}`),
      section(`\`\`\`${escapeMrkdwn(parsed.usage)}\`\`\``),
    ],
  };
}

export function helpSlack(): SlackMessage {
  return {
    text: "How to refresh a dev environment",
    blocks: [section(`\`\`\`${escapeMrkdwn(HELP)}\`\`\``)],
  };
}

export function errorSlack(error: unknown): SlackMessage {
  const message = error instanceof Error ? error.message : String(error);
  return { text: message, blocks: [section(`:no_entry: ${escapeMrkdwn(message)}`)] };
}
