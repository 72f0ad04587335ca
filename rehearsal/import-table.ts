import { AwsError, unmodelled } from "./aws-error";
import { itemKey, type Item } from "./dynamodb";
import { readItems } from "./export-files";
import { creationParameters, importedTable } from "./import-parameters";
import { importDescription, type SimImport } from "./imports";
import { dataJobEnd } from "./job-end";
import type { SimKey } from "./kms";
import { listObjects, type Bucket, type S3Object } from "./s3";
import type { Failure } from "./failure";
import { accessFailure, kmsViaS3Check, s3Check } from "./s3-access";
import { refuseOverLimit } from "./account-limits";
import type { CallContext } from "./call-context";
import { VersionedItems } from "./versioned-items";
import type { World } from "./world";

type Params = Record<string, unknown>;

interface S3Source {
  S3Bucket: string;
  S3BucketOwner?: string;
  S3KeyPrefix?: string;
}

/** What the import reads: the items, the lines that are not items, what the objects stand for. */
interface Source {
  items: Item[];
  errors: number;
  itemCount: number;
  bytes: number;
  /** The tables the objects were exported from. */
  tables: string[];
}

/**
 * ImportTable: creates the table at once (CREATING) and fills it from the objects under the
 * prefix, read with the caller's permissions; a failed import leaves no table behind.
 */
export async function importTable(world: World, ctx: CallContext, p: Params) {
  const account = world.accounts[ctx.side];
  const now = ctx.timeline.now;
  const params = creationParameters(p.TableCreationParameters);
  const source = p.S3BucketSource as S3Source | undefined;
  if (typeof source?.S3Bucket !== "string")
    throw unmodelled("dynamodb", "S3BucketSource.S3Bucket is required");
  if (p.InputFormat !== "DYNAMODB_JSON")
    throw unmodelled("dynamodb", "the rehearsal simulates DYNAMODB_JSON imports only");
  const { ClientToken, ...request } = p;
  const token = ClientToken as string | undefined;
  const conflict = () =>
    new AwsError(
      "dynamodb",
      "IdempotentParameterMismatchException",
      `ClientToken ${token} was used with different parameters`,
    );
  const repeated = () => account.imports.repeated(token, request, now, conflict);
  const refuseExisting = () => {
    account.dynamodb.settle(now);
    if (account.dynamodb.tables.has(params.TableName)) {
      throw new AwsError(
        "dynamodb",
        "ResourceInUseException",
        `Table already exists: ${params.TableName}`,
      );
    }
  };
  const earlier = repeated();
  if (earlier !== undefined) return importDescription(earlier, now);
  refuseOverLimit(
    [...account.imports.all.values()].filter((i) => i.startedAt <= now && now < i.end.at).length,
    "dynamodb",
    "imports",
  );
  refuseExisting();
  const read = await readSource(world, ctx, source, p);
  // Another request may have started the import, or made the table, while this one was reading.
  const meanwhile = repeated();
  if (meanwhile !== undefined) return importDescription(meanwhile, now);
  refuseExisting();
  const sizeGb = "failure" in read ? 0 : read.bytes / 1e9;
  const end =
    "failure" in read
      ? { state: "FAILED" as const, at: now + 60, failure: read.failure }
      : ended(world, [...read.tables, params.TableName], now, sizeGb);
  const table = account.dynamodb.createTable(
    now,
    importedTable(params, {
      sizeGb,
      itemCount: "failure" in read ? 0 : read.itemCount,
    }),
    end.at,
  );
  if (end.state !== "COMPLETED") table.vanishes = true;
  else if (!("failure" in read)) fill(account.dynamodb.items, table.name, read.items, end.at);
  const id = account.imports.newId(now);
  const i = account.imports.add({
    arn: `${table.arn}/import/${id}`,
    tableArn: table.arn,
    tableId: tableId(id),
    request,
    ...(token === undefined ? {} : { clientToken: token }),
    startedAt: now,
    end,
    counts:
      "failure" in read
        ? { items: 0, errors: 0, bytes: 0 }
        : { items: read.itemCount, errors: read.errors, bytes: read.bytes },
  });
  return importDescription(i, now);
}

export function describeImport(world: World, ctx: CallContext, p: Params) {
  const i = world.accounts[ctx.side].imports.get(String(p.ImportArn));
  return importDescription(i, ctx.timeline.now);
}

/** A table ID in the UUID form DynamoDB uses, made from the import ID. */
function tableId(importId: string): string {
  const hex = importId.replace(/\D/g, "").padStart(32, "0").slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The imported items, in the table from the moment the import completes. */
function fill(tables: Map<string, VersionedItems>, table: string, items: Item[], at: number): void {
  const versions = new VersionedItems();
  for (const item of items) versions.write(at, itemKey(item), item);
  tables.set(table, versions);
}

function ended(world: World, tables: string[], now: number, sizeGb: number): SimImport["end"] {
  return dataJobEnd(world, "import", tables, now, sizeGb);
}

/** The objects under the prefix, read as the caller; or why the import cannot read them. */
async function readSource(
  world: World,
  ctx: CallContext,
  s: S3Source,
  p: Params,
): Promise<Source | { failure: Failure }> {
  const now = ctx.timeline.now;
  const bucket = world.bucket(s.S3Bucket);
  if (bucket === undefined) {
    return {
      failure: {
        code: "S3NoSuchBucket",
        message: `The specified bucket does not exist: ${s.S3Bucket}`,
      },
    };
  }
  if (s.S3BucketOwner !== undefined && s.S3BucketOwner !== bucket.owner) {
    return {
      failure: {
        code: "S3AccessDenied",
        message: `Access Denied: bucket ${bucket.name} is not owned by account ${s.S3BucketOwner}`,
      },
    };
  }
  const prefix = s.S3KeyPrefix ?? "";
  const listDenied = await asCaller(world, ctx, (principal) => [
    s3Check(principal, "s3:ListBucket", bucket, { prefix }),
  ]);
  if (listDenied !== undefined) return { failure: listDenied };
  const objects = listObjects(bucket, prefix, now);
  if (objects.length === 0) {
    return {
      failure: {
        code: "S3NoSuchKey",
        message: `No objects found under s3://${bucket.name}/${prefix}`,
      },
    };
  }
  const keys = objectKeys(world, bucket, objects);
  if ("failure" in keys) return keys;
  const readDenied = await asCaller(world, ctx, (principal) => [
    ...onePerFolder(objects).map((key) => s3Check(principal, "s3:GetObject", bucket, { key })),
    ...keys.map((key) => kmsViaS3Check(world, principal, "kms:Decrypt", key)),
  ]);
  if (readDenied !== undefined) return { failure: readDenied };
  return contents(objects, p.InputCompressionType as string | undefined);
}

/** The checks `checks` makes for the caller, where the call has one. */
async function asCaller(
  world: World,
  ctx: CallContext,
  checks: (principal: string) => ReturnType<typeof s3Check>[],
): Promise<Failure | undefined> {
  return ctx.principal === undefined ? undefined : accessFailure(world, checks(ctx.principal));
}

/**
 * One object of each folder, for GetObject checks: policies grant objects by prefix, never one
 * file by name (an export's file names are not known in advance), so one stands for its siblings.
 */
function onePerFolder(objects: [string, S3Object][]): string[] {
  const folders = new Map<string, string>();
  for (const [key] of objects) folders.set(key.slice(0, key.lastIndexOf("/") + 1), key);
  return [...folders.values()];
}

/** The distinct KMS keys the objects are encrypted with. */
function objectKeys(
  world: World,
  bucket: Bucket,
  objects: [string, S3Object][],
): SimKey[] | { failure: Failure } {
  const arns = [
    ...new Set(objects.flatMap(([, o]) => (o.kmsKeyArn === undefined ? [] : [o.kmsKeyArn]))),
  ];
  const keys: SimKey[] = [];
  for (const arn of arns) {
    const key = world.key(arn, bucket.owner);
    if (key === undefined)
      return { failure: { code: "KMSAccessDenied", message: `KMS key ${arn} does not exist` } };
    keys.push(key);
  }
  return keys;
}

function contents(objects: [string, S3Object][], compression: string | undefined): Source {
  const source: Source = { items: [], errors: 0, itemCount: 0, bytes: 0, tables: [] };
  for (const [, object] of objects) {
    const read = readItems(object, compression);
    source.items.push(...read.items);
    source.errors += read.errors;
    source.itemCount += object.represents?.items ?? read.items.length;
    source.bytes += object.represents?.bytes ?? object.body.length;
    const table = object.represents?.table;
    if (table !== undefined && !source.tables.includes(table)) source.tables.push(table);
  }
  return source;
}
