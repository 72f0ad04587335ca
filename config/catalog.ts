import { z } from "zod";
import { tableCreationSchema } from "./table-creation";
import { DYNAMODB_TABLE_NAME, strictObject, wholeNumber } from "./zod-helpers";

/** How a table reaches the dev account: AWS Backup copy and restore, or S3 export and import. */
export const COPY_METHODS = ["backup", "s3-export"] as const;
export type CopyMethod = (typeof COPY_METHODS)[number];

const capacity = strictObject({
  read: wholeNumber(1, 40000),
  write: wholeNumber(1, 40000),
});

/** The capacity of a table's dev copies. */
export const devBillingSchema = z.discriminatedUnion(
  "mode",
  [
    strictObject({ mode: z.literal("PAY_PER_REQUEST") }),
    strictObject({
      mode: z.literal("PROVISIONED"),
      read: wholeNumber(1, 40000),
      write: wholeNumber(1, 40000),
      /** Capacity per global secondary index, by index name. */
      indexes: z.record(z.string().min(1), capacity).default({}),
    }),
  ],
  { error: "expected {mode: PAY_PER_REQUEST} or {mode: PROVISIONED, read: N, write: N}" },
);

const streamViewType = z.enum(
  ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY", "none"],
  {
    error: "expected NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY or none",
  },
);

/**
 * What DynamoDB takes in a tag (TaggingRestrictions.html): letters, digits, white space and
 * `+ - = . _ : /` (no `@`, which other services allow); keys of 1 to 128 characters, values of at
 * most 256; `aws:` reserved. `datarefresh:` is this project's, for the tags a refresh writes.
 */
const TAG_KEY = /^(?!aws:|datarefresh:)[\p{L}\p{Z}\p{N}_.:/=+-]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+-]{0,256}$/u;

/** A table may carry 50 tags; a refresh writes four of its own. */
export const MAX_CATALOG_TAGS = 46;

/** What the development copies of a table get after each refresh. */
const devSettings = strictObject({
  billing: devBillingSchema.default({ mode: "PAY_PER_REQUEST" }),
  stream: streamViewType.default("none"),
  ttlAttribute: z.string().min(1).max(255).optional(),
  tags: z
    .record(
      z.string(),
      z.string().regex(TAG_VALUE, {
        error:
          "a tag value has at most 256 letters, digits, spaces or _.:/=+- (DynamoDB takes no other)",
      }),
    )
    .superRefine((tags, ctx) => {
      for (const key of Object.keys(tags).filter((k) => !TAG_KEY.test(k))) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message:
            "a tag key has 1 to 128 letters, digits, spaces or _.:/=+- and does not start with aws: or datarefresh:",
        });
      }
      if (Object.keys(tags).length > MAX_CATALOG_TAGS) {
        ctx.addIssue({
          code: "custom",
          message: `at most ${MAX_CATALOG_TAGS} tags: DynamoDB keeps 50 on a table, and a refresh adds 4`,
        });
      }
    })
    .default({}),
  deletionProtection: z.boolean({ error: "expected true or false" }).default(false),
  /** May a refresh turn deletion protection off on an existing dev table to replace it? */
  replaceProtected: z.boolean({ error: "expected true or false" }).default(false),
});

export const tableEntry = strictObject({
  name: z.string().regex(DYNAMODB_TABLE_NAME, {
    error: "expected a DynamoDB table name: 3 to 255 of a-z A-Z 0-9 _ - .",
  }),
  method: z.enum(COPY_METHODS, { error: "expected backup or s3-export" }).default("backup"),
  /** Names of the table's local secondary indexes: such a table can only be copied by `backup`. */
  localSecondaryIndexes: z
    .array(z.string().min(3).max(255), { error: "expected a list of index names" })
    .default([]),
  /** For `s3-export` only: how `ImportTable` creates the dev table. */
  tableCreationParameters: tableCreationSchema.optional(),
  /** Size of the production table, in GB: used by `cost` and the rehearsal. */
  sizeGb: z.number({ error: "expected a size in GB, a number >= 0" }).min(0).optional(),
  dev: devSettings.default({
    billing: { mode: "PAY_PER_REQUEST" },
    stream: "none",
    tags: {},
    deletionProtection: false,
    replaceProtected: false,
  }),
});

/**
 * The largest catalog a project takes: what every state of the machines is held to (half of Step
 * Functions' 256 KiB, `asl/machines/table-results.ts`) with every table failed is computed for
 * these. Beyond them, split the catalog into two projects.
 */
export const MAX_CATALOG_TABLES = 1_000;
/** The table names' JSON text, which a refresh's state carries. */
export const MAX_CATALOG_NAME_BYTES = 40_000;

export const catalogSchema = strictObject({
  tables: z
    .array(tableEntry, { error: "expected a list of tables" })
    .min(1, { error: "list at least one table" })
    .max(MAX_CATALOG_TABLES, {
      error: `at most ${MAX_CATALOG_TABLES} tables in one project (every state of a run is bounded for that many); split the catalog into two projects`,
    }),
}).superRefine((catalog, ctx) => {
  const nameBytes = Buffer.byteLength(JSON.stringify(catalog.tables.map((t) => t.name)));
  if (nameBytes > MAX_CATALOG_NAME_BYTES) {
    ctx.addIssue({
      code: "custom",
      path: ["tables"],
      message: `the table names take ${nameBytes} bytes together, more than the ${MAX_CATALOG_NAME_BYTES} a refresh's state is bounded for; split the catalog into two projects`,
    });
  }
  const seen = new Map<string, number>();
  catalog.tables.forEach((table, index) => {
    const first = seen.get(table.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tables", index, "name"],
        message: `"${table.name}" is already listed at tables[${first}]`,
      });
    } else seen.set(table.name, index);
    methodProblems(table).forEach(({ key, message }) =>
      ctx.addIssue({ code: "custom", path: ["tables", index, key], message }),
    );
  });
});

/** What makes an entry's method impossible: LSIs on `s3-export`, missing or stray parameters. */
function methodProblems(table: z.infer<typeof tableEntry>): { key: string; message: string }[] {
  if (table.method === "backup") {
    return table.tableCreationParameters === undefined
      ? []
      : [{ key: "tableCreationParameters", message: "is only for method: s3-export" }];
  }
  const problems: { key: string; message: string }[] = [];
  if (table.localSecondaryIndexes.length > 0) {
    problems.push({
      key: "localSecondaryIndexes",
      message: `${table.name} has local secondary indexes (${table.localSecondaryIndexes.join(", ")}), and DynamoDB import from S3 cannot create them: use method: backup for this table`,
    });
  }
  if (table.tableCreationParameters === undefined) {
    problems.push({
      key: "tableCreationParameters",
      message:
        "method: s3-export needs what ImportTable creates the table with: AttributeDefinitions, KeySchema, BillingMode (and ProvisionedThroughput, GlobalSecondaryIndexes, SSESpecification as the table has them)",
    });
  }
  return problems;
}

export type Catalog = z.infer<typeof catalogSchema>;
export type TableSpec = Catalog["tables"][number];
export type DevSettings = TableSpec["dev"];
export type DevBilling = DevSettings["billing"];

/**
 * The order in which the machines start tables: largest first (a table of unknown size counts as
 * largest), so that the longest jobs do not start last and a run takes about as long as its
 * slowest table. Ties keep the catalog's order.
 */
export function largestFirst<T extends Pick<TableSpec, "sizeGb">>(tables: readonly T[]): T[] {
  const size = (t: T) => t.sizeGb ?? Infinity;
  return tables
    .map((table, index) => ({ table, index }))
    .sort((a, b) => size(b.table) - size(a.table) || a.index - b.index)
    .map(({ table }) => table);
}

/** Does any table go through S3 export and import? Only then do the stacks build that way. */
export function usesS3Export(tables: readonly Pick<TableSpec, "method">[]): boolean {
  return tables.some((t) => t.method === "s3-export");
}

/** The names of the `s3-export` tables. */
export function s3ExportTableNames(
  tables: readonly Pick<TableSpec, "method" | "name">[],
): string[] {
  return tables.filter((t) => t.method === "s3-export").map((t) => t.name);
}
