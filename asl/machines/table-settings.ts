import type { TableSpec } from "../../config/catalog";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata, jsonataValue } from "../jsonata";
import type { JsonObject } from "../types";

/**
 * Picks `$.table`'s settings from the catalog, written into the definition (one JSONata object,
 * looked up by the table's name), at `$.settings`: the parent hands each child only the table's
 * name, so no state carries the whole catalog, and the definition carries it once. A name the
 * catalog does not have goes to `unknown`.
 */
export function pickSettings(
  name: string,
  tables: readonly TableSpec[],
  settingsOf: (table: TableSpec) => JsonObject,
  options: { next: string; unknown: string },
): Flow {
  // By name: the settings' own `name` would say it twice.
  const catalog = jsonataValue(
    Object.fromEntries(
      tables.map((t) => {
        const { name: _name, ...settings } = settingsOf(t);
        return [t.name, settings];
      }),
    ),
  );
  return Flow.start()
    .compute(
      name,
      jsonata(`$merge([$states.input, {'settings': $lookup(${catalog}, $states.input.table)}])`),
    )
    .choice(`${name} Known?`, [when(Condition.isPresent("$.settings"), options.next)], {
      Default: options.unknown,
    });
}
