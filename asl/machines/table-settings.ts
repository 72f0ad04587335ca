import type { TableSpec } from "../../config/catalog";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import type { JsonObject } from "../types";

/** A state's name holds at most 80 characters. */
const MAX_STATE_NAME = 80;

function settingsStateName(table: string, index: number): string {
  const named = `Settings of ${table}`;
  return named.length <= MAX_STATE_NAME ? named : `Settings of table ${index + 1}`;
}

/**
 * Picks `$.table`'s settings from the catalog, written into the definition (a Choice on the name,
 * then a Pass with that table's settings at `resultPath`): the parent hands each child only the
 * table's name, and no state carries the whole catalog. A name the catalog does not have goes to
 * `unknown`.
 */
export function pickSettings(
  name: string,
  tables: readonly TableSpec[],
  settingsOf: (table: TableSpec) => JsonObject,
  options: { resultPath: string; next: string; unknown: string },
): Flow {
  const states = tables.map((t, i) => ({ table: t, state: settingsStateName(t.name, i) }));
  const flow = Flow.start().choice(
    name,
    states.map(({ table, state }) => when(Condition.stringEquals("$.table", table.name), state)),
    { Default: options.unknown },
  );
  for (const { table, state } of states) {
    flow.pass(state, {
      Result: settingsOf(table),
      ResultPath: options.resultPath,
      Next: options.next,
    });
  }
  return flow;
}
