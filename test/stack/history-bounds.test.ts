import { expect } from "chai";
import { historyEventBound } from "../../asl/history";
import { JOB_ATTEMPTS } from "../../asl/machines/backup-table";
import { NAMES } from "../../config/model";
import { machineHistoryBounds, type ExecutionBound } from "../../stack/history-bounds";
import { planStack } from "../../stack/plan";
import { models } from "../helpers/rehearsal";
import { perFile } from "../helpers/per-file";

const machines = perFile(() => {
  const { prod, dev } = models();
  return Object.fromEntries(
    [...planStack(prod).machines, ...planStack(dev).machines].map((m) => [m.name, m]),
  );
});

/** Each execution's bound, by name, for a catalog of `tables` and `attempts` restore attempts. */
function boundsOf(machine: string, tables: number, attempts: number): Record<string, number> {
  const bounds: ExecutionBound[] = machineHistoryBounds(machines()[machine]!, tables, attempts);
  return Object.fromEntries(bounds.map((b) => [b.execution, b.events]));
}

describe("the history event bounds of each kind of execution", () => {
  it("counts each restore attempt of the per-table machine, and the index Map's 20 indexes whatever the catalog", () => {
    const one = boundsOf(NAMES.restoreTableMachine, 3, 1);
    const three = boundsOf(NAMES.restoreTableMachine, 3, 3);
    expect(Object.keys(one)).to.deep.equal([NAMES.restoreTableMachine]);
    expect(three[NAMES.restoreTableMachine]).to.be.greaterThan(one[NAMES.restoreTableMachine]!);
    expect(boundsOf(NAMES.restoreTableMachine, 1000, 3)).to.deep.equal(three);
  });

  it("counts both job attempts of the per-table backup machine, and one pass of the parents", () => {
    const table = machines()[NAMES.backupTableMachine]!;
    const bound = boundsOf(NAMES.backupTableMachine, 3, 5)[NAMES.backupTableMachine];
    expect(bound).to.equal(historyEventBound(table.definition, () => 3, JOB_ATTEMPTS));
    expect(bound).to.be.greaterThan(historyEventBound(table.definition, () => 3, 1));
    for (const parent of [NAMES.restoreMachine, NAMES.backupMachine]) {
      const { definition } = machines()[parent]!;
      expect(boundsOf(parent, 3, 5)[parent]).to.equal(historyEventBound(definition, () => 3, 1));
    }
  });

  it("names a parent's Map Run children by the Map's label: one table each, whatever the catalog", () => {
    for (const parent of [NAMES.restoreMachine, NAMES.backupMachine]) {
      const few = boundsOf(parent, 3, 1);
      expect(Object.keys(few)).to.deep.equal([parent, `${parent}/Tables`]);
      expect(boundsOf(parent, 1000, 1)).to.deep.equal(few);
    }
  });
});
