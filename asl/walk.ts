import type { State, StateGraph } from "./types";

/** A Map whose items run as child executions of a Map Run. */
export function isDistributedMap(state: State): boolean {
  return state.Type === "Map" && state.ItemProcessor.ProcessorConfig?.Mode === "DISTRIBUTED";
}

/** Every state a state can hand over to: Next, Choice rules and Default, Catch targets. */
export function successorsOf(state: State): string[] {
  const targets: string[] = [];
  if ("Next" in state && typeof state.Next === "string") targets.push(state.Next);
  if (state.Type === "Choice") {
    for (const rule of state.Choices) targets.push(rule.Next);
    if (state.Default !== undefined) targets.push(state.Default);
  }
  if ("Catch" in state && state.Catch !== undefined) {
    for (const catcher of state.Catch) targets.push(catcher.Next);
  }
  return targets;
}

export interface VisitedState {
  readonly name: string;
  readonly state: State;
  /** The states enclosing this one: Map and Parallel names, outermost first. */
  readonly enclosing: readonly string[];
}

/** Every state of a graph, nested Map processors and Parallel branches included. */
export function* allStates(
  graph: StateGraph,
  enclosing: readonly string[] = [],
): Generator<VisitedState> {
  for (const [name, state] of Object.entries(graph.States)) {
    yield { name, state, enclosing };
    if (state.Type === "Map") yield* allStates(state.ItemProcessor, [...enclosing, name]);
    if (state.Type === "Parallel") {
      for (const branch of state.Branches) yield* allStates(branch, [...enclosing, name]);
    }
  }
}
