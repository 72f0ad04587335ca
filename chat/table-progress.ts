import type { HistoryEvent } from "@aws-sdk/client-sfn";

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

/** One table's outcome as the restore machine writes it in its output and `TablesFailed` cause. */
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

/** A JSON value that Step Functions may give as an object or as its text. */
const asObject = (value: unknown) => (typeof value === "string" ? parseJson(value) : value);

export function isTableOutcome(value: unknown): value is TableOutcome {
  return (
    isRecord(value) &&
    typeof value.table === "string" &&
    typeof value.targetTable === "string" &&
    (value.status === "RESTORED" || value.status === "FAILED")
  );
}

/** The outcomes in a restore output or `TablesFailed` cause; undefined if it holds none. */
export function outcomesIn(value: unknown): TableOutcome[] | undefined {
  const list = isRecord(value) ? value.tables : value;
  return Array.isArray(list) && list.every(isTableOutcome) ? list : undefined;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

export function progressOfOutcome(outcome: TableOutcome, endedAt?: Date): TableProgress {
  return withoutUndefined({
    table: outcome.table,
    targetTable: outcome.targetTable,
    state: outcome.status,
    endedAt,
    recoveryPointArn: text(outcome.recoveryPointArn),
    exportArn: text(outcome.exportArn),
    copyCreatedAt: text(outcome.copyCreatedAt),
    error: text(outcome.error),
    cause: text(outcome.cause),
  });
}

/** `value` without its undefined fields. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface ChildInput {
  table: string;
  targetTable: string;
}

/** The table a per-table child execution was started for, from the Task's parameters. */
function childInputOf(parameters: string | undefined): ChildInput | undefined {
  const params = parseJson(parameters);
  const input = isRecord(params) ? asObject(params.Input) : undefined;
  if (!isRecord(input) || typeof input.table !== "string") return undefined;
  const targetTable = typeof input.targetTable === "string" ? input.targetTable : input.table;
  return { table: input.table, targetTable };
}

const ENDING = new Set([
  "TaskSucceeded",
  "TaskFailed",
  "TaskTimedOut",
  "TaskStartFailed",
  "TaskSubmitFailed",
]);

/** How far back an ending event is from its TaskScheduled: Started, Submitted, and some slack. */
const MAX_STEPS_BACK = 8;

/**
 * Per-table progress of a restore execution from its history. Each table runs as a child execution
 * (`startExecution.sync:2`) inside the Map: `TaskScheduled` names the table in its parameters, and
 * the events that end the task lead back to it through `previousEventId`.
 */
export function progressFromHistory(events: readonly HistoryEvent[]): Map<string, TableProgress> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const scheduled = new Map<number, ChildInput>();
  const progress = new Map<string, TableProgress>();

  const scheduledFor = (event: HistoryEvent): ChildInput | undefined => {
    let id = event.previousEventId;
    for (let step = 0; id !== undefined && step < MAX_STEPS_BACK; step += 1) {
      const found = scheduled.get(id);
      if (found !== undefined) return found;
      id = byId.get(id)?.previousEventId;
    }
    return undefined;
  };

  for (const event of events) {
    if (event.type === "TaskScheduled") {
      const details = event.taskScheduledEventDetails;
      if (
        details?.resourceType !== "states" ||
        !(details.resource ?? "").startsWith("startExecution")
      )
        continue;
      const child = childInputOf(details.parameters);
      if (child === undefined || event.id === undefined) continue;
      scheduled.set(event.id, child);
      progress.set(child.table, { ...child, state: "RUNNING", startedAt: event.timestamp! });
      continue;
    }
    if (event.type === undefined || !ENDING.has(event.type)) continue;
    const child = scheduledFor(event);
    if (child === undefined) continue;
    const startedAt = progress.get(child.table)?.startedAt;
    if (event.type === "TaskSucceeded") {
      const output = asObject(parseJson(event.taskSucceededEventDetails?.output));
      const outcome = isRecord(output) ? asObject(output.Output) : undefined;
      if (isTableOutcome(outcome)) {
        progress.set(child.table, {
          ...progressOfOutcome(outcome, event.timestamp),
          ...(startedAt === undefined ? {} : { startedAt }),
        });
        continue;
      }
    }
    const failure =
      event.taskFailedEventDetails ??
      event.taskTimedOutEventDetails ??
      event.taskStartFailedEventDetails ??
      event.taskSubmitFailedEventDetails;
    progress.set(
      child.table,
      withoutUndefined({
        ...child,
        state: "FAILED" as const,
        startedAt,
        endedAt: event.timestamp,
        error: failure?.error ?? (event.type === "TaskSucceeded" ? "NoOutcome" : event.type),
        cause: failure?.cause,
      }),
    );
  }
  return progress;
}
