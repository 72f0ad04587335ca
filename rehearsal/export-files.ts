import { gunzipSync, gzipSync } from "node:zlib";
import type { Item } from "./dynamodb";
import type { S3Object } from "./s3";

/** What an export writes, and where: `<S3Prefix>/AWSDynamoDB/<exportId>/`. */
export interface ExportLayout {
  exportArn: string;
  /** `<S3Prefix>/AWSDynamoDB/<exportId>` (no S3Prefix: `AWSDynamoDB/<exportId>`). */
  base: string;
  exportTime: number;
  tableArn: string;
  tableName: string;
  sizeBytes: number;
  itemCount: number;
  kmsKeyArn?: string;
  visibleFrom: number;
}

const GB = 1e9;

export function exportBase(prefix: string | undefined, exportId: string): string {
  return prefix === undefined || prefix === ""
    ? `AWSDynamoDB/${exportId}`
    : `${prefix}/AWSDynamoDB/${exportId}`;
}

export const manifestKeys = (base: string) => ({
  summary: `${base}/manifest-summary.json`,
  files: `${base}/manifest-files.json`,
});

/** The key of data file `index`: one file for each GB of the table, at least one. */
export function dataKeys(layout: Pick<ExportLayout, "base" | "sizeBytes">): string[] {
  const count = Math.max(1, Math.ceil(layout.sizeBytes / GB));
  return Array.from(
    { length: count },
    (_, i) => `${layout.base}/data/${String(i).padStart(5, "0")}.json.gz`,
  );
}

/** Splits `total` into `parts` whole shares that add up to it. */
function shares(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor((total * (i + 1)) / parts) - Math.floor((total * i) / parts),
  );
}

/**
 * The export's objects, DYNAMODB_JSON: gzipped data files of `{"Item": ...}` lines (the items
 * spread over the files), and the two manifests.
 */
export function exportObjects(layout: ExportLayout, items: Item[]): Map<string, S3Object> {
  const keys = dataKeys(layout);
  const sizes = shares(layout.sizeBytes, keys.length);
  const counts = shares(layout.itemCount, keys.length);
  const stored = (body: Buffer, represents?: S3Object["represents"]): S3Object => ({
    body,
    ...(layout.kmsKeyArn === undefined ? {} : { kmsKeyArn: layout.kmsKeyArn }),
    visibleFrom: layout.visibleFrom,
    ...(represents === undefined ? {} : { represents }),
  });
  const objects = new Map<string, S3Object>();
  keys.forEach((key, i) => {
    const lines = items
      .filter((_, n) => n % keys.length === i)
      .map((Item) => JSON.stringify({ Item }) + "\n");
    objects.set(
      key,
      stored(gzipSync(lines.join("")), {
        table: layout.tableName,
        items: counts[i]!,
        bytes: sizes[i]!,
      }),
    );
  });
  const manifests = manifestKeys(layout.base);
  const files = keys.map((dataFileS3Key, i) =>
    JSON.stringify({ itemCount: counts[i], dataFileS3Key }),
  );
  objects.set(manifests.files, stored(Buffer.from(files.join("\n") + "\n")));
  const summary = {
    version: "2020-06-30",
    exportArn: layout.exportArn,
    tableArn: layout.tableArn,
    exportTime: new Date(layout.exportTime * 1000).toISOString(),
    manifestFilesS3Key: manifests.files,
    billedSizeBytes: layout.sizeBytes,
    itemCount: layout.itemCount,
    outputFormat: "DYNAMODB_JSON",
  };
  objects.set(manifests.summary, stored(Buffer.from(JSON.stringify(summary))));
  return objects;
}

/**
 * The items of one object read as DYNAMODB_JSON, and the lines that are not items. An object that
 * cannot be read at all counts as one error, as DynamoDB skips the rest of a malformed object.
 */
export function readItems(
  object: S3Object,
  compression: string | undefined,
): {
  items: Item[];
  errors: number;
} {
  let text: string;
  try {
    text = (compression === "GZIP" ? gunzipSync(object.body) : object.body).toString("utf8");
  } catch {
    return { items: [], errors: 1 };
  }
  const items: Item[] = [];
  let errors = 0;
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    try {
      const parsed = JSON.parse(line) as { Item?: unknown };
      if (typeof parsed.Item === "object" && parsed.Item !== null) items.push(parsed.Item as Item);
      else errors += 1;
    } catch {
      errors += 1;
    }
  }
  return { items, errors };
}
