import type { PolicyDocument } from "../policies/document";

export interface S3Object {
  body: Buffer;
  /** The KMS key that encrypts it (SSE-KMS); none for SSE-S3. */
  kmsKeyArn?: string;
  /** When it can first be read: an export's files appear when the export completes. */
  visibleFrom: number;
  /**
   * The share of its source table's modelled size and item count the object stands for: the
   * simulated tables hold only the few items a test puts in them, not their catalogued size.
   */
  represents?: { table: string; items: number; bytes: number };
}

export interface Bucket {
  name: string;
  arn: string;
  owner: string;
  policy?: PolicyDocument;
  objects: Map<string, S3Object>;
}

/** One account's S3 buckets. Bucket names are global: the World finds a bucket in any account. */
export class S3Sim {
  readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly account: string,
    private readonly partition: string,
  ) {}

  addBucket(name: string, policy?: PolicyDocument): Bucket {
    const bucket: Bucket = {
      name,
      arn: `arn:${this.partition}:s3:::${name}`,
      owner: this.account,
      ...(policy === undefined ? {} : { policy }),
      objects: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }
}

/** The objects under `prefix` that exist at `now`, in key order, as ListObjectsV2 returns them. */
export function listObjects(bucket: Bucket, prefix: string, now: number): [string, S3Object][] {
  return [...bucket.objects]
    .filter(([key, object]) => key.startsWith(prefix) && object.visibleFrom <= now)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export function objectArn(bucket: Bucket, key: string): string {
  return `${bucket.arn}/${key}`;
}
