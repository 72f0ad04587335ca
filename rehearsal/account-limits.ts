import { AwsError } from "./aws-error";

/**
 * DynamoDB runs at most 50 restores (any kind) and 50 imports at once in an account
 * (API_RestoreTableFromBackup.html, ImportTable's LimitExceededException): one more is refused.
 */
export const CONCURRENT_JOB_LIMIT = 50;

export function refuseOverLimit(
  running: number,
  service: "backup" | "dynamodb",
  what: string,
): void {
  if (running >= CONCURRENT_JOB_LIMIT) {
    throw new AwsError(
      service,
      "LimitExceededException",
      `LimitExceededException: up to ${CONCURRENT_JOB_LIMIT} concurrent ${what} are allowed per account`,
    );
  }
}
