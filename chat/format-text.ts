import type { ParsedCommand } from "./parse-command";
import { HELP } from "./parse-command";
import type { RefreshDescription } from "./describe-refresh";
import type { RefreshSummary } from "./list-refreshes";
import type { StartedRefresh } from "./start-refresh";
import type { TableProgress } from "./table-progress";
import {
  countsOf,
  duration,
  notListedNote,
  tableProblem,
  tableTiming,
  utc,
  whatWasAsked,
  whenAndCounts,
  whichCopy,
} from "./wording";

/** Plain text of each result, for a terminal or a chat without rich messages. */

export function startedText(started: StartedRefresh): string {
  return [
    `Started ${started.executionName}: ${whatWasAsked(started.input)}.`,
    `Follow it with: status ${started.executionName}`,
    started.consoleUrl,
  ].join("\n");
}

/** One line about where the execution is: `RUNNING for 12m`, `FAILED after 40m: TablesFailed`. */
export function statusLine(d: RefreshDescription, now: Date = new Date()): string {
  const end = d.stopDate ?? now;
  const took = duration(end.getTime() - d.startDate.getTime());
  if (d.status === "RUNNING") return `RUNNING for ${took}`;
  const why = d.error === undefined ? "" : `: ${d.error.error}`;
  return `${d.status} after ${took}${why}`;
}

export function tableLine(t: TableProgress, now: Date, width = t.targetTable.length): string {
  return [t.targetTable.padEnd(width), t.state.padEnd(8), tableTiming(t, now), tableProblem(t)]
    .filter((part) => part !== "")
    .join("  ")
    .trimEnd();
}

/** Under a refresh's tables: the counts, and the failed tables its report left out. */
export function summaryLines(d: RefreshDescription): string[] {
  if (d.tables.length === 0) return [];
  const note = notListedNote(d.report);
  return note === undefined ? [countsOf(d)] : [countsOf(d), note];
}

export function descriptionText(d: RefreshDescription, now: Date = new Date()): string {
  const who = d.requestedBy === undefined ? "" : `, asked by ${d.requestedBy}`;
  const lines = [
    `${d.name}: ${statusLine(d, now)}`,
    `${d.environment ?? "unknown environment"}${who}, ${whichCopy(d.copyDate)}, started ${utc(d.startDate)}`,
  ];
  const width = Math.max(0, ...d.tables.map((t) => t.targetTable.length));
  lines.push(...d.tables.map((t) => `  ${tableLine(t, now, width)}`));
  lines.push(...summaryLines(d));
  const failedTables = d.error?.error === "TablesFailed";
  if (d.error?.cause !== undefined && !failedTables)
    lines.push(`${d.error.error}: ${d.error.cause}`);
  lines.push(d.consoleUrl);
  return lines.join("\n");
}

export function listText(list: readonly RefreshSummary[], environment?: string): string {
  const where = environment === undefined ? "" : ` of ${environment}`;
  if (list.length === 0) return `No running or recent refreshes${where}.`;
  const width = Math.max(...list.map((r) => r.name.length));
  return [
    `Refreshes${where}, running first, then the newest:`,
    ...list.map((r) => `  ${r.name.padEnd(width)}  ${r.status.padEnd(9)}  ${whenAndCounts(r)}`),
  ].join("\n");
}

export function parseFailureText(parsed: Extract<ParsedCommand, { ok: false }>): string {
  return parsed.message;
}

export function helpText(): string {
  return HELP;
}

/** What went wrong, for a person: RequestRefused and AwsCallFailed already say it in words. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
