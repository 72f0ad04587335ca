import type { StackModel } from "../../config/model";
import type { PollSchedule } from "../poll";
import { Retry } from "../retry";
import { StatesError } from "../sdk";
import type { Catcher, Retrier } from "../types";

/** How the machines poll AWS Backup jobs: from the configured interval up to its maximum. */
export function jobPolling(model: StackModel): PollSchedule {
  return {
    seconds: model.settings.pollIntervalSeconds,
    maxSeconds: model.settings.maxPollIntervalSeconds,
  };
}

/** Any error of a call, kept at `$.error`, goes to `next`. */
export function catchAll(next: string): Catcher {
  return { ErrorEquals: [StatesError.ALL], Next: next, ResultPath: "$.error" };
}

/**
 * The polls one per-table execution may make in all its loops together, at up to 26 history events
 * each (a Describe's retries included): a refresh with two 12-hour restores makes about 200; were
 * every wait to run to its limit, the last ones end as timed out rather than the execution
 * nearing 10,000 events.
 */
export const POLL_BUDGET = 250;

/**
 * A start refused for an account's limit on jobs at once (`error`) waits for a free place, up to
 * about six hours, instead of failing: the others' jobs take hours.
 */
export function waitForAPlace(error: string): Retrier {
  return Retry.on([error], {
    intervalSeconds: 60,
    backoffRate: 1.5,
    maxAttempts: 30,
    maxDelaySeconds: 900,
  });
}
