/**
 * The least time `concurrency` workers need for jobs of `durations`: no less than the longest
 * job, and no less than all the work shared evenly. What AWS's own job times allow a Map with that
 * MaxConcurrency; no schedule can beat it.
 */
export function idealMakespan(durations: number[], concurrency: number): number {
  const total = durations.reduce((sum, d) => sum + d, 0);
  return Math.max(Math.max(0, ...durations), total / Math.max(1, concurrency));
}
