import { present } from "./exports";
import type { Failure } from "./failure";

/** What is kept of an `ImportTable` request; decided as it starts. */
export interface SimImport {
  arn: string;
  tableArn: string;
  tableId: string;
  request: Record<string, unknown>;
  clientToken?: string;
  startedAt: number;
  end: { state: "COMPLETED" | "FAILED" | "CANCELLED"; at: number; failure?: Failure };
  /** What the import will have read by its end. */
  counts: { items: number; errors: number; bytes: number };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** `ImportTableDescription` as DescribeImport (and ImportTable) return it at `now`. */
export function importDescription(i: SimImport, now: number) {
  const done = now >= i.end.at;
  const status = done ? i.end.state : "IN_PROGRESS";
  const completed = status === "COMPLETED";
  return {
    ImportTableDescription: {
      ImportArn: i.arn,
      ImportStatus: status,
      TableArn: i.tableArn,
      TableId: i.tableId,
      ...(i.clientToken === undefined ? {} : { ClientToken: i.clientToken }),
      ...present(i.request, [
        "S3BucketSource",
        "InputFormat",
        "InputCompressionType",
        "TableCreationParameters",
      ]),
      StartTime: iso(i.startedAt),
      ...(done ? { EndTime: iso(i.end.at) } : {}),
      ProcessedSizeBytes: completed ? i.counts.bytes : 0,
      ProcessedItemCount: completed ? i.counts.items + i.counts.errors : 0,
      ImportedItemCount: completed ? i.counts.items : 0,
      ErrorCount: completed ? i.counts.errors : 0,
      ...(status === "FAILED" && i.end.failure !== undefined
        ? { FailureCode: i.end.failure.code, FailureMessage: i.end.failure.message }
        : {}),
    },
  };
}
