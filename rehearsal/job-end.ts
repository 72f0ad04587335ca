import { jobSeconds, type JobKind } from "../stack/job-rates";
import type { JobEnd } from "./backup";
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
): JobEnd & { code?: string | null } {
  const end = anyJobEnd(world, kind, tables, start, sizeGb);
  if (end.state === "CANCELLED")
    throw new Error(`a ${kind} job cannot end CANCELLED; an import can`);
  return { ...end, state: end.state };
}

function anyJobEnd(
  world: World,
  kind: JobKind,
  tables: string | string[],
  start: number,
  sizeGb: number,
): Omit<JobEnd, "state"> & { state: JobEnd["state"] | "CANCELLED"; code?: string | null } {
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
  const chaos = chaosJob(world.chaos, kind, `${kind}\n${names.join(",")}\n${start}`);
  if (chaos === undefined) return { state: "COMPLETED" as const, at };
  if ("slower" in chaos)
    return { state: "COMPLETED" as const, at: start + chaos.slower * (at - start) };
  return {
    state: chaos.state,
    at,
    message: `the job ended ${chaos.state} (a fault the rehearsal drew)`,
  };
}

/**
 * How a DynamoDB export or import ends: COMPLETED, FAILED with a FailureCode and message, or (an
 * import only) CANCELLED.
 */
export function dataJobEnd(
  world: World,
  kind: "export" | "import",
  tables: string | string[],
  start: number,
  sizeGb: number,
):
  | { state: "COMPLETED"; at: number }
  | { state: "CANCELLED"; at: number }
  | { state: "FAILED"; at: number; failure?: { code: string; message: string } } {
  const end = anyJobEnd(world, kind, tables, start, sizeGb);
  if (end.state === "COMPLETED") return { state: "COMPLETED", at: end.at };
  if (end.state === "CANCELLED") return { state: "CANCELLED", at: end.at };
  if (end.code === null) return { state: "FAILED", at: end.at };
  return {
    state: "FAILED",
    at: end.at,
    failure: {
      code: end.code ?? "InternalServerError",
      message: end.message ?? `The ${kind} failed`,
    },
  };
}
