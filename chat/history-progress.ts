import type { HistoryEvent } from "@aws-sdk/client-sfn";
import {
  isRecord,
  isTableOutcome,
  parseJson,
  progressOfOutcome,
  type TableProgress,
  withoutUndefined,
} from "./table-progress";

/** A JSON value that Step Functions may give as an object or as its text. */
const asObject = (value: unknown) => (typeof value === "string" ? parseJson(value) : value);

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
