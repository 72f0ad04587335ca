import type { RestoreInput } from "../asl/machines/restore-input";
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

export function counts(tables: readonly TableProgress[]): string {
  const done = tables.filter((t) => t.state === "RESTORED" || t.state === "FAILED").length;
  const failed = tables.filter((t) => t.state === "FAILED").length;
  return `${done} of ${tables.length} tables done, ${failed} failed`;
}
