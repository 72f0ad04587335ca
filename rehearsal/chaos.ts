import type { SdkService } from "../asl/sdk";

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Faults drawn at random: each SDK call, and each job, goes wrong with `probability`. */
export interface Chaos {
  probability: number;
  random: () => number;
}

const CALL_ERRORS: Record<SdkService, string[]> = {
  dynamodb: [
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "LimitExceededException",
    "InternalServerError",
  ],
  backup: ["LimitExceededException", "ServiceUnavailableException"],
  sfn: [],
};

const JOB_ENDS = {
  backup: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"],
  copy: ["FAILED", "PARTIAL"],
  restore: ["FAILED", "ABORTED"],
  export: ["FAILED"],
  import: ["FAILED"],
} as const;

function pick<T>(chaos: Chaos, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(chaos.random() * items.length)];
}

/** A throttling or transient error for a call, or nothing. */
export function chaosCallError(chaos: Chaos | undefined, service: SdkService): string | undefined {
  if (chaos === undefined || chaos.random() >= chaos.probability) return undefined;
  return pick(chaos, CALL_ERRORS[service]);
}

/** How a job goes wrong, if it does: a bad end, or a run 3 to 10 times as long. */
export function chaosJob(
  chaos: Chaos | undefined,
  kind: keyof typeof JOB_ENDS,
): { state: (typeof JOB_ENDS)[keyof typeof JOB_ENDS][number] } | { slower: number } | undefined {
  if (chaos === undefined || chaos.random() >= chaos.probability) return undefined;
  if (chaos.random() < 0.5) return { slower: 3 + Math.floor(chaos.random() * 8) };
  return { state: pick(chaos, JOB_ENDS[kind])! };
}
