import { sdkError, StatesError, type SdkService } from "./sdk";
import type { Retrier } from "./types";

/** The modelled errors of each service that mean "slow down", not "you are wrong". */
const THROTTLING: { [S in SdkService]: string[] } = {
  backup: [sdkError("backup", "LimitExceededException")],
  dynamodb: [
    sdkError("dynamodb", "ThrottlingException"),
    sdkError("dynamodb", "ProvisionedThroughputExceededException"),
    sdkError("dynamodb", "RequestLimitExceeded"),
    sdkError("dynamodb", "LimitExceededException"),
  ],
  sfn: [sdkError("sfn", "ExecutionLimitExceeded")],
};

/** The modelled errors of each service that mean "it failed on our side, try again". */
const SERVER_SIDE: { [S in SdkService]: string[] } = {
  backup: [sdkError("backup", "ServiceUnavailableException")],
  dynamodb: [sdkError("dynamodb", "InternalServerError")],
  sfn: [],
};

export function throttlingErrors(service: SdkService): string[] {
  return [...THROTTLING[service]];
}

export interface BackoffOptions {
  intervalSeconds?: number;
  maxAttempts?: number;
  backoffRate?: number;
  maxDelaySeconds?: number;
}

function backoff(
  errors: string[],
  options: BackoffOptions,
  defaults: Required<BackoffOptions>,
): Retrier {
  const o = { ...defaults, ...options };
  return {
    ErrorEquals: errors,
    IntervalSeconds: o.intervalSeconds,
    MaxAttempts: o.maxAttempts,
    BackoffRate: o.backoffRate,
    MaxDelaySeconds: o.maxDelaySeconds,
    JitterStrategy: "FULL",
  };
}

/** Retry presets: exponential backoff with full jitter, capped. */
export const Retry = {
  /** A service pushed back (throttling, limits, brief unavailability). */
  throttling: (service: SdkService, options: BackoffOptions = {}): Retrier =>
    backoff(throttlingErrors(service), options, {
      intervalSeconds: 2,
      maxAttempts: 8,
      backoffRate: 2,
      maxDelaySeconds: 120,
    }),
  /** The service failed on its side, or the task timed out. */
  transient: (service: SdkService, options: BackoffOptions = {}): Retrier =>
    backoff([...SERVER_SIDE[service], StatesError.Timeout], options, {
      intervalSeconds: 3,
      maxAttempts: 3,
      backoffRate: 2,
      maxDelaySeconds: 30,
    }),
  /** Named errors, with the same backoff as throttling unless told otherwise. */
  on: (errors: string[], options: BackoffOptions = {}): Retrier =>
    backoff(errors, options, {
      intervalSeconds: 2,
      maxAttempts: 5,
      backoffRate: 2,
      maxDelaySeconds: 60,
    }),
} as const;

/** The usual pair for one SDK call: throttling first, then transient failures. */
export function retryCall(service: SdkService): Retrier[] {
  return [Retry.throttling(service), Retry.transient(service)];
}
