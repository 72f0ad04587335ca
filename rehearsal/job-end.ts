import { jobSeconds, type JobEnd, type JobKind } from "./backup";
import { chaosJob } from "./chaos";
import type { World } from "./world";

/**
 * How a job that starts at `start` ends: completed after the time its size takes, or as a fault
 * the test injected for one of `tables`, or one the rehearsal drew, says.
 */
export function jobEnd(
  world: World,
  kind: JobKind,
  tables: string | string[],
  start: number,
  sizeGb: number,
): JobEnd & { code?: string } {
  const names = typeof tables === "string" ? [tables] : tables;
  const fault = world.takeFault("job", (f) => f.job === kind && names.includes(f.table));
  const at = start + jobSeconds(kind, sizeGb);
  if (fault !== undefined) {
    return {
      state: fault.state,
      at,
      ...(fault.message === undefined ? {} : { message: fault.message }),
      ...(fault.code === undefined ? {} : { code: fault.code }),
    };
  }
  const chaos = chaosJob(world.chaos, kind);
  if (chaos === undefined) return { state: "COMPLETED" as const, at };
  if ("slower" in chaos)
    return { state: "COMPLETED" as const, at: start + chaos.slower * (at - start) };
  return {
    state: chaos.state,
    at,
    message: `the job ended ${chaos.state} (a fault the rehearsal drew)`,
  };
}
