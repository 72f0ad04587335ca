import type { TableSpec } from "../../config/catalog";
import type { ImportedTableParameters } from "../../config/table-creation";
import type { JsonObject } from "../types";

/**
 * What the restore machine puts back on a dev table after a restore, decided per table from its
 * catalog entry when the definition is built. The restore machine carries one per catalogued
 * table, so each is as small as it can be: a part the table does not want is left out (the
 * machine tests it with IsPresent), never written as `false`, `0` or an empty list.
 */
export interface RestoreSettings {
  name: string;
  /** A provisioned dev copy's capacity; absent for on demand. */
  capacity?: { read: number; write: number };
  /**
   * Capacity per global secondary index, as `GlobalSecondaryIndexUpdates` (the one call that
   * switches to provisioned takes them all; otherwise they are applied one index per call).
   */
  indexUpdates?: {
    Update: {
      IndexName: string;
      ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number };
    };
  }[];
  /** The stream's view type; absent for no stream. */
  stream?: string;
  /** The TTL attribute; absent for no TTL. */
  ttl?: string;
  /** Present (true) when the dev copy gets deletion protection. */
  deletionProtection?: true;
  /** Present (true) when a refresh may lift the dev table's deletion protection. */
  replaceProtected?: true;
  tags?: { Key: string; Value: string }[];
  /** Present for `s3-export` tables: what `ImportTable` creates the dev table with, but its name. */
  importParameters?: ImportedTableParameters;
}

export function restoreSettings(table: TableSpec): RestoreSettings {
  const { dev } = table;
  const provisioned = dev.billing.mode === "PROVISIONED" ? dev.billing : undefined;
  const indexUpdates = Object.entries(provisioned?.indexes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([IndexName, c]) => ({
      Update: {
        IndexName,
        ProvisionedThroughput: { ReadCapacityUnits: c.read, WriteCapacityUnits: c.write },
      },
    }));
  const tags = Object.entries(dev.tags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Key, Value]) => ({ Key, Value }));
  return {
    name: table.name,
    ...(provisioned === undefined
      ? {}
      : { capacity: { read: provisioned.read, write: provisioned.write } }),
    ...(indexUpdates.length === 0 ? {} : { indexUpdates }),
    ...(dev.stream === "none" ? {} : { stream: dev.stream }),
    ...(dev.ttlAttribute === undefined ? {} : { ttl: dev.ttlAttribute }),
    ...(dev.deletionProtection ? { deletionProtection: true as const } : {}),
    ...(dev.replaceProtected ? { replaceProtected: true as const } : {}),
    ...(tags.length === 0 ? {} : { tags }),
    ...(table.method === "s3-export" && table.tableCreationParameters !== undefined
      ? { importParameters: table.tableCreationParameters }
      : {}),
  };
}

export function restoreSettingsJson(table: TableSpec): JsonObject {
  return restoreSettings(table) as unknown as JsonObject;
}
