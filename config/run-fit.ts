import {
  dailySeconds,
  hoursOf,
  leastConcurrency,
  makespanSeconds,
  refreshSeconds,
} from "../stack/run-durations";
import type { Catalog } from "./catalog";
import type { ConfigProblem } from "./errors";
import { longestScheduleGapHours } from "./guardrails";
import {
  MAX_CONCURRENCY,
  NAMESPACE,
  type ConfiguredSettings,
  type StackName,
} from "./stack-config";

/** What a stack's run must fit in, and how long each table takes in it. */
function runOf(stack: StackName, settings: ConfiguredSettings, catalog: Catalog) {
  if (stack === "prod") {
    const gap = longestScheduleGapHours(settings.schedule);
    return {
      what: "the daily run",
      hours: gap,
      window: `the ${gap} hours ${settings.schedule} may leave between runs`,
      remedy: "a schedule with a longer gap between runs, or fewer tables in this project",
      seconds: catalog.tables.map(dailySeconds),
    };
  }
  return {
    what: "a refresh of every table",
    hours: settings.maxCopyAgeHours,
    window: `maxCopyAgeHours (${settings.maxCopyAgeHours})`,
    remedy: "a larger maxCopyAgeHours, or fewer tables in this project",
    seconds: catalog.tables.map(refreshSeconds),
  };
}

/**
 * Tables at once where `maxConcurrency` is not set and the run fits: five environments refreshed
 * at once then start DynamoDB's 50 restores an account allows.
 */
export const DEFAULT_CONCURRENCY = 10;

/**
 * The concurrency a stack's run gets: `maxConcurrency` as set, or, where not set, 10 or the least
 * that finishes the run within its window (the daily run within the schedule's gap, so that runs never
 * overlap; a refresh within maxCopyAgeHours), from the catalog's sizes and the job-rate model
 * (`stack/job-rates.ts`). A run that cannot finish in time is refused, naming what would fit.
 */
export function fitConcurrency(
  stack: StackName,
  stackFile: string,
  settings: ConfiguredSettings,
  catalog: Catalog,
): { maxConcurrency: number; problems: ConfigProblem[] } {
  const run = runOf(stack, settings, catalog);
  const least = leastConcurrency(run.seconds, run.hours, MAX_CONCURRENCY);
  const set = settings.maxConcurrency;
  const path = `config.${NAMESPACE}:maxConcurrency`;
  const hoursAt = (c: number) => hoursOf(makespanSeconds(run.seconds, c));
  const fits =
    least === undefined
      ? `no value up to ${MAX_CONCURRENCY} fits: ${run.remedy}`
      : `${least} or more would fit`;
  if (set !== undefined) {
    const problems =
      least !== undefined && set >= least
        ? []
        : [
            {
              file: stackFile,
              path,
              message: `${set} makes ${run.what} take about ${hoursAt(set)} hours, more than ${run.window}; ${fits}`,
            },
          ];
    return { maxConcurrency: set, problems };
  }
  if (least !== undefined)
    return { maxConcurrency: Math.max(DEFAULT_CONCURRENCY, least), problems: [] };
  return {
    maxConcurrency: MAX_CONCURRENCY,
    problems: [
      {
        file: stackFile,
        path,
        message: `is not set, and ${run.what} would take about ${hoursAt(MAX_CONCURRENCY)} hours even at ${MAX_CONCURRENCY} tables at once, more than ${run.window}: ${run.remedy}`,
      },
    ],
  };
}
