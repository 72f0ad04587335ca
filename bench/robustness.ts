import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import { Rehearsal } from "../rehearsal/pair";
import type { ExecutionRecord } from "../rehearsal/world";
import { hoursOf, makespanSeconds, dailySeconds, refreshSeconds } from "../stack/run-durations";
import { benchCatalog } from "./catalog";
import { faultTolerance } from "./fault-tolerance";
import { withBenchProject } from "./project";
import { CAUSE_LIMIT, worstDailyRun, worstRefresh } from "./worst-case";
import { longestScheduleGapHours } from "../config/guardrails";

export interface RunFit {
  maxConcurrency: number;
  plannedHours: number;
  simulatedHours: number;
  limitHours: number;
  withinLimit: boolean;
}

/** What the issue on robustness against AWS asks the bench to show. */
export interface Robustness {
  /** Shares of tables copied and restored with 5% of calls failing, then calls and jobs. */
  faultTolerance: {
    calls: { seeds: number; copiedShare: number; restoredShare: number };
    callsAndJobs: { seeds: number; copiedShare: number; restoredShare: number };
  };
  /** The largest catalog the config accepts, every table failing with the longest cause. */
  worstCase: {
    tables: number;
    refresh: { largestStateBytes: number; causeChars: number };
    dailyRun: { largestStateBytes: number; causeChars: number };
    causeLimitChars: number;
  };
  /** 1,000 tables of the bench's mix with the shipped settings (maxConcurrency derived). */
  defaults: { tables: number; dailyRun: RunFit; refresh: RunFit };
}

const span = (run: ExecutionRecord) => (run.stoppedAt ?? run.startedAt) - run.startedAt;

function fit(maxConcurrency: number, planned: number, simulated: number, limit: number): RunFit {
  return {
    maxConcurrency,
    plannedHours: hoursOf(planned),
    simulatedHours: hoursOf(simulated),
    limitHours: limit,
    withinLimit: simulated <= limit * 3600,
  };
}

/**
 * Measures, on simulated accounts: how many tables survive AWS failing at random (20 seeds); the
 * largest state at the largest catalog the config accepts with every table failing; and how long
 * the daily run and a refresh of 1,000 tables take with the shipped settings.
 */
export async function measureRobustness(
  projectDir: string,
  options: { seeds: number; tables: number; defaultsTables: number; seed: number },
): Promise<Robustness> {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  const calls = await faultTolerance({
    projectDir,
    seeds,
    callFaults: 0.05,
    jobFaults: 0,
    tables: options.tables,
  });
  const callsAndJobs = await faultTolerance({
    projectDir,
    seeds,
    callFaults: 0.05,
    jobFaults: 0.05,
    tables: options.tables,
  });

  const prod = toModel(loadConfig(projectDir, "prod"));
  const dev = toModel(loadConfig(projectDir, "dev"));
  const refresh = await worstRefresh(prod, dev);
  const daily = await worstDailyRun(prod, dev);

  const tables = benchCatalog(options.defaultsTables, options.seed);
  const shipped = withBenchProject(projectDir, tables, {}, (project) => ({
    prod: toModel(loadConfig(project, "prod")),
    dev: toModel(loadConfig(project, "dev")),
  }));
  const r = new Rehearsal(shipped.prod, shipped.dev);
  const dailyRun = await r.backupAndCopy();
  r.later(3600);
  const all = await r.refresh({
    environment: shipped.dev.settings.environments[0]!,
    requestedBy: "bench",
  });
  const gap = longestScheduleGapHours(shipped.prod.settings.schedule);
  return {
    faultTolerance: {
      calls: {
        seeds: calls.seeds,
        copiedShare: calls.copiedShare,
        restoredShare: calls.restoredShare,
      },
      callsAndJobs: {
        seeds: callsAndJobs.seeds,
        copiedShare: callsAndJobs.copiedShare,
        restoredShare: callsAndJobs.restoredShare,
      },
    },
    worstCase: {
      tables: 1000,
      refresh: {
        largestStateBytes: refresh.largest.bytes,
        causeChars: refresh.run.error?.Cause.length ?? 0,
      },
      dailyRun: {
        largestStateBytes: daily.largest.bytes,
        causeChars: daily.run.error?.Cause.length ?? 0,
      },
      causeLimitChars: CAUSE_LIMIT,
    },
    defaults: {
      tables: options.defaultsTables,
      dailyRun: fit(
        shipped.prod.settings.maxConcurrency,
        makespanSeconds(tables.map(dailySeconds), shipped.prod.settings.maxConcurrency),
        span(dailyRun),
        gap,
      ),
      refresh: fit(
        shipped.dev.settings.maxConcurrency,
        makespanSeconds(tables.map(refreshSeconds), shipped.dev.settings.maxConcurrency),
        span(all),
        shipped.dev.settings.maxCopyAgeHours,
      ),
    },
  };
}
