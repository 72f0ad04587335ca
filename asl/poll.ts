import { Condition } from "./conditions";
import { Flow, FOLLOWING, when } from "./flow";
import { $, States } from "./paths";
import { serverSideErrors, throttlingErrors } from "./retry";
import type { SdkCall } from "./sdk";
import type { Catcher } from "./types";

/**
 * How the loop sees its job end: by a status (where it sits in the state input after the Describe
 * call, which values mean done, which failed and where those go), or only by an error of the
 * Describe call that `catch` takes (a table that is gone at last).
 */
export type PollEnd =
  | {
      statusPath: string;
      succeeded: readonly string[];
      failed?: readonly string[];
      /** Where a failed status goes; needed when `failed` lists any. */
      onFailure?: string;
    }
  | { statusPath?: never; succeeded?: never; failed?: never; onFailure?: never };

export type PollOptions = PollEnd & {
  /** Names the states of the loop: `Wait for <job>`, `Describe <job>`, `Is <job> done?`. */
  job: string;
  /** The Describe call; its response lands at `resultPath`. */
  describe: SdkCall;
  resultPath: string;
  /** Seconds between polls: growing from `seconds` to `maxSeconds` (see `pollLadder`), or read from the input. */
  interval: PollSchedule | { secondsPath: string };
  /** At most this many Describe calls; then the loop leaves by `onTimeout`. */
  maxPolls: number;
  /** Where the loop keeps its count; reset when the loop is entered. */
  counterPath: string;
  /**
   * The polls all loops of one execution may make together, counted at `<counterPath>.total`
   * (which the machine sets to 0 at its start): a bound on its history, whatever the jobs do.
   */
  budget?: number;
  onTimeout: string;
  /** Errors of the Describe call that end the loop, e.g. a table that is gone at last. */
  catch?: Catcher[];
  credentials?: { RoleArn: string };
};

/**
 * Wait, Describe, Choice, for a job that an SDK integration cannot `.sync`. Any status not listed
 * as succeeded or failed keeps the loop waiting. Success leaves by the end of the fragment (the
 * state that follows it); a failed status by `onFailure`; too many polls by `onTimeout`.
 */
export function pollUntilDone(options: PollOptions): Flow {
  if (!Number.isInteger(options.maxPolls) || options.maxPolls < 1) {
    throw new Error(`pollUntilDone(${options.job}): maxPolls must be a whole number >= 1`);
  }
  const succeeded = options.succeeded ?? [];
  const failed = options.failed ?? [];
  if (succeeded.length === 0 && (options.catch ?? []).length === 0) {
    throw new Error(
      `pollUntilDone(${options.job}): give a succeeded status or a catch that ends the loop`,
    );
  }
  if (failed.length > 0 && options.onFailure === undefined) {
    throw new Error(`pollUntilDone(${options.job}): failed statuses need onFailure`);
  }
  const count = `${options.counterPath}.polls`;
  const ladder = "seconds" in options.interval ? pollLadder(options.interval) : [];
  const waitName = (i: number) =>
    i === 0 ? `Wait for ${options.job}` : `Wait ${ladder[i]!.seconds}s for ${options.job}`;
  const pace = `How long to wait for ${options.job}?`;
  const again = ladder.length > 1 ? pace : waitName(0);
  const total = `${options.counterPath}.total`;
  const budget = options.budget;
  const flow = Flow.start().pass(`Start polling ${options.job}`, {
    ...(budget === undefined
      ? { Result: { polls: 0 } }
      : { Parameters: { polls: 0, total: $(total) } }),
    ResultPath: options.counterPath,
    Next: waitName(0),
  });
  if (ladder.length > 1) {
    flow.choice(
      pace,
      ladder
        .slice(1)
        .reverse()
        .map((step) =>
          when(
            Condition.numberGreaterThanEquals(count, step.fromPoll),
            waitName(ladder.indexOf(step)),
          ),
        ),
      { Default: waitName(0) },
    );
  }
  if ("secondsPath" in options.interval) {
    flow.wait(waitName(0), {
      SecondsPath: options.interval.secondsPath,
      Next: `Describe ${options.job}`,
    });
  } else {
    ladder.forEach((step, i) =>
      flow.wait(waitName(i), { Seconds: step.seconds, Next: `Describe ${options.job}` }),
    );
  }
  const counted = {
    Parameters: {
      polls: States.mathAdd($(count), 1),
      ...(budget === undefined ? {} : { total: States.mathAdd($(total), 1) }),
    },
    ResultPath: options.counterPath,
  };
  const limits = [
    when(Condition.numberGreaterThanEquals(count, options.maxPolls), options.onTimeout),
    ...(budget === undefined
      ? []
      : [when(Condition.numberGreaterThanEquals(total, budget), options.onTimeout)]),
  ];
  const missed = `Note a missed poll of ${options.job}`;
  const integration = options.describe.integration;
  return flow
    .pass(missed, { ...counted, Next: `Go on polling ${options.job}?` })
    .choice(`Go on polling ${options.job}?`, limits, { Default: again })
    .call(`Describe ${options.job}`, options.describe, "read", {
      // Few retries: a poll is made again a little later anyway, and each retry is history.
      retries: POLL_RETRIES,
      ResultPath: options.resultPath,
      Catch: [
        // Still failing on AWS's side after the retries: a poll missed, not a job failed.
        {
          ErrorEquals: [...throttlingErrors(integration), ...serverSideErrors(integration)],
          Next: missed,
          ResultPath: null,
        },
        ...(options.catch ?? []),
      ],
      ...(options.credentials === undefined ? {} : { Credentials: options.credentials }),
    })
    .pass(`Count ${options.job} polls`, counted)
    .choice(
      `Is ${options.job} done?`,
      [
        ...(succeeded.length === 0
          ? []
          : [when(Condition.stringIn(options.statusPath!, succeeded), FOLLOWING)]),
        ...(failed.length === 0
          ? []
          : [when(Condition.stringIn(options.statusPath!, failed), options.onFailure!)]),
        ...limits,
      ],
      { Default: again },
    );
}

/** How often a poll's Describe call is retried at most: throttled, then failed on AWS's side. */
export const POLL_RETRIES = { throttling: 2, transient: 1 };

/** How often to poll: every `seconds` at first, then less often, never more than `maxSeconds`. */
export interface PollSchedule {
  seconds: number;
  maxSeconds?: number;
}

/** One rung of the ladder: wait `seconds` once `fromPoll` polls have been made. */
export interface PollStep {
  seconds: number;
  fromPoll: number;
}

/** Once a job has run this many times the next wait, that wait may begin (10% detection delay). */
const ELAPSED_PER_WAIT = 10;

/**
 * The waits between polls: `seconds`, doubling up to `maxSeconds`, each taken once the job has run
 * ten times as long, so that a long job costs few polls and is seen done within about 10% of its
 * run time (and within `seconds` while it is young).
 */
export function pollLadder(schedule: PollSchedule): PollStep[] {
  const max = Math.max(schedule.seconds, schedule.maxSeconds ?? schedule.seconds);
  const waits = [schedule.seconds];
  while (waits.at(-1)! * 2 <= max) waits.push(waits.at(-1)! * 2);
  const steps: PollStep[] = [{ seconds: waits[0]!, fromPoll: 0 }];
  let elapsed = 0;
  for (let polls = 0; steps.length < waits.length; polls++) {
    const next = waits[steps.length]!;
    if (elapsed >= ELAPSED_PER_WAIT * next) steps.push({ seconds: next, fromPoll: polls });
    elapsed += steps.at(-1)!.seconds;
  }
  return steps;
}

/** The wait before poll number `polls` (0 for the first). */
export function waitBefore(ladder: readonly PollStep[], polls: number): number {
  return [...ladder].reverse().find((step) => polls >= step.fromPoll)!.seconds;
}

/** How many polls the ladder makes in `hours`: the bound a loop needs to follow a job that long. */
export function pollsWithin(schedule: PollSchedule, hours: number): number {
  const ladder = pollLadder(schedule);
  let elapsed = 0;
  let polls = 0;
  while (elapsed < hours * 3600) {
    elapsed += waitBefore(ladder, polls);
    polls += 1;
  }
  return Math.max(polls, 1);
}
