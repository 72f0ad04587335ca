import { sdkError, sdkUnmodelledError, StatesError, type SdkService } from "./sdk";
import type { Retrier, TaskState } from "./types";

/**
 * Who answers a Task: an AWS service through the SDK integration, or Step Functions' optimized
 * integration that starts a child execution and waits for it (`startExecution.sync:2`).
 */
export type Integration = SdkService | "states-sync";

/**
 * Errors that say a request was throttled or refused for a limit: nothing happened, so it may
 * always be made again. Each service's modelled names; an undeclared throttle arrives as the base
 * exception (below). The optimized integration's name is documented without `Exception`
 * (concepts-nested-workflows.html) and observed with it (aws-notes.md): both are listed.
 */
const THROTTLED: Record<Integration, string[]> = {
  backup: [sdkError("backup", "LimitExceededException")],
  dynamodb: [
    sdkError("dynamodb", "ThrottlingException"),
    sdkError("dynamodb", "ProvisionedThroughputExceededException"),
    sdkError("dynamodb", "RequestLimitExceeded"),
    sdkError("dynamodb", "LimitExceededException"),
  ],
  sfn: [sdkError("sfn", "ExecutionLimitExceeded")],
  sns: [sdkError("sns", "ThrottledException"), sdkError("sns", "KMSThrottlingException")],
  "states-sync": [
    "StepFunctions.ExecutionLimitExceeded",
    "StepFunctions.ExecutionLimitExceededException",
  ],
};

/**
 * Errors of a failure on AWS's side, which may or may not have taken effect: the modelled 5xx,
 * and the base exception under which AWS reports every code the service's model does not declare
 * (a throttle, HTTP 503 ServiceUnavailable; DynamoDB documents both as retryable,
 * Programming.Errors.html). The base exception also carries errors no repeat mends (a
 * ValidationException), hence a bounded number of attempts.
 */
const SERVER_SIDE: Record<Integration, string[]> = {
  backup: [
    sdkError("backup", "ServiceUnavailableException"),
    sdkError("backup", "DependencyFailureException"),
    sdkUnmodelledError("backup"),
  ],
  dynamodb: [sdkError("dynamodb", "InternalServerError"), sdkUnmodelledError("dynamodb")],
  sfn: [sdkUnmodelledError("sfn")],
  sns: [sdkError("sns", "InternalErrorException"), sdkUnmodelledError("sns")],
  "states-sync": ["StepFunctions.AWSStepFunctionsException", "StepFunctions.SdkClientException"],
};

/**
 * Why a call may be made again after an error that may have taken effect: each kind of call that
 * is safe to repeat, and what makes it so.
 */
export const REPEATABLE = {
  read: "a read: repeating it changes nothing",
  token: "a start with an idempotency token: a repeat returns the job the first one started",
  same: "writes what it wrote before (an unconditional put of the same item, the same tags)",
  conditional:
    "a conditional write: a repeat after it took effect is refused, and the refusal is handled",
  checked:
    "a change of the dev table: a repeat after it took effect is refused, and the table is then checked",
  named: "starts an execution by a fixed name: a repeat returns the execution already running",
} as const;

export type Repeatable = keyof typeof REPEATABLE;

/** How a Task's call may be repeated: one of the safe kinds, or not at all and why. */
export type RepeatClass = Repeatable | { once: string };

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
  /** Throttled or over a limit: nothing happened; wait longer each time. */
  throttling: (integration: Integration, options: BackoffOptions = {}): Retrier =>
    backoff([...THROTTLED[integration]], options, {
      intervalSeconds: 2,
      maxAttempts: 6,
      backoffRate: 2,
      maxDelaySeconds: 120,
    }),
  /** Failed on AWS's side (or an error the model does not name), or the task timed out. */
  transient: (integration: Integration, options: BackoffOptions = {}): Retrier =>
    backoff([...SERVER_SIDE[integration], StatesError.Timeout], options, {
      intervalSeconds: 3,
      maxAttempts: 3,
      backoffRate: 2,
      maxDelaySeconds: 60,
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

export function throttlingErrors(integration: Integration): string[] {
  return [...THROTTLED[integration]];
}

/** The names under which a service reports a failure on its side, its base exception included. */
export function serverSideErrors(integration: Integration): string[] {
  return [...SERVER_SIDE[integration]];
}

/**
 * The retriers of a call: a repeatable one retries throttling and failures on AWS's side under
 * both names; one that is not safe to repeat retries only throttling, which proves nothing
 * happened.
 */
export function retriesFor(
  integration: Integration,
  repeat: RepeatClass,
  limits: RetryLimits = {},
): Retrier[] {
  const throttling = Retry.throttling(
    integration,
    limits.throttling === undefined ? {} : { maxAttempts: limits.throttling },
  );
  const transient = Retry.transient(
    integration,
    limits.transient === undefined ? {} : { maxAttempts: limits.transient },
  );
  return typeof repeat === "string" ? [throttling, transient] : [throttling];
}

/** At most how many retries each kind of error gets, where the defaults are too many. */
export interface RetryLimits {
  throttling?: number;
  transient?: number;
}

const REPEATED = "Repeated on error: ";
const NOT_REPEATED = "Not repeated after an error that may have taken effect: ";

/** The Task's comment: how its call is repeated, so that `synth`'s output says it. */
export function repeatComment(repeat: RepeatClass): string {
  return typeof repeat === "string"
    ? `${REPEATED}${REPEATABLE[repeat]}`
    : `${NOT_REPEATED}${repeat.once}`;
}

/** The repeat class a Task's comment states; undefined where it states none. */
export function repeatClassOf(task: Pick<TaskState, "Comment">): RepeatClass | undefined {
  const comment = task.Comment ?? "";
  if (comment.startsWith(NOT_REPEATED)) return { once: comment.slice(NOT_REPEATED.length) };
  const reason = comment.startsWith(REPEATED) ? comment.slice(REPEATED.length) : undefined;
  return (Object.keys(REPEATABLE) as Repeatable[]).find((k) => REPEATABLE[k] === reason);
}
