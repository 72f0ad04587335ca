import { AwsError, unmodelled } from "./aws-error";
import type { SimTable } from "./dynamodb";
import { dataKeys, exportBase, exportObjects, manifestKeys } from "./export-files";
import { exportDescription, type SimExport } from "./exports";
import { dataJobEnd } from "./job-end";
import type { SimKey } from "./kms";
import { exportWindow, pitrTable } from "./pitr";
import type { Bucket } from "./s3";
import type { Failure } from "./failure";
import { accessFailure, kmsViaS3Check, s3Check } from "./s3-access";
import type { CallContext } from "./call-context";
import type { World } from "./world";

type Params = Record<string, unknown>;

const tableOfArn = (arn: string) => arn.slice(arn.indexOf(":table/") + ":table/".length);

/**
 * ExportTableToPointInTime: a full DYNAMODB_JSON export of a table with point-in-time recovery,
 * written with the caller's permissions to S3 (and KMS), its objects there once it completes.
 */
export async function exportTableToPointInTime(world: World, ctx: CallContext, p: Params) {
  const account = world.accounts[ctx.side];
  const now = ctx.timeline.now;
  const tableArn = String(p.TableArn);
  if (tableArn.split(":")[4] !== account.id)
    throw new AwsError("dynamodb", "TableNotFoundException", `Table not found: ${tableArn}`);
  const table = pitrTable(account.dynamodb, now, tableOfArn(tableArn));
  if (typeof p.S3Bucket !== "string") throw unmodelled("dynamodb", "S3Bucket is required");
  if (
    (p.ExportType ?? "FULL_EXPORT") !== "FULL_EXPORT" ||
    (p.ExportFormat ?? "DYNAMODB_JSON") !== "DYNAMODB_JSON"
  )
    throw unmodelled("dynamodb", "the rehearsal simulates full DYNAMODB_JSON exports only");
  const { ClientToken, ...request } = p;
  const token = ClientToken as string | undefined;
  const conflict = () =>
    new AwsError(
      "dynamodb",
      "ExportConflictException",
      `ClientToken ${token} was used with different parameters`,
    );
  const earlier = account.exports.repeated(token, request, now, conflict);
  if (earlier !== undefined) return exportDescription(earlier, now);
  if (!table.pitr) {
    throw new AwsError(
      "dynamodb",
      "PointInTimeRecoveryUnavailableException",
      `Point in time recovery is not enabled for table '${table.name}'`,
    );
  }
  const exportTime = exportTimeOf(p.ExportTime, table, now);
  const id = account.exports.newId(now);
  const base = exportBase(p.S3Prefix as string | undefined, id);
  const sizeBytes = Math.round(table.sizeGb * 1e9);
  const target = await exportTarget(world, ctx, p, base, sizeBytes);
  // Another request with the token may have started the export while this one was checked.
  const meanwhile = account.exports.repeated(token, request, now, conflict);
  if (meanwhile !== undefined) return exportDescription(meanwhile, now);
  const e = account.exports.add({
    arn: `${table.arn}/export/${id}`,
    tableArn: table.arn,
    request,
    ...(token === undefined ? {} : { clientToken: token }),
    startedAt: now,
    exportTime,
    manifest: manifestKeys(base).summary,
    itemCount: table.itemCount,
    sizeBytes,
    end: "failure" in target ? failed(now, target.failure) : ended(world, table, now),
  });
  if (e.end.state === "COMPLETED" && "bucket" in target) {
    const items = account.dynamodb.items.get(table.name)?.all(exportTime) ?? [];
    const objects = exportObjects(
      {
        exportArn: e.arn,
        base,
        exportTime,
        tableArn: table.arn,
        tableName: table.name,
        sizeBytes,
        itemCount: table.itemCount,
        ...(target.key === undefined ? {} : { kmsKeyArn: target.key.arn }),
        visibleFrom: e.end.at,
      },
      items,
    );
    for (const [key, object] of objects) target.bucket.objects.set(key, object);
  }
  return exportDescription(e, now);
}

export function describeExport(world: World, ctx: CallContext, p: Params) {
  const e = world.accounts[ctx.side].exports.get(String(p.ExportArn));
  return exportDescription(e, ctx.timeline.now);
}

function exportTimeOf(value: unknown, table: SimTable, now: number): number {
  if (value === undefined) return now;
  const at = typeof value === "number" ? value : Date.parse(String(value)) / 1000;
  const window = exportWindow(table, now);
  if (!(at >= window.earliest && at <= window.latest)) {
    throw new AwsError(
      "dynamodb",
      "InvalidExportTimeException",
      `ExportTime ${String(value)} is outside the table's point-in-time recovery window`,
    );
  }
  return at;
}

function failed(now: number, failure: Failure): SimExport["end"] {
  return { state: "FAILED", at: now + 60, failure };
}

function ended(world: World, table: SimTable, now: number): SimExport["end"] {
  const end = dataJobEnd(world, "export", table.name, now, table.sizeGb);
  // ExportStatus is IN_PROGRESS, COMPLETED or FAILED (API_ExportDescription.html).
  if (end.state === "CANCELLED") throw new Error("an export cannot end CANCELLED; an import can");
  return end;
}

/** The bucket and key the export writes with, or why it cannot. */
async function exportTarget(
  world: World,
  ctx: CallContext,
  p: Params,
  base: string,
  sizeBytes: number,
): Promise<{ bucket: Bucket; key?: SimKey } | { failure: Failure }> {
  const bucket = world.bucket(String(p.S3Bucket));
  if (bucket === undefined) {
    return {
      failure: {
        code: "S3NoSuchBucket",
        message: `The specified bucket does not exist: ${String(p.S3Bucket)}`,
      },
    };
  }
  if (p.S3BucketOwner !== undefined && p.S3BucketOwner !== bucket.owner) {
    return {
      failure: {
        code: "S3AccessDenied",
        message: `Access Denied: bucket ${bucket.name} is not owned by account ${String(p.S3BucketOwner)}`,
      },
    };
  }
  const caller = world.accounts[ctx.side];
  const key =
    p.S3SseAlgorithm !== "KMS"
      ? undefined
      : p.S3SseKmsKeyId === undefined
        ? caller.kms.managed("s3")
        : world.key(String(p.S3SseKmsKeyId), caller.id);
  if (p.S3SseAlgorithm === "KMS" && key === undefined) {
    return {
      failure: {
        code: "KMSAccessDenied",
        message: `KMS key ${String(p.S3SseKmsKeyId)} does not exist`,
      },
    };
  }
  if (ctx.principal !== undefined) {
    const principal = ctx.principal;
    const keys = [dataKeys({ base, sizeBytes })[0]!, ...Object.values(manifestKeys(base))];
    const failure = await accessFailure(world, [
      ...keys.map((k) => s3Check(principal, "s3:PutObject", bucket, { key: k })),
      ...(key === undefined ? [] : [kmsViaS3Check(world, principal, "kms:GenerateDataKey", key)]),
    ]);
    if (failure !== undefined) return { failure };
  }
  return { bucket, ...(key === undefined ? {} : { key }) };
}
