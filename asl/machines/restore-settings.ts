import type { TableSpec } from "../../config/catalog";
import type { JsonObject } from "../types";

/**
 * What the restore machine puts back on a dev table after a restore, decided per table from its
 * catalog entry when the definition is built. Flags are precomputed so that the machine tests
 * booleans, never list lengths or values that may be 0.
 */
export interface RestoreSettings {
  name: string;
  billing: { payPerRequest: boolean; read: number; write: number };
  /** Capacity per global secondary index, applied one index per call. */
  indexes: {
    IndexName: string;
    ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  }[];
  hasIndexes: boolean;
  /** The same, as `GlobalSecondaryIndexUpdates` for the one call that switches to provisioned. */
  indexUpdates: { Update: RestoreSettings["indexes"][number] }[];
  stream: { enabled: boolean; viewType: string };
  ttl: { enabled: boolean; attribute: string };
  deletionProtection: boolean;
  replaceProtected: boolean;
  tags: { Key: string; Value: string }[];
  hasTags: boolean;
}

export function restoreSettings(table: TableSpec): RestoreSettings {
  const { dev } = table;
  const provisioned = dev.billing.mode === "PROVISIONED" ? dev.billing : undefined;
  const indexes = Object.entries(provisioned?.indexes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([IndexName, c]) => ({
      IndexName,
      ProvisionedThroughput: { ReadCapacityUnits: c.read, WriteCapacityUnits: c.write },
    }));
  const tags = Object.entries(dev.tags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Key, Value]) => ({ Key, Value }));
  return {
    name: table.name,
    billing: {
      payPerRequest: provisioned === undefined,
      read: provisioned?.read ?? 1,
      write: provisioned?.write ?? 1,
    },
    indexes,
    hasIndexes: indexes.length > 0,
    indexUpdates: indexes.map((Update) => ({ Update })),
    stream: {
      enabled: dev.stream !== "none",
      viewType: dev.stream === "none" ? "NEW_AND_OLD_IMAGES" : dev.stream,
    },
    ttl: { enabled: dev.ttlAttribute !== undefined, attribute: dev.ttlAttribute ?? "none" },
    deletionProtection: dev.deletionProtection,
    replaceProtected: dev.replaceProtected,
    tags,
    hasTags: tags.length > 0,
  };
}

export function restoreSettingsJson(table: TableSpec): JsonObject {
  return restoreSettings(table) as unknown as JsonObject;
}
