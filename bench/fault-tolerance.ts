import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import { Chaos } from "../rehearsal/chaos";
import type { ErrorNaming } from "../rehearsal/error-names";
import { Rehearsal } from "../rehearsal/pair";
import { benchCatalog } from "./catalog";

export interface FaultToleranceOptions {
  projectDir: string;
  seeds: readonly number[];
  /** Each SDK call fails with this probability (throttles and 5xx, some after they took effect). */
  callFaults: number;
  /** Each job ends badly, or runs slow, with this probability. */
  jobFaults: number;
  /** Tables in the catalog (the bench's mix, the same for every seed: seeds vary the faults). */
  tables: number;
}

export interface SeedOutcome {
  seed: number;
  naming: ErrorNaming;
  copied: number;
  restored: number;
  /** Executions that ended otherwise than the contract allows (not SUCCEEDED nor TablesFailed). */
  broken: string[];
}

export interface FaultTolerance {
  callFaults: number;
  jobFaults: number;
  seeds: number;
  tablesPerSeed: number;
  copiedShare: number;
  restoredShare: number;
  perSeed: SeedOutcome[];
}

/**
 * The daily run, then a refresh of every table, on simulated accounts that fail calls and jobs at
 * random: what share of tables is copied and restored. Seeds alternate how AWS names errors its
 * models do not declare (`error-names.ts`), so that both ways are tried.
 */
export async function faultTolerance(options: FaultToleranceOptions): Promise<FaultTolerance> {
  const perSeed: SeedOutcome[] = [];
  const tables = benchCatalog(options.tables, 1);
  for (const seed of options.seeds) {
    const load = (stack: "prod" | "dev") => {
      const model = toModel(loadConfig(options.projectDir, stack));
      return { ...model, tables, settings: { ...model.settings, maxCopyAgeHours: 24 * 365 } };
    };
    const r = new Rehearsal(load("prod"), load("dev"));
    const naming: ErrorNaming = seed % 2 === 0 ? "per-service" : "per-operation";
    r.world.errorNaming = naming;
    r.world.chaos = new Chaos({
      probability: options.callFaults,
      jobProbability: options.jobFaults,
      seed,
    });
    const daily = await r.backupAndCopy();
    r.later(3600);
    const refresh = await r.refresh({ environment: "dev-1", requestedBy: "fault-tolerance" });
    const counted = (run: typeof daily, key: "copied" | "restored") =>
      (
        (run.output ??
          (run.error?.Error === "TablesFailed" ? JSON.parse(run.error.Cause) : {})) as Record<
          string,
          number
        >
      )[key] ?? 0;
    perSeed.push({
      seed,
      naming,
      copied: counted(daily, "copied"),
      restored: counted(refresh, "restored"),
      broken: [...r.world.executions.values()]
        .filter((e) => e.status !== "SUCCEEDED" && e.error?.Error !== "TablesFailed")
        .map((e) => `${e.arn}: ${e.status} ${e.error?.Error ?? ""}`),
    });
  }
  const total = options.seeds.length * options.tables;
  const sum = (key: "copied" | "restored") => perSeed.reduce((n, s) => n + s[key], 0);
  return {
    callFaults: options.callFaults,
    jobFaults: options.jobFaults,
    seeds: options.seeds.length,
    tablesPerSeed: options.tables,
    copiedShare: sum("copied") / total,
    restoredShare: sum("restored") / total,
    perSeed,
  };
}
