import type { RestoreInput } from "../asl/machines/restore-input";
import type { RefreshDescription } from "./describe-refresh";
import type { RefreshSummary } from "./list-refreshes";
import { outcomesQuery, type RefreshCounts, type RefreshReport } from "./refresh-report";
import type { TableProgress } from "./table-progress";

/** `45s`, `12m`, `1h 05m` */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** `2026-11-26 16:00 UTC` */
export function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function whichTables(tables: readonly string[] | undefined): string {
  return tables === undefined ? "every table" : tables.join(", ");
}

export function whichCopy(copyDate: string | undefined): string {
  return copyDate === undefined || copyDate === "latest"
    ? "the newest copy"
    : `the copy of ${copyDate}`;
}

export function whatWasAsked(input: RestoreInput): string {
  return `${whichTables(input.tables)} of ${input.environment} from ${whichCopy(input.copyDate)}`;
}

/** How long a table has been at it, or took. */
export function tableTiming(t: TableProgress, now: Date): string {
  if (t.state === "RUNNING" && t.startedAt !== undefined)
    return `for ${duration(now.getTime() - t.startedAt.getTime())}`;
  if (t.startedAt !== undefined && t.endedAt !== undefined)
    return `in ${duration(t.endedAt.getTime() - t.startedAt.getTime())}`;
  return "";
}

export function tableProblem(t: TableProgress): string {
  if (t.error === undefined) return "";
  return t.cause === undefined ? t.error : `${t.error}: ${t.cause}`;
}

/** `3 requested, 2 restored, 1 failed` */
export function reportedCounts(c: RefreshCounts): string {
  return `${c.requested} requested, ${c.restored} restored, ${c.failed} failed`;
}

/** When a listed refresh started and how long it took, and its counts once it ended with them. */
export function whenAndCounts(r: RefreshSummary): string {
  const when =
    r.stopDate === undefined
      ? `since ${utc(r.startDate)}`
      : `${utc(r.startDate)}, took ${duration(r.stopDate.getTime() - r.startDate.getTime())}`;
  return r.counts === undefined ? when : `${when}; ${reportedCounts(r.counts)}`;
}

/** The counts of a refresh: its report's once it ended with one, else its tables'. */
export function countsOf(d: RefreshDescription): string {
  return d.report === undefined ? counts(d.tables) : reportedCounts(d.report);
}

/**
 * The failed tables a report left out, and the command that reads every table's outcome, written
 * by `asCode`.
 */
export function notListedNote(
  report: RefreshReport | undefined,
  asCode: (command: string) => string = (command) => command,
): string | undefined {
  if (report === undefined || report.notListed === 0) return undefined;
  const tables = report.notListed === 1 ? "failed table" : "failed tables";
  const where =
    report.outcomes === undefined
      ? ""
      : `; every outcome: ${asCode(outcomesQuery(report.outcomes))}`;
  return `${report.notListed} more ${tables} not listed${where}`;
}

export function counts(tables: readonly TableProgress[]): string {
  const done = tables.filter((t) => t.state === "RESTORED" || t.state === "FAILED").length;
  const failed = tables.filter((t) => t.state === "FAILED").length;
  return `${done} of ${tables.length} tables done, ${failed} failed`;
}
