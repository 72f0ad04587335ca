import type { TableDescription } from "@aws-sdk/client-dynamodb";
import {
  localIndexDifference,
  schemaDifferences,
  shapeOfCreation,
  shapeOfDescription,
} from "../catalog/schema-shape";
import type { TableSpec } from "../config/catalog";
import type { StackModel } from "../config/model";
import { type CheckResult, missing, note } from "./check";

const list = (names: readonly string[]) => (names.length === 0 ? "none" : names.join(", "));

/**
 * How a catalog entry and its prod table disagree, each with its fix: the schema an import would
 * create (`s3-export`: keys, attribute definitions, global secondary indexes, and local ones, which
 * it cannot create), the local secondary indexes the entry lists, and the indexes its dev capacity
 * names or leaves out. Nothing where they agree.
 */
export function tableDrift(
  model: Pick<StackModel, "files">,
  table: TableSpec,
  prod: TableDescription,
): CheckResult[] {
  const catalog = model.files.catalog;
  const mend = `npx datarefresh catalog import --tables ${table.name} --out ${catalog}`;
  const redeploy = "then pulumi up --stack prod and --stack dev";
  const shape = shapeOfDescription(prod);
  const results: CheckResult[] = [];
  const check = (part: string) => `table ${table.name}: ${part}`;

  if (table.method === "s3-export") {
    const differences =
      table.tableCreationParameters === undefined
        ? []
        : schemaDifferences(shapeOfCreation(table.tableCreationParameters), shape);
    if (differences.length > 0) {
      results.push(
        missing(
          check("schema"),
          `prod differs from its tableCreationParameters: ${differences.join("; ")}; the daily run fails it with SchemaDrift`,
          `${mend}, ${redeploy}`,
        ),
      );
    }
    const local = localIndexDifference(shape);
    if (local !== undefined) {
      results.push(
        missing(
          check("local secondary indexes"),
          `${local}; the daily run fails it with SchemaDrift`,
          `copy it with method: backup (${mend} switches it), ${redeploy}`,
        ),
      );
    }
  } else if (
    [...table.localSecondaryIndexes].sort().join() !== [...shape.localIndexes].sort().join()
  ) {
    results.push(
      note(
        check("local secondary indexes"),
        `the catalog lists ${list(table.localSecondaryIndexes)}; prod has ${list(shape.localIndexes)}`,
        `${mend} (cost and the method's rules read the list)`,
      ),
    );
  }

  const billing = table.dev.billing;
  if (billing.mode !== "PROVISIONED") return results;
  const indexes = Object.keys(shape.indexes);
  for (const name of Object.keys(billing.indexes).filter((n) => !indexes.includes(n))) {
    results.push(
      missing(
        check(`dev index ${name}`),
        `dev.billing.indexes sizes ${name}, which prod's table does not have: a refresh fails sizing it`,
        `take ${name} out of dev.billing.indexes in ${catalog}, then pulumi up --stack dev`,
      ),
    );
  }
  const unsized = indexes.filter((n) => !Object.hasOwn(billing.indexes, n));
  if (unsized.length > 0) {
    results.push(
      note(
        check("dev indexes"),
        `dev.billing.indexes does not size ${unsized.join(", ")}: ${unsizedCapacity(table, billing, prod, unsized)}`,
        `size ${unsized.length === 1 ? "it" : "them"} under dev.billing.indexes in ${catalog} if that is not what dev needs`,
      ),
    );
  }
  return results;
}

/**
 * What a refresh leaves an index the dev capacity does not size at: the table's capacity where
 * the copy is on demand (leaving on-demand takes every index's capacity in one call), else the
 * copy's own, which is prod's (a backup) or the catalog's parameters' (an import).
 */
function unsizedCapacity(
  table: TableSpec,
  billing: { read: number; write: number },
  prod: TableDescription,
  unsized: string[],
): string {
  const creation = table.method === "s3-export" ? table.tableCreationParameters : undefined;
  const copyBilling =
    creation?.BillingMode ?? prod.BillingModeSummary?.BillingMode ?? "PROVISIONED";
  if (copyBilling === "PAY_PER_REQUEST") {
    return `a refresh gives ${unsized.length === 1 ? "it" : "each"} the table's capacity (read ${billing.read}, write ${billing.write})`;
  }
  const indexes = creation?.GlobalSecondaryIndexes ?? prod.GlobalSecondaryIndexes ?? [];
  const capacities = unsized.map((name) => {
    const t = indexes.find((g) => g.IndexName === name)?.ProvisionedThroughput;
    return `${name} read ${t?.ReadCapacityUnits ?? "?"}, write ${t?.WriteCapacityUnits ?? "?"}`;
  });
  const whose = creation === undefined ? "prod's" : "tableCreationParameters'";
  return `a refresh leaves ${unsized.length === 1 ? "it" : "them"} at the copy's capacity, ${whose} (${capacities.join("; ")})`;
}
