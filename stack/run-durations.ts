import type { TableSpec } from "../config/catalog";
import { jobSeconds, TABLE_TIMES } from "./job-rates";

/** Polls see a job end within about a tenth of its run (`asl/poll.ts`): planned for. */
const DETECTION = 1.1;
/** A refreshed table's settings put back: a few UpdateTable calls, each waited for. */
const PUT_BACK_SECONDS = 6 * (TABLE_TIMES.update + 60);

type Sized = Pick<TableSpec, "sizeGb" | "method">;

/** A table of unknown size is planned as the job's fixed part only (sizeGb, for planning). */
const gb = (table: Sized) => table.sizeGb ?? 0;

/** Seconds a table's part of the daily run takes: a backup and its copy, or an export. */
export function dailySeconds(table: Sized): number {
  const job =
    table.method === "s3-export"
      ? jobSeconds("export", gb(table))
      : jobSeconds("backup", gb(table)) + jobSeconds("copy", gb(table));
  return Math.round(job * DETECTION);
}

/** Seconds a table's part of a refresh takes: the old table deleted, the copy restored, settings. */
export function refreshSeconds(table: Sized): number {
  const job = jobSeconds(table.method === "s3-export" ? "import" : "restore", gb(table));
  return Math.round(TABLE_TIMES.delete + job * DETECTION + PUT_BACK_SECONDS);
}

/**
 * How long a run of tables taking `seconds` each takes with `concurrency` at once, largest first,
 * each place taking the next table as it frees (what the machines' Maps do).
 */
export function makespanSeconds(seconds: readonly number[], concurrency: number): number {
  const places: number[] = Array.from({ length: Math.max(1, concurrency) }, () => 0);
  for (const s of [...seconds].sort((a, b) => b - a)) {
    const earliest = places.indexOf(Math.min(...places));
    places[earliest]! += s;
  }
  return Math.max(...places);
}

/** The least concurrency, up to `most`, at which the run takes at most `hours`; undefined if none. */
export function leastConcurrency(
  seconds: readonly number[],
  hours: number,
  most: number,
): number | undefined {
  for (let c = 1; c <= most; c++) if (makespanSeconds(seconds, c) <= hours * 3600) return c;
  return undefined;
}

export const hoursOf = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;
