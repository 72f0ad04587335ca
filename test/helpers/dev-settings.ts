import { expect } from "chai";
import type { TableSpec } from "../../config/catalog";
import type { World } from "../../rehearsal/world";
import type { TableOutcome } from "./rehearsal";

/**
 * A table a refresh says it RESTORED has the catalog's dev settings: billing and capacity (its
 * indexes' too), stream, TTL, deletion protection, tags, and the indexes of its method.
 */
export function expectCatalogSettings(world: World, outcome: TableOutcome, spec: TableSpec): void {
  const table = world.accounts.dev.dynamodb.tables.get(outcome.targetTable);
  expect(table, `${outcome.targetTable} is RESTORED but does not exist`).to.not.equal(undefined);
  const billing = spec.dev.billing;
  const at = outcome.targetTable;
  expect(table!.billing, at).to.equal(billing.mode);
  if (billing.mode === "PROVISIONED") {
    expect(table!.capacity, at).to.deep.equal({ read: billing.read, write: billing.write });
    for (const [index, c] of Object.entries(billing.indexes))
      expect(table!.indexCapacity[index], `${at} ${index}`).to.deep.equal(c);
  }
  expect(table!.stream ?? "none", `${at} stream`).to.equal(spec.dev.stream);
  expect(table!.ttlAttribute, `${at} TTL`).to.equal(spec.dev.ttlAttribute);
  expect(table!.deletionProtection, `${at} deletion protection`).to.equal(
    spec.dev.deletionProtection,
  );
  expect(table!.tags, `${at} tags`).to.include(spec.dev.tags);
  expect(table!.tags["datarefresh:source-table"], at).to.equal(spec.name);
  // A restore brings back the prod table's local secondary indexes; an import has none to bring.
  expect(table!.schema.localIndexes, `${at} local indexes`).to.deep.equal(
    spec.method === "backup" ? spec.localSecondaryIndexes : [],
  );
}
