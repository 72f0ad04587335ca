import type { AwsError } from "./aws-error";

/** The idempotency window of a ClientToken, after the first request's work has ended. */
export const TOKEN_HOURS = 8;

interface Tracked {
  arn: string;
  clientToken?: string;
  /** The request less its ClientToken, to tell a repeat from a conflicting reuse of the token. */
  request: Record<string, unknown>;
  end: { at: number };
}

/** One account's exports (or imports), by ARN and by ClientToken. */
export class TokenRegistry<T extends Tracked> {
  readonly all = new Map<string, T>();
  private readonly tokens = new Map<string, string>();
  private counter = 0;

  constructor(private readonly notFound: (arn: string) => AwsError) {}

  /**
   * An ID shaped as DynamoDB's (`01234567890123-a1b2c3d4` in its documentation): the start time in
   * milliseconds on 14 digits and 8 hex digits (drawn at random by AWS; counted here so that runs
   * repeat).
   */
  newId(now: number): string {
    this.counter += 1;
    return `${String(Math.round(now * 1000)).padStart(14, "0")}-${this.counter.toString(16).padStart(8, "0")}`;
  }

  /**
   * What an earlier request with this token started, while the token holds: the same request gets
   * it back; a different one is refused with `conflict`.
   */
  repeated(
    token: string | undefined,
    request: Record<string, unknown>,
    now: number,
    conflict: () => AwsError,
  ): T | undefined {
    const arn = token === undefined ? undefined : this.tokens.get(token);
    const known = arn === undefined ? undefined : this.all.get(arn);
    if (known === undefined || now > known.end.at + TOKEN_HOURS * 3600) return undefined;
    if (canonical(known.request) !== canonical(request)) throw conflict();
    return known;
  }

  add(entry: T): T {
    this.all.set(entry.arn, entry);
    if (entry.clientToken !== undefined) this.tokens.set(entry.clientToken, entry.arn);
    return entry;
  }

  get(arn: string): T {
    const entry = this.all.get(arn);
    if (entry === undefined) throw this.notFound(arn);
    return entry;
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
