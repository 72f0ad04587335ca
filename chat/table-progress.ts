/**
 * Where each table of a refresh stands. WAITING: not started yet (the machine runs a bounded number
 * at once); STOPPED: started, but the refresh was stopped or timed out before it ended; NOT_RUN: the
 * refresh ended before this table's turn.
 */
export type TableState = "WAITING" | "RUNNING" | "RESTORED" | "FAILED" | "STOPPED" | "NOT_RUN";

export interface TableProgress {
  table: string;
  targetTable: string;
  state: TableState;
  startedAt?: Date;
  endedAt?: Date;
  recoveryPointArn?: string;
  /** For `s3-export` tables: the export the table was imported from. */
  exportArn?: string;
  copyCreatedAt?: string;
  error?: string;
  cause?: string;
}

/**
 * One table's full outcome, as the per-table machine ends with it (and as a refresh from before
 * the report listed them all in its output and `TablesFailed` cause).
 */
export interface TableOutcome {
  table: string;
  targetTable: string;
  status: "RESTORED" | "FAILED";
  recoveryPointArn?: string | null;
  exportArn?: string | null;
  copyCreatedAt?: string | null;
  error?: string;
  cause?: string;
}

/** One table's compact result, as a child execution of the restore machine's Map Run ends with it. */
export interface TableResult {
  status: "RESTORED" | "FAILED";
  error?: string;
  cause?: string;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The JSON in `text`, or undefined when there is none or it is not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isTableResult(value: unknown): value is TableResult {
  return isRecord(value) && (value.status === "RESTORED" || value.status === "FAILED");
}

export function isTableOutcome(value: unknown): value is TableOutcome {
  return (
    isRecord(value) &&
    typeof value.table === "string" &&
    typeof value.targetTable === "string" &&
    (value.status === "RESTORED" || value.status === "FAILED")
  );
}

/** The outcomes in the output or `TablesFailed` cause of a refresh from before the report. */
export function outcomesIn(value: unknown): TableOutcome[] | undefined {
  const list = isRecord(value) ? value.tables : value;
  return Array.isArray(list) && list.every(isTableOutcome) ? list : undefined;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

export function progressOfOutcome(outcome: TableOutcome, endedAt?: Date): TableProgress {
  return withoutUndefined({
    ...progressOfResult(outcome.table, outcome.targetTable, outcome),
    endedAt,
    recoveryPointArn: text(outcome.recoveryPointArn),
    exportArn: text(outcome.exportArn),
    copyCreatedAt: text(outcome.copyCreatedAt),
  });
}

/** Where a table stands once it ended with `result`. */
export function progressOfResult(
  table: string,
  targetTable: string,
  result: TableResult,
): TableProgress {
  return withoutUndefined({
    table,
    targetTable,
    state: result.status,
    error: text(result.error),
    cause: text(result.cause),
  });
}

/** `value` without its undefined fields. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
