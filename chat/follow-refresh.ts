import type { RefreshClient } from "./client";
import { describeRefresh, type RefreshDescription } from "./describe-refresh";
import { AwsCallFailed } from "./errors";

export interface FollowOptions {
  /** Time between two looks. Default 15 s. */
  intervalMs?: number;
  /** Called after each look, the last one included. */
  onUpdate?: (description: RefreshDescription) => void;
  /** Called when a look failed for a passing reason (throttling, network) and will be tried again. */
  onRetry?: (error: AwsCallFailed) => void;
  /** Passing failures in a row before giving up. Default 5. */
  maxFailuresInARow?: number;
  /** How to wait; tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Looks at a refresh until it ends; returns its last description. */
export async function followRefresh(
  client: RefreshClient,
  execution: string,
  options: FollowOptions = {},
): Promise<RefreshDescription> {
  const sleep = options.sleep ?? realSleep;
  const intervalMs = options.intervalMs ?? 15_000;
  const maxFailures = options.maxFailuresInARow ?? 5;
  let failures = 0;
  for (;;) {
    try {
      const description = await describeRefresh(client, execution);
      failures = 0;
      options.onUpdate?.(description);
      if (description.status !== "RUNNING") return description;
    } catch (error) {
      if (!(error instanceof AwsCallFailed) || !error.transient || failures + 1 >= maxFailures)
        throw error;
      failures += 1;
      options.onRetry?.(error);
    }
    await sleep(intervalMs);
  }
}
