import type { Failure } from "./failure";

/** What is kept of an `ExportTableToPointInTime` request; decided as it starts. */
export interface SimExport {
  arn: string;
  tableArn: string;
  request: Record<string, unknown>;
  clientToken?: string;
  startedAt: number;
  exportTime: number;
  manifest: string;
  itemCount: number;
  sizeBytes: number;
  end: { state: "COMPLETED" | "FAILED"; at: number; failure?: Failure };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** `ExportDescription` as DescribeExport (and ExportTableToPointInTime) return it at `now`. */
export function exportDescription(e: SimExport, now: number) {
  const done = now >= e.end.at;
  const status = done ? e.end.state : "IN_PROGRESS";
  const r = e.request;
  return {
    ExportDescription: {
      ExportArn: e.arn,
      ExportStatus: status,
      StartTime: iso(e.startedAt),
      ...(done ? { EndTime: iso(e.end.at) } : {}),
      ExportManifest: e.manifest,
      TableArn: e.tableArn,
      ExportTime: iso(e.exportTime),
      ...(e.clientToken === undefined ? {} : { ClientToken: e.clientToken }),
      ...present(r, ["S3Bucket", "S3BucketOwner", "S3Prefix", "S3SseAlgorithm", "S3SseKmsKeyId"]),
      ExportFormat: r.ExportFormat ?? "DYNAMODB_JSON",
      ExportType: r.ExportType ?? "FULL_EXPORT",
      ...(status === "COMPLETED" ? { BilledSizeBytes: e.sizeBytes, ItemCount: e.itemCount } : {}),
      ...(status === "FAILED" && e.end.failure !== undefined
        ? { FailureCode: e.end.failure.code, FailureMessage: e.end.failure.message }
        : {}),
    },
  };
}

/** The fields of `r` among `keys` that are set. */
export function present(r: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}
