import fc from "fast-check";

/**
 * How the property tests over rehearsals run: a fixed seed (`PROPERTY_SEED`), `defaultRuns` runs
 * (`PROPERTY_RUNS`), the first failure reported as drawn, with its seed, unless `PROPERTY_SHRINK=1`
 * asks fast-check to shrink it (minutes, over rehearsals), and never longer than `secondsPerRun`
 * a run on average: a run that hangs or a slow shrink fails the test instead of stalling it.
 */
export function propertyRuns<T>(
  defaultRuns: number,
  secondsPerRun: number,
): { parameters: fc.Parameters<T>; timeoutMs: number } {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? defaultRuns);
  const shrink = process.env.PROPERTY_SHRINK === "1";
  const limitMs = Math.max(60_000, numRuns * secondsPerRun * 1000) * (shrink ? 10 : 1);
  return {
    parameters: {
      numRuns,
      seed: Number(process.env.PROPERTY_SEED ?? 20261126),
      endOnFailure: !shrink,
      plugins: [fc.interruptAfterTimeLimit(limitMs, { failOnInterrupt: true })],
    },
    timeoutMs: limitMs + 30_000,
  };
}
