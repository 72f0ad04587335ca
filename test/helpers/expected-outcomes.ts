import type { SdkService } from "../../asl/sdk";
import type { TableSpec } from "../../config/catalog";
import { stepFunctionsError, type ErrorNaming } from "../../rehearsal/error-names";
import type { Fault } from "../../rehearsal/world";

/**
 * What the machines must make of a scenario, table by table, computed from the scenario alone:
 * the daily run's outcome of each table, and each refresh's outcome of each table it asks for,
 * with the exact error of a failure. The scenario's faults are restricted to those whose effect
 * is certain: a fault within every budget of restarts and retries, or far beyond all of them.
 */

/** Each daily job that ends badly is started again this many times in all (README: "A backup or copy job that ends badly is started once more"); a failed export is not started again. */
const DAILY_STARTS = { backup: 2, copy: 2, export: 1 } as const;
export type DailyJob = keyof typeof DAILY_STARTS;

/**
 * Retries every Task makes of an error that says AWS throttled or failed on its side, at the
 * least (asl/retry.ts: `Retry.transient` 3, `Retry.throttling` 6): a call fault this many times
 * in a row is ridden out by the state that meets it first.
 */
export const RIDDEN_OUT = 3;
/** Far beyond any budget of retries and restarts: the call or job never succeeds. */
export const UNLIMITED = 10_000;

/** The calls every refresh of a table with a copy makes on its target, first where the fault bites. */
export const PER_TABLE_CALLS = [
  // "Look at the dev table", the first call on the target: nothing changed yet.
  "dynamodb:describeTable",
  // "Tag the table", the last: everything else is put back already.
  "dynamodb:tagResource",
] as const;
/** A call only the refresh of an `s3-export` table makes: "Import the export". */
export const IMPORT_CALL = "dynamodb:importTable";
export type TableCall = (typeof PER_TABLE_CALLS)[number] | typeof IMPORT_CALL;

export type Expected = { status: "RESTORED" } | { status: "FAILED"; error: string };
export type ExpectedCopy = { status: "COPIED" | "EXPORTED" } | { status: "FAILED"; error: string };

export interface Scenario {
  catalog: TableSpec[];
  naming: ErrorNaming;
  restoreAttempts: number;
  /** Job faults of the daily run: backup and copy, or export. */
  dailyFaults: Extract<Fault, { kind: "job" }>[];
  /** Restore and import job faults, and call faults on one target table each. */
  refreshFaults: Fault[];
}

/** A dev table as the oracle follows it across refreshes: there, and protected or not. */
export type DevTables = ReadonlyMap<string, { deletionProtection: boolean }>;

/** The daily run's outcome of each catalogued table. */
export function expectedCopies(s: Scenario): Map<string, ExpectedCopy> {
  return new Map(
    s.catalog.map((table): [string, ExpectedCopy] => {
      const failed = (job: DailyJob) => dailyFaultTimes(s, job, table.name) >= DAILY_STARTS[job];
      if (table.method === "s3-export")
        return [table.name, failed("export") ? fail("ExportFailed") : { status: "EXPORTED" }];
      if (failed("backup")) return [table.name, fail("BackupFailed")];
      if (failed("copy")) return [table.name, fail("CopyFailed")];
      return [table.name, { status: "COPIED" }];
    }),
  );
}

/**
 * A refresh of `tables` of `environment` whose dev tables are `before`: each table's outcome, and
 * the dev tables it leaves.
 */
export function expectedRefresh(
  s: Scenario,
  environment: string,
  tables: readonly string[],
  before: DevTables,
): { outcomes: Map<string, Expected>; after: DevTables } {
  const copies = expectedCopies(s);
  const after = new Map(before);
  const outcomes = new Map(
    tables.map((name) => {
      const table = s.catalog.find((t) => t.name === name)!;
      const target = `${environment}-${name}`;
      const { outcome, left } = refreshOf(s, table, target, copies.get(name)!, before.get(target));
      if (left === "gone") after.delete(target);
      if (left === "refreshed")
        after.set(target, { deletionProtection: table.dev.deletionProtection });
      return [name, outcome];
    }),
  );
  return { outcomes, after };
}

/**
 * One table's refresh, step by step as the per-table machine goes: find the copy, look at the dev
 * table, clear the way, restore or import, put back its settings, tag it. Says what it leaves of
 * the dev table: `untouched`, `gone` (deleted, nothing made) or `refreshed` (made and set up, its
 * protection the catalog's; a failure to tag it comes after).
 */
function refreshOf(
  s: Scenario,
  table: TableSpec,
  target: string,
  copy: ExpectedCopy,
  existing: { deletionProtection: boolean } | undefined,
): { outcome: Expected; left: "untouched" | "gone" | "refreshed" } {
  if (copy.status === "FAILED") return { outcome: fail("NoRecoveryPoint"), left: "untouched" };
  const broken = (call: TableCall) => brokenCall(s, call, target);
  const look = broken("dynamodb:describeTable");
  if (look !== undefined) return { outcome: fail(look), left: "untouched" };
  if (existing?.deletionProtection === true && !table.dev.replaceProtected)
    return { outcome: fail("TableProtected"), left: "untouched" };
  if (table.method === "s3-export") {
    const start = broken(IMPORT_CALL);
    if (start !== undefined) return { outcome: fail(start), left: "gone" };
    if (jobBroken(s, "import", table.name)) return { outcome: fail("ImportFailed"), left: "gone" };
  } else if (jobBroken(s, "restore", table.name)) {
    return { outcome: fail("RestoreFailed"), left: "gone" };
  }
  const tag = broken("dynamodb:tagResource");
  return { outcome: tag === undefined ? { status: "RESTORED" } : fail(tag), left: "refreshed" };
}

function fail(error: string): { status: "FAILED"; error: string } {
  return { status: "FAILED", error };
}

function dailyFaultTimes(s: Scenario, job: DailyJob, table: string): number {
  return s.dailyFaults
    .filter((f) => f.job === job && f.table === table)
    .reduce((sum, f) => sum + (f.times ?? 1), 0);
}

/**
 * Whether every restore (or import) job of `table` fails. A job fault names the production table,
 * so it hits whichever environment's job starts first: it is certain only when it leaves every
 * environment a job that succeeds within `restoreAttempts`, or fails them all.
 */
function jobBroken(s: Scenario, job: "restore" | "import", table: string): boolean {
  const times = s.refreshFaults
    .filter((f) => f.kind === "job" && f.job === job && f.table === table)
    .reduce((sum, f) => sum + (f.times ?? 1), 0);
  if (times >= UNLIMITED) return true;
  if (times < s.restoreAttempts) return false;
  throw new Error(`an inexact scenario: ${times} ${job} faults on ${table}`);
}

/** The error a call on `target` fails its state with after every retry, if it does. */
function brokenCall(s: Scenario, call: TableCall, target: string): string | undefined {
  const faults = s.refreshFaults.filter(
    (f): f is Extract<Fault, { kind: "error" }> =>
      f.kind === "error" && f.call === call && f.table === target,
  );
  if (faults.length === 0) return undefined;
  const times = faults.reduce((sum, f) => sum + (f.times ?? 1), 0);
  if (times <= RIDDEN_OUT) return undefined;
  if (faults.length > 1 || times < UNLIMITED)
    throw new Error(`an inexact scenario: ${times} faults of ${call} on ${target}`);
  const [service, action] = call.split(":") as [SdkService, string];
  return stepFunctionsError(service, action, faults[0]!.code, "", s.naming).name;
}
