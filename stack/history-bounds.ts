import { historyEventBound, mapRunChildBounds } from "../asl/history";
import { JOB_ATTEMPTS } from "../asl/machines/backup-table";
import { NAMES } from "../config/model";
import type { MachinePlan } from "./plan";

/** One kind of execution a machine makes: its own, or a child of one of its Map Runs. */
export interface ExecutionBound {
  /** `datarefresh-restore`, or `datarefresh-restore/Tables` for the Map Run's children. */
  execution: string;
  events: number;
}

/**
 * The most history events each execution of `machine` can record, every poll loop run to its
 * limit and, in a per-table machine, every attempt made: the machine's own executions first, then
 * the child executions of its Distributed Maps. The catalog's size does not change them: a
 * Distributed Map's items are child executions, a table each, with histories of their own.
 */
export function machineHistoryBounds(
  machine: Pick<MachinePlan, "name" | "definition">,
  restoreAttempts: number,
): ExecutionBound[] {
  // The machines' Maps are Distributed, a table a child: the bound of an inline Map's items would
  // have to be stated here.
  const items = (map: string): number => {
    throw new Error(`${machine.name}: no bound is known for the items of the inline Map "${map}"`);
  };
  const passes =
    machine.name === NAMES.restoreTableMachine
      ? restoreAttempts
      : machine.name === NAMES.backupTableMachine
        ? JOB_ATTEMPTS
        : 1;
  return [
    { execution: machine.name, events: historyEventBound(machine.definition, items, passes) },
    ...mapRunChildBounds(machine.definition, items).map((child) => ({
      execution: `${machine.name}/${child.label ?? child.map}`,
      events: child.events,
    })),
  ];
}
