/**
 * Virtual time of one execution, in seconds since the epoch. Waits and job durations move it on
 * instantly; a child execution starts on its parent's timeline and hands back where it ended.
 */
export class Timeline {
  constructor(private seconds: number) {}

  get now(): number {
    return this.seconds;
  }

  advance(by: number): void {
    if (by > 0) this.seconds += by;
  }

  /** Moves to `to` if that is later: a parent waiting for a child that ended then. */
  catchUp(to: number): void {
    if (to > this.seconds) this.seconds = to;
  }

  iso(at: number = this.seconds): string {
    return new Date(at * 1000).toISOString();
  }

  fork(): Timeline {
    return new Timeline(this.seconds);
  }
}
