import { AwsCallFailed, call } from "../chat/errors";

/** Every call `catalog import` makes in prod: reads only. */
export const PROD_READS = [
  "dynamodb:ListTables",
  "dynamodb:DescribeTable",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:ListTagsOfResource",
  "dynamodb:DescribeContinuousBackups",
  "kms:DescribeKey",
];

const DENIED = new Set(["AccessDeniedException", "AccessDenied"]);

/**
 * One read of prod; AWS's refusal becomes an AwsCallFailed in words that say what to do (where
 * access is denied: which reads the command needs).
 */
export async function readProd<T>(
  operation: string,
  target: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await call(operation, target, send);
  } catch (failed) {
    if (!(failed instanceof AwsCallFailed) || !DENIED.has(failed.code)) throw failed;
    const aws = failed.cause instanceof Error ? failed.cause.message : failed.message;
    throw new AwsCallFailed(
      `AWS denied ${operation} on ${target} (${failed.code}: ${aws}): catalog import needs ${PROD_READS.join(", ")} in the prod account; check --profile`,
      failed.code,
      operation,
      false,
      { cause: failed },
    );
  }
}
