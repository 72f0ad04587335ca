import { arns, NAMES, type Arns, type StackModel } from "../config/model";
import type { TableSpec } from "../config/catalog";
import { devVaultAccessPolicy } from "../policies/resource-policies";
import type { Authorizer } from "./authorize";
import type { HistoryCount } from "./history-count";
import type { Chaos } from "./chaos";
import type { ErrorNaming } from "./error-names";
import { BackupSim, type JobKind } from "./backup";
import { AwsError } from "./aws-error";
import { DynamoDbSim, indexShapesOf, type SimTable, type TableSchema } from "./dynamodb";
import type { SimExport } from "./exports";
import type { SimImport } from "./imports";
import { KeyRing, type SimKey } from "./kms";
import { S3Sim, type Bucket } from "./s3";
import { SnsSim } from "./sns";
import { TokenRegistry } from "./token-registry";

export type Side = "prod" | "dev";

/** How a job fault ends a backup, copy or restore job; an export or import ends FAILED. */
type JobFailure = "FAILED" | "ABORTED" | "EXPIRED" | "PARTIAL";

/** A failure the test or the rehearsal asks for. */
export type Fault =
  | {
      /** A change to a dev table keeps it UPDATING this much longer (an index backfill, say). */
      kind: "busy";
      table: string;
      seconds: number;
      times?: number;
    }
  | ((
      | { job: Exclude<JobKind, "import">; state: JobFailure }
      /** ImportStatus may also be CANCELLED (API_ImportTableDescription.html). */
      | { job: "import"; state: JobFailure | "CANCELLED" }
    ) & {
      kind: "job";
      /** The production table name the job is about (an import: also its target table's name). */
      table: string;
      message?: string;
      /**
       * The FailureCode of a failed export or import (default `InternalServerError`); null for
       * none at all, which DescribeExport and DescribeImport leave out as they may.
       */
      code?: string | null;
      /** How many jobs it hits (default 1). */
      times?: number;
    })
  | {
      kind: "error";
      /** `service:action`, as in the Task resource: `dynamodb:updateTable`. */
      call: string;
      /** Only calls naming this table (TableName, or the table of a backup). */
      table?: string;
      /** Only calls with these parameters (each compared as JSON): `{ DeletionProtectionEnabled: true }`. */
      with?: Record<string, unknown>;
      /** Only once this call (with these parameters) has been made: a fault of a later step. */
      after?: { call: string; with?: Record<string, unknown> };
      /** The error code, as the service names it: `ThrottlingException`. */
      code: string;
      message?: string;
      times?: number;
      /** The call took effect before it failed (a 5xx whose answer was lost). */
      afterEffect?: boolean;
    };

export interface Account {
  side: Side;
  id: string;
  dynamodb: DynamoDbSim;
  backup: BackupSim;
  s3: S3Sim;
  kms: KeyRing;
  sns: SnsSim;
  /** DynamoDB's exports to S3 and imports from S3. */
  exports: TokenRegistry<SimExport>;
  imports: TokenRegistry<SimImport>;
}

export interface CallRecord {
  at: number;
  side: Side;
  /** The execution whose Task made the call. */
  execution?: string;
  call: string;
  params: Record<string, unknown>;
  error?: string;
  /** Items a query found. */
  found?: number;
  /** Checked against the caller's policies and allowed. */
  authorized?: boolean;
  /** Why IAM refused the call. */
  denied?: string;
}

export interface ExecutionRecord {
  arn: string;
  machine: string;
  /** The execution that started this one (`startExecution.sync:2`). */
  parent?: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED" | "TIMED_OUT";
  input: unknown;
  output?: unknown;
  error?: { Error: string; Cause: string };
  startedAt: number;
  stoppedAt?: number;
  /** Transitions and (estimated) history events so far, from the interpreter's event log. */
  history: HistoryCount;
}

/** Simulated prod and dev accounts in one Region, built from the same model the stacks use. */
export class World {
  readonly accounts: Record<Side, Account>;
  readonly calls: CallRecord[] = [];
  readonly executions = new Map<string, ExecutionRecord>();
  private readonly faults: (Fault & { left: number })[] = [];
  /** The latest moment any execution has reached: where the next one starts. */
  now: number;
  /** Checks every call against the synthesized policies, where set. */
  authorizer?: Authorizer;
  /** Random faults, where set. */
  chaos?: Chaos;
  /** How Step Functions names a code a service returns (see `error-names.ts`). */
  errorNaming: ErrorNaming = "per-service";
  /** The ARNs of the model's resources. */
  readonly arns: Arns;

  constructor(
    readonly model: StackModel,
    start = Date.parse("2026-11-26T03:00:00Z") / 1000,
  ) {
    this.now = start;
    const a = arns(model);
    this.arns = a;
    const account = (side: Side): Account => {
      const id = model.accounts[side];
      return {
        side,
        id,
        dynamodb: new DynamoDbSim(id, (name) => a.table(id, name)),
        backup: new BackupSim(id, `arn:${model.partition}:backup:${model.region}:${id}`),
        s3: new S3Sim(id, model.partition),
        kms: new KeyRing(id, `arn:${model.partition}:kms:${model.region}:${id}`),
        sns: new SnsSim(),
        exports: new TokenRegistry(
          (arn) => new AwsError("dynamodb", "ExportNotFoundException", `Export not found: ${arn}`),
        ),
        imports: new TokenRegistry(
          (arn) => new AwsError("dynamodb", "ImportNotFoundException", `Import not found: ${arn}`),
        ),
      };
    };
    this.accounts = { prod: account("prod"), dev: account("dev") };
    this.accounts.prod.backup.addVault(NAMES.prodVault);
    this.accounts.dev.backup.addVault(NAMES.devVault, devVaultAccessPolicy(model));
    this.accounts.dev.dynamodb.createTable(start, stateTable(), start);
    // The run topics, which the stacks create (and the machines publish to).
    this.accounts.prod.sns.addTopic(a.prodTopic);
    this.accounts.dev.sns.addTopic(a.devTopic);
    for (const table of model.tables)
      this.accounts.prod.dynamodb.createTable(start, prodTable(table), start);
  }

  sideOfAccount(id: string): Side | undefined {
    return (Object.keys(this.accounts) as Side[]).find((side) => this.accounts[side].id === id);
  }

  /** A bucket of any account: bucket names are global. */
  bucket(name: string): Bucket | undefined {
    return Object.values(this.accounts)
      .map((account) => account.s3.buckets.get(name))
      .find((bucket) => bucket !== undefined);
  }

  /** The key an ARN names, or an `alias/name` names in `account`. */
  key(id: string, account: string): SimKey | undefined {
    const side = this.sideOfAccount(id.startsWith("arn:") ? (id.split(":")[4] ?? "") : account);
    return side === undefined ? undefined : this.accounts[side].kms.resolve(id);
  }

  /** Turns point-in-time recovery of a production table on or off, as a test needs it. */
  pointInTimeRecovery(table: string, enabled: boolean): void {
    const t = this.accounts.prod.dynamodb.tables.get(table);
    if (t === undefined) throw new Error(`no production table ${table}`);
    if (enabled && !t.pitr) t.pitrSince = this.now;
    t.pitr = enabled;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The first matching fault with uses left, used up by one. */
  takeFault<K extends Fault["kind"]>(
    kind: K,
    matches: (f: Extract<Fault, { kind: K }>) => boolean,
  ): Extract<Fault, { kind: K }> | undefined {
    const fault = this.faults.find(
      (f) => f.kind === kind && f.left > 0 && matches(f as unknown as Extract<Fault, { kind: K }>),
    );
    if (fault === undefined) return undefined;
    fault.left -= 1;
    return fault as unknown as Extract<Fault, { kind: K }>;
  }

  /** A dev table as a developer left it (or still CREATING for `busyForSeconds`), for a refresh to replace. */
  seedDevTable(name: string, overrides: Partial<SimTable> = {}, busyForSeconds = 0): SimTable {
    const base = prodTable({
      name,
      method: "backup",
      localSecondaryIndexes: [],
      dev: defaultDev(),
    } as TableSpec);
    return this.accounts.dev.dynamodb.createTable(
      this.now,
      { ...base, ...overrides, name },
      this.now + busyForSeconds,
    );
  }

  /** Calls of one side whose `service:action` is among `calls`. */
  callsTo(side: Side, ...calls: string[]): CallRecord[] {
    return this.calls.filter((c) => c.side === side && calls.includes(c.call));
  }
}

function defaultDev(): TableSpec["dev"] {
  return {
    billing: { mode: "PAY_PER_REQUEST" },
    stream: "none",
    tags: {},
    deletionProtection: false,
    replaceProtected: false,
  };
}

/** A production table as the catalog describes it: provisioned, its indexes, its size. */
export function prodTable(
  table: TableSpec,
): Omit<SimTable, "arn" | "status" | "settlesAt" | "createdAt" | "capacityDecreases"> {
  const schema = schemaOf(table);
  const indexes = schema.globalIndexes;
  return {
    name: table.name,
    schema,
    billing: "PROVISIONED",
    capacity: { read: 100, write: 100 },
    indexCapacity: Object.fromEntries(indexes.map((name) => [name, { read: 50, write: 50 }])),
    stream: "NEW_AND_OLD_IMAGES",
    ttlAttribute: table.dev.ttlAttribute,
    tags: { owner: "production" },
    deletionProtection: true,
    pitr: table.method === "s3-export",
    sizeGb: table.sizeGb ?? 1,
    itemCount: Math.round((table.sizeGb ?? 1) * 1_000_000),
  };
}

/**
 * A production table's schema: an `s3-export` table's as its `tableCreationParameters` say (the
 * daily run checks them against it); else keys `pk`, `sk`, and the indexes its dev capacity names.
 */
function schemaOf(table: TableSpec): TableSchema {
  const creation = table.tableCreationParameters;
  if (table.method === "s3-export" && creation !== undefined) {
    const indexes = creation.GlobalSecondaryIndexes ?? [];
    return {
      keySchema: structuredClone(creation.KeySchema),
      attributes: structuredClone(creation.AttributeDefinitions),
      globalIndexes: indexes.map((g) => g.IndexName),
      indexShapes: indexShapesOf(indexes),
      localIndexes: [...table.localSecondaryIndexes],
    };
  }
  return {
    keySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    globalIndexes:
      table.dev.billing.mode === "PROVISIONED" ? Object.keys(table.dev.billing.indexes) : [],
    localIndexes: [...table.localSecondaryIndexes],
  };
}

function stateTable(): Omit<
  SimTable,
  "arn" | "status" | "settlesAt" | "createdAt" | "capacityDecreases"
> {
  return {
    name: NAMES.stateTable,
    schema: {
      keySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      globalIndexes: [],
      localIndexes: [],
    },
    billing: "PAY_PER_REQUEST",
    capacity: { read: 0, write: 0 },
    indexCapacity: {},
    tags: {},
    deletionProtection: true,
    pitr: true,
    sizeGb: 0,
    itemCount: 0,
  };
}
