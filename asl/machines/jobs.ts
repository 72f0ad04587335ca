import type { StackModel } from "../../config/model";
import type { PollSchedule } from "../poll";
import { StatesError } from "../sdk";
import type { Catcher } from "../types";

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
 * The polls one per-table execution may make in all its loops together: 13 history events each,
 * so that no execution comes near the 25,000-event quota whatever its jobs do.
 */
export const POLL_BUDGET = 1000;
