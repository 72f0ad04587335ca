import type { StateGraph } from "../asl/types";

/**
 * The iterations of a Map with MaxConcurrency n run n at a time, each starting when an earlier one
 * ends, in simulated time. The interpreter keeps n at a time in real time, where iterations end in
 * another order than in simulated time. So the children of one Map run one after another in real
 * time (which costs nothing: the rehearsal runs on one thread), in the order the Map starts them,
 * and each starts at the simulated end of the earliest-ending slot: as AWS would schedule them.
 */
export class MapSlots {
  /** When each slot is free again; `undefined` while its child runs. */
  private readonly ends: (number | undefined)[];

  constructor(
    private readonly start: number,
    concurrency: number,
  ) {
    this.ends = Number.isFinite(concurrency)
      ? Array.from({ length: concurrency }, () => start)
      : [];
  }

  private turn: Promise<void> = Promise.resolve();

  /** Runs `child` when the children started before it have ended, in a slot of simulated time. */
  async run<T>(child: (start: number) => Promise<{ result: T; end: number }>): Promise<T> {
    const previous = this.turn;
    let done = (): void => undefined;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      const { slot, start } = this.take();
      const { result, end } = await child(start);
      this.free(slot, end);
      return result;
    } finally {
      done();
    }
  }

  /** A slot for the next child, and the simulated time it starts at. */
  take(): { slot: number; start: number } {
    let slot = -1;
    this.ends.forEach((end, i) => {
      if (end !== undefined && (slot < 0 || end < this.ends[slot]!)) slot = i;
    });
    if (slot < 0) return { slot: -1, start: this.start };
    const start = this.ends[slot]!;
    this.ends[slot] = undefined;
    return { slot, start };
  }

  free(slot: number, end: number): void {
    if (slot >= 0) this.ends[slot] = end;
  }
}

/** The MaxConcurrency of the Map whose iterations run the state `name` (Infinity when unbounded). */
export function concurrencyAround(graph: StateGraph, name: string): number {
  for (const state of Object.values(graph.States)) {
    if (state.Type !== "Map") continue;
    if (containsState(state.ItemProcessor, name))
      return state.MaxConcurrency === undefined || state.MaxConcurrency === 0
        ? Infinity
        : state.MaxConcurrency;
  }
  return Infinity;
}

function containsState(graph: StateGraph, name: string): boolean {
  return Object.entries(graph.States).some(
    ([n, s]) =>
      n === name ||
      (s.Type === "Map" && containsState(s.ItemProcessor, name)) ||
      (s.Type === "Parallel" && s.Branches.some((b) => containsState(b, name))),
  );
}
