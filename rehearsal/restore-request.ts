import { AwsError } from "./aws-error";

/**
 * The Metadata keys StartRestoreJob takes for a DynamoDB recovery point, compared without case,
 * and the values of `encryptionType` (aws-backup devguide restoring-dynamodb.html).
 */
const METADATA_KEYS = new Set([
  "targettablename",
  "encryptiontype",
  "kmsmasterkeyarn",
  "aws:backup:request-id",
]);
const ENCRYPTION_TYPES = new Set(["Default", "KMS"]);

const refusal = (message: string) =>
  new AwsError("backup", "InvalidParameterValueException", message);

/**
 * Why AWS Backup would refuse to restore a DynamoDB recovery point with this request: a
 * `ResourceType` other than `DynamoDB` (API_StartRestoreJob.html lists the types), a Metadata key
 * of another kind of resource, or an `encryptionType` it does not define.
 */
export function restoreRequestRefusal(params: Record<string, unknown>): AwsError | undefined {
  const type = params.ResourceType;
  if (type !== undefined && type !== "DynamoDB")
    return refusal(
      `ResourceType ${JSON.stringify(type)} is not that of the recovery point: DynamoDB`,
    );
  const metadata = (params.Metadata ?? {}) as Record<string, string>;
  const unknown = Object.keys(metadata).filter((key) => !METADATA_KEYS.has(key.toLowerCase()));
  if (unknown.length > 0)
    return refusal(`Metadata keys not valid for DynamoDB: ${unknown.join(", ")}`);
  const encryption = Object.entries(metadata).find(
    ([key]) => key.toLowerCase() === "encryptiontype",
  );
  if (encryption !== undefined && !ENCRYPTION_TYPES.has(encryption[1]))
    return refusal(`encryptionType must be Default or KMS, not ${JSON.stringify(encryption[1])}`);
  return undefined;
}
