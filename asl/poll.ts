import { Condition } from "./conditions";
import { Flow, FOLLOWING, when } from "./flow";
import { $, States } from "./paths";
import type { SdkCall } from "./sdk";
import type { Catcher, Retrier } from "./types";

export interface PollOptions {
  /** Names the states of the loop: `Wait for <job>`, `Describe <job>`, `Is <job> done?`. */
  job: string;
  /** The Describe call; its response lands at `resultPath`. */
  describe: SdkCall;
  resultPath: string;
  /** Where the status sits in the state input after the Describe call. */
  statusPath: string;
  succeeded: readonly string[];
  failed: readonly string[];
  /** Seconds between polls, fixed or read from the input. */
  interval: { seconds: number } | { secondsPath: string };
  /** At most this many Describe calls; then the loop leaves by `onTimeout`. */
  maxPolls: number;
  /** Where the loop keeps its count; reset when the loop is entered. */
  counterPath: string;
  /** Where a failed status goes; unused when `failed` is empty. */
  onFailure: string;
  onTimeout: string;
  retry?: Retrier[];
  /** Errors of the Describe call that end the loop, e.g. a table that is gone at last. */
  catch?: Catcher[];
  credentials?: { RoleArn: string };
}

/**
 * Wait, Describe, Choice, for a job that an SDK integration cannot `.sync`. Any status not listed
 * as succeeded or failed keeps the loop waiting. Success leaves by the end of the fragment (the
 * state that follows it); a failed status by `onFailure`; too many polls by `onTimeout`.
 */
export function pollUntilDone(options: PollOptions): Flow {
  if (!Number.isInteger(options.maxPolls) || options.maxPolls < 1) {
    throw new Error(`pollUntilDone(${options.job}): maxPolls must be a whole number >= 1`);
  }
  if (options.succeeded.length === 0 && (options.catch ?? []).length === 0) {
    throw new Error(
      `pollUntilDone(${options.job}): give a succeeded status or a catch that ends the loop`,
    );
  }
  const wait = `Wait for ${options.job}`;
  const count = `${options.counterPath}.polls`;
  return Flow.start()
    .pass(`Start polling ${options.job}`, { Result: { polls: 0 }, ResultPath: options.counterPath })
    .wait(
      wait,
      "seconds" in options.interval
        ? { Seconds: options.interval.seconds }
        : { SecondsPath: options.interval.secondsPath },
    )
    .task(`Describe ${options.job}`, options.describe, {
      ResultPath: options.resultPath,
      ...(options.retry === undefined ? {} : { Retry: options.retry }),
      ...(options.catch === undefined ? {} : { Catch: options.catch }),
      ...(options.credentials === undefined ? {} : { Credentials: options.credentials }),
    })
    .pass(`Count ${options.job} polls`, {
      Parameters: { polls: States.mathAdd($(count), 1) },
      ResultPath: options.counterPath,
    })
    .choice(
      `Is ${options.job} done?`,
      [
        ...(options.succeeded.length === 0
          ? []
          : [when(Condition.stringIn(options.statusPath, options.succeeded), FOLLOWING)]),
        ...(options.failed.length === 0
          ? []
          : [when(Condition.stringIn(options.statusPath, options.failed), options.onFailure)]),
        when(Condition.numberGreaterThanEquals(count, options.maxPolls), options.onTimeout),
      ],
      { Default: wait },
    );
}
