import type { State, StateGraph } from "./types";
import { allStates, isDistributedMap } from "./walk";

/**
 * An upper bound of the history events one execution of a definition can write, for checking the
 * 25,000-event quota: the dearest walk from the start to an end (of a Choice's branches and a
 * Catch, the dearest), each state on it entered once (Tasks 5 events, `.sync` Tasks 6, and 3 for
 * each retry every retrier may make; Map and Parallel 4, others 2), each inline Map as running `mapItems(name)` iterations (2 events each plus
 * its processor's dearest walk), each Distributed Map as 6 events whatever its items (their
 * events are the child executions', bounded by `mapRunChildBounds`), and each poll loop of
 * `pollUntilDone` as running to its `maxPolls` (loops that share a budget, to the budget together).
 * `passes` is how often the path may be walked again (a restore started anew): it multiplies every
 * state but the budgeted polls, whose budget holds for the whole execution.
 */
export function historyEventBound(
  graph: StateGraph,
  mapItems: (mapState: string) => number,
  passes = 1,
): number {
  const loops = pollLoops(graph);
  const inLoop = new Set(loops.flatMap((loop) => loop.states));
  // A poll passes one of the loop's Wait states (2 events) and each of its other states.
  const perPoll = (loop: PollLoop) =>
    2 +
    loop.states
      .filter((name) => graph.States[name]!.Type !== "Wait")
      .reduce((sum, name) => sum + eventsOf(name, graph.States[name]!, mapItems), 0);
  let perPass = dearestPath(graph, (name) =>
    inLoop.has(name) ? 0 : eventsOf(name, graph.States[name]!, mapItems),
  );
  for (const loop of loops.filter((l) => l.budget === undefined)) {
    perPass += loop.maxPolls * perPoll(loop);
  }
  // A declared loop's states are on the walk once already; the other rounds are added here.
  for (const loop of declaredLoops(graph)) {
    const round = loop.states.reduce(
      (sum, name) => sum + eventsOf(name, graph.States[name]!, mapItems),
      0,
    );
    perPass += (loop.times - 1) * round;
  }
  // Loops under a shared budget make at most that many polls together, at the dearest loop's cost.
  const budgeted = loops.filter((loop) => loop.budget !== undefined);
  let polls = 0;
  if (budgeted.length > 0) {
    const limit = Math.min(...budgeted.map((l) => l.budget!));
    const most = passes * budgeted.reduce((n, l) => n + l.maxPolls, 0);
    polls = Math.min(limit, most) * Math.max(...budgeted.map(perPoll));
  }
  return passes * perPass + polls;
}

/** Entered, Started, MapRunStarted, MapRunSucceeded or Failed, Succeeded or Failed, Exited. */
const DISTRIBUTED_MAP_EVENTS = 6;
/** ExecutionStarted, and ExecutionSucceeded, Failed, Aborted or TimedOut. */
const EXECUTION_EVENTS = 2;

/** A Distributed Map's child executions: each runs the processor once, in a history of its own. */
export interface MapRunChildBound {
  map: string;
  label?: string;
  events: number;
}

/** The history bound of one child execution of each Distributed Map of a graph. */
export function mapRunChildBounds(
  graph: StateGraph,
  mapItems: (mapState: string) => number,
): MapRunChildBound[] {
  const bounds: MapRunChildBound[] = [];
  for (const { name, state } of allStates(graph)) {
    if (state.Type !== "Map" || !isDistributedMap(state)) continue;
    bounds.push({
      map: name,
      ...(state.Label === undefined ? {} : { label: state.Label }),
      events: EXECUTION_EVENTS + historyEventBound(state.ItemProcessor, mapItems),
    });
  }
  return bounds;
}

/** Where a state may go next: its Next, a Choice's rules and Default, its Catchers. */
function successors(state: State): string[] {
  const next: string[] = [];
  if ("Next" in state && typeof state.Next === "string") next.push(state.Next);
  if (state.Type === "Choice") {
    next.push(...state.Choices.map((rule) => rule.Next));
    if (state.Default !== undefined) next.push(state.Default);
  }
  if ("Catch" in state && state.Catch !== undefined) next.push(...state.Catch.map((c) => c.Next));
  return next;
}

/**
 * The most events one walk from the start to an end can cost, each state by `cost`. An edge back
 * to a state already on the walk (a poll loop, a restore started anew) is not followed: poll
 * loops are counted apart, and walks again by `passes`.
 */
function dearestPath(graph: StateGraph, cost: (name: string) => number): number {
  const memo = new Map<string, number>();
  const onWalk = new Set<string>();
  const visit = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    onWalk.add(name);
    const rest = successors(graph.States[name]!)
      .filter((next) => !onWalk.has(next))
      .reduce((most, next) => Math.max(most, visit(next)), 0);
    onWalk.delete(name);
    const total = cost(name) + rest;
    memo.set(name, total);
    return total;
  };
  return visit(graph.StartAt);
}

const LOOP = /^Repeats at most (\d+) times: (.+)$/;

/**
 * The comment of a Choice that closes a loop other than a poll loop: how often the loop may run at
 * most, and its states. The bound counts those states that many times.
 */
export function boundedLoop(times: number, states: readonly string[]): string {
  return `Repeats at most ${times} times: ${states.join(" | ")}`;
}

/** The loops that Choice comments declare: their states, and how often they may run. */
function declaredLoops(graph: StateGraph): { states: string[]; times: number }[] {
  const loops: { states: string[]; times: number }[] = [];
  for (const state of Object.values(graph.States)) {
    const match = state.Type === "Choice" ? LOOP.exec(state.Comment ?? "") : null;
    if (match !== null) loops.push({ times: Number(match[1]), states: match[2]!.split(" | ") });
  }
  return loops;
}

/** A retried attempt of a Task: TaskScheduled, TaskStarted, TaskFailed. */
const RETRY_EVENTS = 3;

function eventsOf(name: string, state: State, mapItems: (mapState: string) => number): number {
  switch (state.Type) {
    case "Task": {
      const retries = (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
      return (state.Resource.includes(".sync") ? 6 : 5) + RETRY_EVENTS * retries;
    }
    case "Map":
      return isDistributedMap(state)
        ? DISTRIBUTED_MAP_EVENTS
        : 4 + mapItems(name) * (2 + historyEventBound(state.ItemProcessor, mapItems));
    case "Parallel":
      return (
        4 + state.Branches.reduce((sum, branch) => sum + 2 + historyEventBound(branch, mapItems), 0)
      );
    default:
      return 2;
  }
}

/** The poll loops of a graph: named after their job, bounded by a Choice on the poll count. */
interface PollLoop {
  states: string[];
  maxPolls: number;
  /** The polls all budgeted loops of the execution may make together. */
  budget?: number;
}

function pollLoops(graph: StateGraph): PollLoop[] {
  const loops: PollLoop[] = [];
  for (const [name, state] of Object.entries(graph.States)) {
    const job = /^Is (.+) done\?$/.exec(name)?.[1];
    if (job === undefined || state.Type !== "Choice") continue;
    const limit = (suffix: string) => {
      const rule = state.Choices.find((r) => "Variable" in r && r.Variable.endsWith(suffix));
      return (rule as { NumericGreaterThanEquals?: number } | undefined)?.NumericGreaterThanEquals;
    };
    const maxPolls = limit(".polls");
    const budget = limit(".total");
    if (maxPolls === undefined) continue;
    const states = Object.keys(graph.States).filter(
      (n) =>
        n === name ||
        n === `Describe ${job}` ||
        n === `Count ${job} polls` ||
        n === `Note a missed poll of ${job}` ||
        n === `Go on polling ${job}?` ||
        n === `How long to wait for ${job}?` ||
        (n.startsWith("Wait ") && n.endsWith(` for ${job}`)),
    );
    loops.push({ states, maxPolls, ...(budget === undefined ? {} : { budget }) });
  }
  return loops;
}
