import type { StateMachine } from "aws-local-stepfunctions";

type EventLog =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

/** What an execution would cost in AWS: state transitions (billed) and history events (quota). */
export interface HistoryCount {
  /** Its own and its Map Run children's: all are billed. */
  transitions: number;
  /** Its own history's: the quota holds per execution. */
  events: number;
  /** The most history events of any child execution of its Distributed Maps. */
  mapRunChildEvents?: number;
  /** The largest data a state passed on, in bytes: Step Functions refuses more than 256 KB. */
  largestStateBytes?: number;
}

/** How a machine's states fall into executions: the Distributed Maps and the states they run. */
export interface ExecutionLayout {
  /** Tasks that wait for a job (`.sync`): AWS records a TaskSubmitted for them too. */
  syncTasks: ReadonlySet<string>;
  /** Each state run by a Distributed Map's children, by the name of that Map. */
  mapRunStates: ReadonlyMap<string, string>;
  /** JSONata Pass states, which the interpreter runs as local Tasks: counted as the Pass they are. */
  passesRunAsTasks?: ReadonlySet<string>;
}

/** Step Functions' limit on the data a state takes or passes on: 256 KiB. */
export const STATE_DATA_LIMIT = 262_144;

/** A state whose data passed `STATE_DATA_LIMIT`: Step Functions fails the execution there. */
export interface DataLimitBreach {
  state: string;
  bytes: number;
}

/** AWS history events per interpreter event, beyond the state's Entered and Exited. */
const TASK_EVENTS = 3; // Scheduled, Started, Succeeded or Failed
const MAP_EVENTS = 2; // MapStateStarted, MapStateSucceeded or Failed (or MapRunStarted, MapRunSucceeded)
const EXECUTION_EVENTS = 2; // ExecutionStarted, and Succeeded, Failed or Aborted

/**
 * Counts, from the interpreter's event log, the transitions, the largest state data and the
 * history events that AWS would record for the same run. The interpreter runs a Distributed Map's
 * items inline; their events are counted as AWS records them, in one child execution per item.
 * AWS records a few more kinds (TaskSubmitted, MapIterationFailed details), so the events are a
 * close estimate, not an exact count; the static bound in `asl/history.ts` is the safe one.
 */
export async function countHistory(
  events: AsyncIterable<EventLog>,
  count: HistoryCount,
  layout: ExecutionLayout = { syncTasks: new Set(), mapRunStates: new Map() },
  onDataLimit?: (breach: DataLimitBreach) => void,
): Promise<void> {
  const distributedMaps = new Set(layout.mapRunStates.values());
  const children = new Map<string, number>();
  const add = (events: number, child?: string) => {
    if (child === undefined) count.events += events;
    else {
      const total = (children.get(child) ?? EXECUTION_EVENTS) + events;
      children.set(child, total);
      count.mapRunChildEvents = Math.max(count.mapRunChildEvents ?? 0, total);
    }
  };
  const childOf = (state: string, index: number | undefined) => {
    const map = layout.mapRunStates.get(state);
    return map === undefined ? undefined : `${map}/${index ?? 0}`;
  };

  // A state's input is the object the state before it passed on: measured once, as that output.
  let lastOutput: unknown;
  let lastOutputBytes = 0;
  const bytesOf = (data: unknown) =>
    data === lastOutput && typeof data === "object" && data !== null
      ? lastOutputBytes
      : Buffer.byteLength(JSON.stringify(data ?? null));

  add(EXECUTION_EVENTS);
  for await (const event of events) {
    switch (event.type) {
      case "StateEntered": {
        const child = childOf(event.state.name, event.index);
        const input = bytesOf(event.state.input);
        count.largestStateBytes = Math.max(count.largestStateBytes ?? 0, input);
        const pass = layout.passesRunAsTasks?.has(event.state.name) === true;
        count.transitions += 1;
        add(2, child);
        if (event.state.type === "Task" && !pass) add(TASK_EVENTS, child);
        if (layout.syncTasks.has(event.state.name)) add(1, child);
        if (event.state.type === "Map") add(MAP_EVENTS, child);
        break;
      }
      case "StateExited": {
        const bytes = bytesOf(event.state.output);
        lastOutput = event.state.output;
        lastOutputBytes = bytes;
        count.largestStateBytes = Math.max(count.largestStateBytes ?? 0, bytes);
        if (bytes > STATE_DATA_LIMIT) onDataLimit?.({ state: event.state.name, bytes });
        break;
      }
      case "StateRetried":
        add(TASK_EVENTS, childOf(event.state.name, event.index));
        break;
      case "MapIterationStarted":
      case "MapIterationSucceeded":
      case "MapIterationFailed":
        // A Distributed Map's iteration is a child execution, whose start and end it counts itself.
        if (!distributedMaps.has(event.parentState.name)) add(1);
        break;
      default:
        break;
    }
  }
}
