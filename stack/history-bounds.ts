import { historyEventBound } from "../asl/history";
import { NAMES } from "../config/model";
import type { MachinePlan } from "./plan";

/** DynamoDB allows 20 global secondary indexes a table; every other Map runs over tables. */
const MAX_INDEXES = 20;
const INDEX_MAP = "Size each index";

/**
 * The most history events one execution of `machine` can record for a catalog of `tables`
 * tables, every poll loop run to its limit and, in the per-table machine, every restore attempt made.
 */
export function machineHistoryBound(
  machine: Pick<MachinePlan, "name" | "definition">,
  tables: number,
  restoreAttempts: number,
): number {
  const items = (map: string) => (map === INDEX_MAP ? MAX_INDEXES : tables);
  const passes = machine.name === NAMES.restoreTableMachine ? restoreAttempts : 1;
  return historyEventBound(machine.definition, items, passes);
}
