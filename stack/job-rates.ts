/**
 * How long each kind of job takes, by table size: a fixed part and a part per GB. AWS publishes no
 * rates; these are the model the rehearsal runs its jobs by and config load plans runs with, so
 * that both say the same. Replace them with what your account's jobs take (see `bench`).
 */
export const JOB_TIMES = {
  backup: { base: 120, perGb: 20 },
  copy: { base: 300, perGb: 30 },
  restore: { base: 600, perGb: 120 },
  export: { base: 300, perGb: 20 },
  import: { base: 600, perGb: 120 },
};

export type JobKind = keyof typeof JOB_TIMES;

/** Seconds a job of `kind` takes for a table of `sizeGb`. */
export function jobSeconds(kind: JobKind, sizeGb: number): number {
  const t = JOB_TIMES[kind];
  return Math.round(t.base + t.perGb * sizeGb);
}

/** Seconds a dev table's control-plane changes take: each UpdateTable, a DeleteTable. */
export const TABLE_TIMES = { update: 20, delete: 30 };
