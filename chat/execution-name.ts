import { createHash } from "node:crypto";

/** Step Functions allows 80 characters; names outside `[A-Za-z0-9_-]` break its CloudWatch logging. */
export const MAX_EXECUTION_NAME = 80;

const HASH_LENGTH = 8;

/** `2026-11-26T16:00:00.123Z` -> `20261126T160000Z` */
export function compactUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** `slack:U0123` -> `slack-U0123`: only letters, digits, `_` and single `-` between them. */
export function sanitizeRequester(requestedBy: string | undefined): string {
  const clean = (requestedBy ?? "")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  return clean === "" ? "unknown" : clean;
}

const shortHash = (text: string) =>
  createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);

/**
 * The name of a refresh's execution: `dev-3-20261126T160000Z-slack-U0123`, readable in a list and
 * unique per environment, second and requester (the same request sent twice within a second gets
 * the same name, and Step Functions refuses the second). Longer than 80 characters, the requester
 * is cut and a hash of the whole requester keeps two long ones apart.
 */
export function executionName(
  environment: string,
  requestedBy: string | undefined,
  at: Date,
): string {
  const prefix = `${environment}-${compactUtc(at)}-`;
  const requester = sanitizeRequester(requestedBy);
  const full = prefix + requester;
  if (full.length <= MAX_EXECUTION_NAME) return full;
  const hash = shortHash(`${environment}\n${requestedBy ?? ""}`);
  const room = MAX_EXECUTION_NAME - prefix.length - HASH_LENGTH - 1;
  if (room >= 1) return `${prefix}${requester.slice(0, room).replace(/-+$/, "")}-${hash}`;
  // An environment name too long for the pattern: keep what fits, still unique by the hash.
  return `${full.slice(0, MAX_EXECUTION_NAME - HASH_LENGTH - 1).replace(/-+$/, "")}-${hash}`;
}

export interface ParsedExecutionName {
  environment: string;
  /** `20261126T160000Z` */
  startedAt: string;
  /** The requester as the name holds it (sanitized, maybe cut). */
  requester: string;
}

const NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*?)-(\d{8}T\d{6}Z)-([A-Za-z0-9_-]+)$/;

/** The parts of a name `executionName` made; undefined for a name made otherwise. */
export function parseExecutionName(name: string): ParsedExecutionName | undefined {
  const m = NAME.exec(name);
  if (m === null) return undefined;
  return { environment: m[1]!, startedAt: m[2]!, requester: m[3]! };
}
