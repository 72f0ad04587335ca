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

/**
 * Faults drawn at random: each SDK call goes wrong with `probability`, each job with
 * `jobProbability` (the same where not given).
 */
export interface Chaos {
  probability: number;
  jobProbability?: number;
  random: () => number;
}

/**
 * What a service may answer a call with when it is busy or broken: throttles (nothing happened)
 * and 5xx (maybe something did), under the codes the service returns, modelled or not
 * (Programming.Errors.html; AWS Backup's CommonErrors.html). `error-names.ts` names each as Step
 * Functions reports it.
 */
const THROTTLES: Record<SdkService, string[]> = {
  dynamodb: [
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
  ],
  backup: ["ThrottlingException"],
  sfn: ["ThrottlingException"],
  sns: ["ThrottledException", "Throttling"],
};
const SERVER_ERRORS: Record<SdkService, string[]> = {
  dynamodb: ["InternalServerError", "ServiceUnavailable"],
  backup: ["ServiceUnavailableException", "ServiceUnavailable", "InternalFailure"],
  sfn: ["ServiceUnavailable", "InternalFailure"],
  sns: ["InternalErrorException", "ServiceUnavailable"],
};

/** A call that goes wrong: refused before it took effect, or failed after it did (its answer lost). */
export interface CallFault {
  code: string;
  afterEffect: boolean;
}

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

/**
 * A fault for a call, or nothing: a throttle three times in five, else a 5xx, which half the time
 * comes after the call took effect.
 */
export function chaosCallFault(
  chaos: Chaos | undefined,
  service: SdkService,
): CallFault | undefined {
  if (chaos === undefined || chaos.random() >= chaos.probability) return undefined;
  const draw = chaos.random();
  if (draw < 0.6) return { code: pick(chaos, THROTTLES[service])!, afterEffect: false };
  return { code: pick(chaos, SERVER_ERRORS[service])!, afterEffect: draw >= 0.8 };
}

/**
 * A fault for a `startExecution.sync:2` start, or nothing: refused for the account's executions
 * (nothing started), or failed on AWS's side before or after the child started. Named as the
 * optimized integration names them (concepts-nested-workflows.html; aws-notes.md).
 */
export function chaosStartFault(chaos: Chaos | undefined): CallFault | undefined {
  if (chaos === undefined || chaos.random() >= chaos.probability) return undefined;
  const draw = chaos.random();
  if (draw < 0.5) return { code: "StepFunctions.ExecutionLimitExceeded", afterEffect: false };
  return { code: "StepFunctions.AWSStepFunctionsException", afterEffect: draw >= 0.75 };
}

/** How a job goes wrong, if it does: a bad end, or a run 3 to 10 times as long. */
export function chaosJob(
  chaos: Chaos | undefined,
  kind: keyof typeof JOB_ENDS,
): { state: (typeof JOB_ENDS)[keyof typeof JOB_ENDS][number] } | { slower: number } | undefined {
  if (chaos === undefined || chaos.random() >= (chaos.jobProbability ?? chaos.probability))
    return undefined;
  if (chaos.random() < 0.5) return { slower: 3 + Math.floor(chaos.random() * 8) };
  return { state: pick(chaos, JOB_ENDS[kind])! };
}
