import { historyEventBound, mapRunChildBounds } from "../asl/history";
import { JOB_ATTEMPTS } from "../asl/machines/backup-table";
import { NAMES } from "../config/model";
import type { MachinePlan } from "./plan";

/** DynamoDB allows 20 global secondary indexes a table; every other Map runs over tables. */
const MAX_INDEXES = 20;
const INDEX_MAP = "Size each index";

/** One kind of execution a machine makes: its own, or a child of one of its Map Runs. */
export interface ExecutionBound {
  /** `datarefresh-restore`, or `datarefresh-restore/Tables` for the Map Run's children. */
  execution: string;
  events: number;
}

/**
 * The most history events each execution of `machine` can record for a catalog of `tables`
 * tables, every poll loop run to its limit and, in the per-table machine, every restore attempt
 * made: the machine's own executions first, then the child executions of its Distributed Maps.
 */
export function machineHistoryBounds(
  machine: Pick<MachinePlan, "name" | "definition">,
  tables: number,
  restoreAttempts: number,
): ExecutionBound[] {
  const items = (map: string) => (map === INDEX_MAP ? MAX_INDEXES : tables);
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
