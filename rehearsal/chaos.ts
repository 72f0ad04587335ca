import { createHash } from "node:crypto";
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
export interface ChaosSettings {
  probability: number;
  jobProbability?: number;
  seed: number;
}

/**
 * Draws for each occasion (a request of an execution, a job, a child's start) from a generator
 * of its own, seeded by the seed and the occasion: the same seed draws the same faults however
 * the executions' work happens to interleave. One shared sequence would not: which execution
 * draws next depends on the interpreter's scheduling.
 */
export class Chaos {
  private readonly occurrences = new Map<string, number>();

  constructor(readonly settings: ChaosSettings) {}

  /** The draws for the n-th time `occasion` comes up. */
  drawsFor(occasion: string): () => number {
    const n = (this.occurrences.get(occasion) ?? 0) + 1;
    this.occurrences.set(occasion, n);
    const digest = createHash("sha256").update(`${this.settings.seed}\n${occasion}\n${n}`).digest();
    return seededRandom(digest.readUInt32BE(0));
  }
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

function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

/**
 * A fault for a call, or nothing: a throttle three times in five, else a 5xx, which half the time
 * comes after the call took effect.
 */
export function chaosCallFault(
  chaos: Chaos | undefined,
  service: SdkService,
  occasion: string,
): CallFault | undefined {
  if (chaos === undefined) return undefined;
  const random = chaos.drawsFor(occasion);
  if (random() >= chaos.settings.probability) return undefined;
  const draw = random();
  if (draw < 0.6) return { code: pick(random, THROTTLES[service])!, afterEffect: false };
  return { code: pick(random, SERVER_ERRORS[service])!, afterEffect: draw >= 0.8 };
}

/**
 * A fault for a `startExecution.sync:2` start, or nothing: refused for the account's executions
 * (nothing started), or failed on AWS's side before or after the child started. Named as the
 * optimized integration names them (concepts-nested-workflows.html; aws-notes.md).
 */
export function chaosStartFault(chaos: Chaos | undefined, occasion: string): CallFault | undefined {
  if (chaos === undefined) return undefined;
  const random = chaos.drawsFor(occasion);
  if (random() >= chaos.settings.probability) return undefined;
  const draw = random();
  if (draw < 0.5) return { code: "StepFunctions.ExecutionLimitExceeded", afterEffect: false };
  return { code: "StepFunctions.AWSStepFunctionsException", afterEffect: draw >= 0.75 };
}

/** How a job goes wrong, if it does: a bad end, or a run 3 to 10 times as long. */
export function chaosJob(
  chaos: Chaos | undefined,
  kind: keyof typeof JOB_ENDS,
  occasion: string,
): { state: (typeof JOB_ENDS)[keyof typeof JOB_ENDS][number] } | { slower: number } | undefined {
  if (chaos === undefined) return undefined;
  const random = chaos.drawsFor(occasion);
  const { probability, jobProbability } = chaos.settings;
  if (random() >= (jobProbability ?? probability)) return undefined;
  if (random() < 0.5) return { slower: 3 + Math.floor(random() * 8) };
  return { state: pick(random, JOB_ENDS[kind])! };
}
