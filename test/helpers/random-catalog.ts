import fc from "fast-check";
import { importedTable } from "../../bench/catalog";
import { catalogSchema, type TableSpec } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import type { JobKind } from "../../rehearsal/backup";

/**
 * A random catalog entry: copied by backup or by S3 export, with or without indexes, LSIs (backup
 * only), stream, TTL, tags, protection.
 */
const tableEntry = (name: string) =>
  fc.record({
    name: fc.constant(name),
    method: fc.constantFrom("backup", "s3-export"),
    sizeGb: fc.integer({ min: 1, max: 300 }),
    localSecondaryIndexes: fc.constantFrom([], ["byTime"]),
    dev: fc.record({
      billing: fc.oneof(
        fc.constant({ mode: "PAY_PER_REQUEST" }),
        fc.record({
          mode: fc.constant("PROVISIONED"),
          read: fc.integer({ min: 1, max: 50 }),
          write: fc.integer({ min: 1, max: 50 }),
          indexes: fc.constantFrom({}, { byOwner: { read: 1, write: 2 } }),
        }),
      ),
      stream: fc.constantFrom("none", "NEW_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"),
      ttlAttribute: fc.option(fc.constant("expiresAt"), { nil: undefined }),
      tags: fc.constantFrom({}, { team: "core" }),
      deletionProtection: fc.boolean(),
      replaceProtected: fc.boolean(),
    }),
  });

/** Catalogs of 1 to `maxTables` tables named `Table0`, `Table1`, ... */
export function randomCatalogs(maxTables: number): fc.Arbitrary<TableSpec[]> {
  return fc
    .integer({ min: 1, max: maxTables })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => tableEntry(`Table${i}`))))
    .map(
      (tables) =>
        catalogSchema.parse({
          tables: tables.map(({ dev, ...t }) => ({
            ...t,
            dev: dropUndefined(dev),
            ...(t.method === "s3-export"
              ? {
                  localSecondaryIndexes: [],
                  tableCreationParameters: importedTable("indexes" in dev.billing),
                }
              : {}),
          })),
        }).tables,
    );
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The states a job of each kind can end in badly, as AWS names them (a restore job is never
 * EXPIRED or PARTIAL, a copy job never ABORTED); an export or import fault ends FAILED whatever
 * its state.
 */
export const BAD_JOB_ENDS = {
  backup: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"],
  copy: ["FAILED", "PARTIAL"],
  restore: ["FAILED", "ABORTED"],
  export: ["FAILED"],
  import: ["FAILED"],
} as const satisfies Record<JobKind, readonly string[]>;

/**
 * Catalogs for a property's runs, one for every `runsPerCatalog` runs, drawn from its seed. The
 * root hook validates every distinct definition a test builds, four a catalog, at about a fifth of
 * a second each: more than a run's rehearsal takes. Runs that share a catalog still draw their
 * own faults and requests.
 */
export function sharedCatalogs(
  maxTables: number,
  parameters: Pick<fc.Parameters<unknown>, "numRuns" | "seed">,
  runsPerCatalog: number,
): fc.Arbitrary<TableSpec[]> {
  const pool = fc.sample(randomCatalogs(maxTables), {
    numRuns: Math.ceil((parameters.numRuns ?? 1) / runsPerCatalog),
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
  });
  return fc.constantFrom(...pool);
}

/** The stack models of the example stacks with `tables` as their catalog. */
export function withCatalog(
  models: { prod: StackModel; dev: StackModel },
  tables: TableSpec[],
): { prod: StackModel; dev: StackModel } {
  return {
    prod: { ...models.prod, tables },
    dev: { ...models.dev, tables },
  };
}
