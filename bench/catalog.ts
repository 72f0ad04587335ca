import type { TableSpec } from "../config/catalog";
import { catalogSchema } from "../config/catalog";
import { seededRandom } from "../rehearsal/chaos";

/** Median and spread of table sizes: most tables a few GB, a long tail of large ones. */
const MEDIAN_GB = 4;
const SIGMA = 1.4;
const MAX_GB = 300;
/** The first table of every catalog: its restore takes 12 hours in the rehearsal (600 s + 120 s/GB). */
const TWELVE_HOUR_GB = 355;

/** A normal deviate from two uniform ones (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * What ImportTable creates a generated `s3-export` table with: key `pk`, and the GSI `byOwner`
 * where its dev capacity names that index.
 */
export function importedTable(withIndex: boolean) {
  return {
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      ...(withIndex ? [{ AttributeName: "owner", AttributeType: "S" }] : []),
    ],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    ...(withIndex
      ? {
          GlobalSecondaryIndexes: [
            {
              IndexName: "byOwner",
              KeySchema: [{ AttributeName: "owner", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }
      : {}),
  };
}

/**
 * `count` tables with sizes drawn log-normally (median 4 GB, up to 300 GB, seeded) but for one
 * whose restore takes 12 hours, a third with provisioned dev copies and a GSI, some with streams,
 * TTL and tags, one in ten copied by S3 export and import (at 1,000 tables, 100: about as many
 * as the prod role policy can name): a realistic mix to time.
 */
export function benchCatalog(count: number, seed: number): TableSpec[] {
  const random = seededRandom(seed);
  const tables = Array.from({ length: count }, (_, i) => {
    const drawn = Math.min(
      MAX_GB,
      Math.max(1, Math.round(MEDIAN_GB * Math.exp(SIGMA * normal(random)))),
    );
    const sizeGb = i === 0 ? TWELVE_HOUR_GB : drawn;
    const provisioned = i % 3 === 0;
    return {
      name: `Bench${String(i).padStart(4, "0")}`,
      sizeGb,
      ...(i % 10 === 4
        ? { method: "s3-export", tableCreationParameters: importedTable(provisioned) }
        : {}),
      dev: {
        billing: provisioned
          ? { mode: "PROVISIONED", read: 5, write: 5, indexes: { byOwner: { read: 1, write: 1 } } }
          : { mode: "PAY_PER_REQUEST" },
        stream: i % 4 === 0 ? "NEW_AND_OLD_IMAGES" : "none",
        ...(i % 2 === 0 ? { ttlAttribute: "expiresAt" } : {}),
        tags: { team: `team-${i % 7}` },
      },
    };
  });
  return catalogSchema.parse({ tables }).tables;
}
