import type { StateMachine } from "aws-local-stepfunctions";

type EventLog =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

/** What an execution would cost in AWS: state transitions (billed) and history events (quota). */
export interface HistoryCount {
  transitions: number;
  events: number;
  /** The largest data a state passed on, in bytes: Step Functions refuses more than 256 KB. */
  largestStateBytes?: number;
}

/** AWS history events per interpreter event, beyond the state's Entered and Exited. */
const TASK_EVENTS = 3; // Scheduled, Started, Succeeded or Failed
const MAP_EVENTS = 2; // MapStateStarted, MapStateSucceeded or Failed
const EXECUTION_EVENTS = 2; // ExecutionStarted, and Succeeded, Failed or Aborted

/**
 * Counts, from the interpreter's event log, the transitions, the largest state data and the history events that AWS
 * would record for the same run. AWS records a few more kinds (TaskSubmitted, MapIterationFailed
 * details), so the events are a close estimate, not an exact count; the static bound in
 * `asl/history.ts` is the safe one.
 */
export async function countHistory(
  events: AsyncIterable<EventLog>,
  count: HistoryCount,
  /** Tasks that wait for a job (`.sync`): AWS records a TaskSubmitted for them too. */
  syncTasks: ReadonlySet<string> = new Set(),
): Promise<void> {
  count.events += EXECUTION_EVENTS;
  for await (const event of events) {
    switch (event.type) {
      case "StateEntered":
        count.transitions += 1;
        count.events += 2;
        if (event.state.type === "Task") count.events += TASK_EVENTS;
        if (syncTasks.has(event.state.name)) count.events += 1;
        if (event.state.type === "Map") count.events += MAP_EVENTS;
        break;
      case "StateExited": {
        const bytes = Buffer.byteLength(JSON.stringify(event.state.output ?? null));
        count.largestStateBytes = Math.max(count.largestStateBytes ?? 0, bytes);
        break;
      }
      case "StateRetried":
        count.events += TASK_EVENTS;
        break;
      case "MapIterationStarted":
      case "MapIterationSucceeded":
      case "MapIterationFailed":
        count.events += 1;
        break;
      default:
        break;
    }
  }
}
