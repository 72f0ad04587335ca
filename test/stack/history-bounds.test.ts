import { expect } from "chai";
import { historyEventBound } from "../../asl/history";
import { JOB_ATTEMPTS } from "../../asl/machines/backup-table";
import type { StateMachineDefinition } from "../../asl/types";
import { NAMES } from "../../config/model";
import { machineHistoryBounds } from "../../stack/history-bounds";
import { planStack } from "../../stack/plan";
import { models } from "../helpers/rehearsal";
import { perFile } from "../helpers/per-file";

const machines = perFile(() => {
  const { prod, dev } = models();
  return Object.fromEntries(
    [...planStack(prod).machines, ...planStack(dev).machines].map((m) => [m.name, m]),
  );
});

/** Each execution's bound, by name, with `attempts` restore attempts. */
function boundsOf(machine: string, attempts: number): Record<string, number> {
  const bounds = machineHistoryBounds(machines()[machine]!, attempts);
  return Object.fromEntries(bounds.map((b) => [b.execution, b.events]));
}

describe("the history event bounds of each kind of execution", () => {
  it("counts every restore attempt of the per-table restore machine", () => {
    const one = boundsOf(NAMES.restoreTableMachine, 1);
    const three = boundsOf(NAMES.restoreTableMachine, 3);
    expect(Object.keys(three)).to.deep.equal([NAMES.restoreTableMachine]);
    expect(three[NAMES.restoreTableMachine]).to.be.greaterThan(one[NAMES.restoreTableMachine]!);
  });

  it("counts both job attempts of the per-table backup machine, and one pass of the parents", () => {
    const { definition } = machines()[NAMES.backupTableMachine]!;
    const noItems = () => 0;
    const bound = boundsOf(NAMES.backupTableMachine, 5)[NAMES.backupTableMachine];
    expect(bound).to.equal(historyEventBound(definition, noItems, JOB_ATTEMPTS));
    expect(bound).to.be.greaterThan(historyEventBound(definition, noItems, 1));
    for (const parent of [NAMES.restoreMachine, NAMES.backupMachine]) {
      const own = machines()[parent]!.definition;
      expect(boundsOf(parent, 5)[parent]).to.equal(historyEventBound(own, noItems, 1));
    }
  });

  it("names a parent's Map Run children by the Map's label", () => {
    for (const parent of [NAMES.restoreMachine, NAMES.backupMachine])
      expect(Object.keys(boundsOf(parent, 1))).to.deep.equal([parent, `${parent}/Tables`]);
  });

  it("refuses an inline Map, whose items it has no bound for", () => {
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          ItemProcessor: { StartAt: "Wait", States: { Wait: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    } as unknown as StateMachineDefinition;
    expect(() => machineHistoryBounds({ name: "m", definition }, 1)).to.throw(
      'm: no bound is known for the items of the inline Map "Each"',
    );
  });
});
