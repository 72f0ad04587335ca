import type { PolicyDocument } from "../policies/document";
import type { JobKind } from "../stack/job-rates";
import { AwsError } from "./aws-error";
import type { SimTable, TableSchema } from "./dynamodb";

/** What a recovery point holds of its table: enough for a restore to rebuild it. */
export interface TableSnapshot {
  tableName: string;
  tableArn: string;
  schema: TableSchema;
  billing: SimTable["billing"];
  capacity: SimTable["capacity"];
  indexCapacity: SimTable["indexCapacity"];
  sizeGb: number;
  itemCount: number;
}

export interface RecoveryPoint {
  arn: string;
  vault: string;
  snapshot: TableSnapshot;
  createdAt: number;
  deleteAfterDays?: number;
}

export interface Vault {
  name: string;
  arn: string;
  accessPolicy?: PolicyDocument;
  /** The customer managed key that encrypts the vault's recovery points, with its key policy. */
  key?: { arn: string; policy: PolicyDocument };
}

type JobState =
  "CREATED" | "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "ABORTED" | "EXPIRED" | "PARTIAL";

/** How a job ends, decided when it starts (by size, or by a fault the test injected). */
export interface JobEnd {
  state: JobState;
  message?: string;
  at: number;
}

export type { JobKind };

export interface Job {
  id: string;
  kind: "backup" | "copy" | "restore";
  createdAt: number;
  end: JobEnd;
  /** Runs when the job completes, once. */
  complete?: () => void;
  completed?: boolean;
  fields: Record<string, unknown>;
}

/** One account's AWS Backup: vaults, recovery points and jobs. */
export class BackupSim {
  readonly vaults = new Map<string, Vault>();
  readonly recoveryPoints = new Map<string, RecoveryPoint>();
  readonly jobs = new Map<string, Job>();
  private readonly tokens = new Map<string, string>();
  private counter = 0;

  constructor(
    readonly account: string,
    private readonly arnPrefix: string,
  ) {}

  addVault(name: string, accessPolicy?: PolicyDocument): Vault {
    const vault = {
      name,
      arn: `${this.arnPrefix}:backup-vault:${name}`,
      ...(accessPolicy ? { accessPolicy } : {}),
    };
    this.vaults.set(name, vault);
    return vault;
  }

  vault(name: string): Vault {
    const vault = this.vaults.get(name);
    if (vault === undefined)
      throw new AwsError(
        "backup",
        "ResourceNotFoundException",
        `Backup vault ${name} does not exist`,
      );
    return vault;
  }

  newId(kind: string): string {
    this.counter += 1;
    return `${kind}-${String(this.counter).padStart(6, "0")}`;
  }

  /** An ARN for a recovery point that a job will make when it completes. */
  reserveRecoveryPointArn(): string {
    return `${this.arnPrefix}:recovery-point:${this.newId("rp")}`;
  }

  putRecoveryPoint(point: RecoveryPoint): void {
    this.recoveryPoints.set(point.arn, point);
  }

  recoveryPoint(arn: string): RecoveryPoint {
    const point = this.recoveryPoints.get(arn);
    if (point === undefined)
      throw new AwsError("backup", "ResourceNotFoundException", `Recovery point ${arn} not found`);
    return point;
  }

  /** Starts a job, or returns the one an earlier call with the same idempotency token started. */
  startJob(
    kind: Job["kind"],
    token: string | undefined,
    make: () => Omit<Job, "id" | "kind">,
  ): Job {
    const known = token === undefined ? undefined : this.tokens.get(`${kind}/${token}`);
    if (known !== undefined) return this.jobs.get(known)!;
    const job: Job = { id: this.newId(kind), kind, ...make() };
    this.jobs.set(job.id, job);
    if (token !== undefined) this.tokens.set(`${kind}/${token}`, job.id);
    return job;
  }

  /** How many jobs of a kind run at `now`. */
  running(kind: Job["kind"], now: number): number {
    return [...this.jobs.values()].filter(
      (j) => j.kind === kind && j.createdAt <= now && now < j.end.at,
    ).length;
  }

  /** The job as seen at `now`: still running, or ended (and, if completed, its effect applied). */
  jobState(now: number, id: string): { job: Job; state: JobState; message?: string } {
    const job = this.jobs.get(id);
    if (job === undefined)
      throw new AwsError("backup", "ResourceNotFoundException", `Job ${id} not found`);
    if (now < job.end.at) {
      const early =
        job.kind === "copy" ? "CREATED" : job.kind === "restore" ? "PENDING" : "CREATED";
      return { job, state: now - job.createdAt < 30 ? early : "RUNNING" };
    }
    if (job.end.state === "COMPLETED" && !job.completed) {
      job.completed = true;
      job.complete?.();
    }
    return {
      job,
      state: job.end.state,
      ...(job.end.message === undefined ? {} : { message: job.end.message }),
    };
  }
}
