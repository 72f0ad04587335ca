import { expect } from "chai";
import { catalogSchema, MAX_CATALOG_NAME_BYTES, MAX_CATALOG_TABLES } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import { STATE_DATA_LIMIT } from "../../rehearsal/history-count";
import { Rehearsal } from "../../rehearsal/pair";
import type { World } from "../../rehearsal/world";
import { models, reportOf } from "../helpers/rehearsal";

/** The bound: no state over half of what Step Functions allows. */
const HALF = STATE_DATA_LIMIT / 2;
/** Step Functions keeps a cause of at most this many characters. */
const CAUSE_LIMIT = 32_768;

/**
 * The largest catalog the config accepts: as many tables as it takes, their names as long as the
 * names' bound allows (and of the longest environment a stack may name).
 */
function largestCatalog(): StackModel["tables"] {
  const length = Math.floor((MAX_CATALOG_NAME_BYTES - 1) / MAX_CATALOG_TABLES) - 3;
  const name = (i: number) => `T${String(i).padStart(4, "0")}`.padEnd(length, "x");
  return catalogSchema.parse({
    tables: Array.from({ length: MAX_CATALOG_TABLES }, (_, i) => ({ name: name(i), sizeGb: 1 })),
  }).tables;
}

/** A cause of the most characters Step Functions keeps, of the kind JSON spends most bytes on. */
const LONGEST_CAUSE = `"\\\u0001é😀`.repeat(CAUSE_LIMIT / 8).slice(0, CAUSE_LIMIT - 100);

function largestStateOf(world: World): { execution: string; bytes: number } {
  let largest = { execution: "", bytes: 0 };
  for (const e of world.executions.values()) {
    const bytes = e.history.largestStateBytes ?? 0;
    if (bytes > largest.bytes) largest = { execution: e.arn, bytes };
  }
  return largest;
}

describe("no state passes Step Functions' 256 KiB, at the largest catalog the config accepts", function () {
  this.timeout(600_000);
  const tables = largestCatalog();
  const environment = `e${"x".repeat(63)}`;
  const { prod, dev } = models({ maxConcurrency: 40, environments: [environment] });
  const rehearsalOf = () =>
    new Rehearsal({ ...prod, tables }, { ...dev, tables, settings: { ...dev.settings } });

  it("is a catalog the config takes, at its bounds", () => {
    expect(tables).to.have.length(MAX_CATALOG_TABLES);
    const bytes = Buffer.byteLength(JSON.stringify(tables.map((t) => t.name)));
    expect(bytes).to.be.within(MAX_CATALOG_NAME_BYTES - 1_000, MAX_CATALOG_NAME_BYTES);
  });

  it("a refresh of every table, each failing with the longest cause: every state under half, the cause whole", async () => {
    const r = rehearsalOf();
    r.world.inject({
      kind: "error",
      call: "dynamodb:query",
      code: "InternalServerError",
      message: LONGEST_CAUSE,
      times: 1_000_000,
    });
    const run = await r.refresh({
      environment,
      requestedBy: '"'.repeat(256),
      copyDate: "2026-11-25",
    });
    expect(run.error?.Error).to.equal("TablesFailed");
    const report = reportOf(run);
    expect(report).to.include({ requested: 1000, restored: 0, failed: 1000 });
    expect(report.failedTables.length + report.notListed).to.equal(1000);
    expect(run.error!.Cause.length).to.be.below(CAUSE_LIMIT);
    const largest = largestStateOf(r.world);
    console.log(`      largest state of a refresh: ${largest.bytes} bytes (${largest.execution})`);
    expect(largest.bytes, largest.execution).to.be.below(HALF);
  });

  it("a daily run of every table, each failing with the longest cause: every state under half, the cause whole", async () => {
    const r = rehearsalOf();
    r.world.inject({
      kind: "error",
      call: "backup:startBackupJob",
      code: "InvalidParameterValueException",
      message: LONGEST_CAUSE,
      times: 1_000_000,
    });
    const run = await r.backupAndCopy();
    expect(run.error?.Error).to.equal("TablesFailed");
    const report = reportOf(run);
    expect(report).to.include({ requested: 1000, copied: 0, failed: 1000 });
    expect(run.error!.Cause.length).to.be.below(CAUSE_LIMIT);
    const largest = largestStateOf(r.world);
    console.log(
      `      largest state of a daily run: ${largest.bytes} bytes (${largest.execution})`,
    );
    expect(largest.bytes, largest.execution).to.be.below(HALF);
  });
});
