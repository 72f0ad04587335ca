import type { BackupClient } from "@aws-sdk/client-backup";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { SFNClient } from "@aws-sdk/client-sfn";
import type { STSClient } from "@aws-sdk/client-sts";
import type { StackModel } from "../config/model";

/**
 * ok: in place. missing: not in place, and `fix` says what to do. unknown: could not be checked.
 * note: in place, but maybe not as meant; `fix` says what to look at (not counted as missing).
 */
export type CheckStatus = "ok" | "missing" | "unknown" | "note";

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do (missing), how to check by other means (unknown), or what to consider (note). */
  fix?: string;
}

/** The read-only clients doctor calls, all in the stack's account and Region. */
export interface DoctorClients {
  sts: STSClient;
  organizations: OrganizationsClient;
  backup: BackupClient;
  kms: KMSClient;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
}

export interface DoctorContext {
  model: StackModel;
  clients: DoctorClients;
  now: Date;
}

export const ok = (check: string, detail: string): CheckResult => ({ check, status: "ok", detail });
export const missing = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  status: "missing",
  detail,
  fix,
});
export const note = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  status: "note",
  detail,
  fix,
});
export const unknown = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  status: "unknown",
  detail,
  fix,
});

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

const DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);

/**
 * Runs a check's call. An error named in `expected` is the check's answer (for example, not
 * found: missing); access denied means these credentials cannot tell (unknown); anything else is
 * reported as unknown with the error, so one failing call never hides the other checks.
 */
export async function attempt<T>(
  check: string,
  call: () => Promise<T>,
  expected: Record<string, (error: Error) => CheckResult> = {},
): Promise<T | CheckResult> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const answer = expected[error.name];
    if (answer !== undefined) return answer(error);
    if (DENIED.has(error.name))
      return unknown(
        check,
        `these credentials may not look (${error.name}: ${error.message})`,
        "run doctor with a role that may read it, or check by hand",
      );
    return unknown(check, `the call failed: ${error.name}: ${error.message}`, "run doctor again");
  }
}

export function isResult(value: unknown): value is CheckResult {
  return typeof value === "object" && value !== null && "check" in value && "status" in value;
}
