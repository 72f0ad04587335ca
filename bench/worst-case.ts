import { catalogSchema, MAX_CATALOG_NAME_BYTES, MAX_CATALOG_TABLES } from "../config/catalog";
import type { StackModel } from "../config/model";
import { Rehearsal } from "../rehearsal/pair";
import type { ExecutionRecord, World } from "../rehearsal/world";

/** Step Functions keeps a cause of at most this many characters. */
export const CAUSE_LIMIT = 32_768;

/**
 * The largest catalog the config accepts: as many tables as it takes, their names as long as the
 * names' bound allows.
 */
export function largestCatalog(): StackModel["tables"] {
  const length = Math.floor((MAX_CATALOG_NAME_BYTES - 1) / MAX_CATALOG_TABLES) - 3;
  const name = (i: number) => `T${String(i).padStart(4, "0")}`.padEnd(length, "x");
  return catalogSchema.parse({
    tables: Array.from({ length: MAX_CATALOG_TABLES }, (_, i) => ({ name: name(i), sizeGb: 1 })),
  }).tables;
}

/**
 * A cause of nearly the most characters Step Functions keeps, of the kinds JSON spends most bytes
 * on: quotes and backslashes (2 bytes), control characters (6), letters of other alphabets (2 to
 * 4).
 */
export const LONGEST_CAUSE = `"\\\u0001é😀`.repeat(CAUSE_LIMIT / 8).slice(0, CAUSE_LIMIT - 100);

/** The longest environment name a stack may have. */
export const LONGEST_ENVIRONMENT = `e${"x".repeat(63)}`;

export interface WorstRun {
  run: ExecutionRecord;
  world: World;
  /** The largest data any state of any execution took or passed on, and where. */
  largest: { execution: string; bytes: number };
}

function largestStateOf(world: World): WorstRun["largest"] {
  let largest = { execution: "", bytes: 0 };
  for (const e of world.executions.values()) {
    const bytes = e.history.largestStateBytes ?? 0;
    if (bytes > largest.bytes) largest = { execution: e.arn, bytes };
  }
  return largest;
}

/** Both stacks with the largest catalog, the longest environment, and 40 tables at once. */
function worstRehearsal(prod: StackModel, dev: StackModel): Rehearsal {
  const tables = largestCatalog();
  const settings = { maxConcurrency: 40, environments: [LONGEST_ENVIRONMENT] };
  return new Rehearsal(
    { ...prod, tables, settings: { ...prod.settings, ...settings } },
    { ...dev, tables, settings: { ...dev.settings, ...settings } },
  );
}

/** A refresh of every table of the largest catalog, each failing with the longest cause. */
export async function worstRefresh(prod: StackModel, dev: StackModel): Promise<WorstRun> {
  const r = worstRehearsal(prod, dev);
  r.world.inject({
    kind: "error",
    call: "dynamodb:query",
    code: "InternalServerError",
    message: LONGEST_CAUSE,
    times: 1_000_000,
  });
  const run = await r.refresh({
    environment: LONGEST_ENVIRONMENT,
    requestedBy: '"'.repeat(256),
    copyDate: "2026-11-25",
  });
  return { run, world: r.world, largest: largestStateOf(r.world) };
}

/** A daily run of every table of the largest catalog, each failing with the longest cause. */
export async function worstDailyRun(prod: StackModel, dev: StackModel): Promise<WorstRun> {
  const r = worstRehearsal(prod, dev);
  r.world.inject({
    kind: "error",
    call: "backup:startBackupJob",
    code: "InvalidParameterValueException",
    message: LONGEST_CAUSE,
    times: 1_000_000,
  });
  const run = await r.backupAndCopy();
  return { run, world: r.world, largest: largestStateOf(r.world) };
}
