import { loadConfig } from "../../config/load";
import { toModel, type StackModel } from "../../config/model";
import { Rehearsal } from "../../rehearsal/pair";
import type { ExecutionRecord } from "../../rehearsal/world";
import { PROJECT_DIR } from "./project";

/** The models of the example stacks, with settings changed where a test needs it. */
export function models(
  overrides: Partial<StackModel["settings"]> = {},
  project: string = PROJECT_DIR,
): {
  prod: StackModel;
  dev: StackModel;
} {
  const load = (stack: "prod" | "dev") => {
    const model = toModel(loadConfig(project, stack));
    return { ...model, settings: { ...model.settings, ...overrides } };
  };
  return { prod: load("prod"), dev: load("dev") };
}

/** Simulated accounts with both stacks deployed. */
export function rehearsal(
  overrides: Partial<StackModel["settings"]> = {},
  project: string = PROJECT_DIR,
): Rehearsal {
  const { prod, dev } = models(overrides, project);
  return new Rehearsal(prod, dev);
}

/** A rehearsal whose daily backup has already run (and an hour has passed since). */
export async function afterDailyBackup(
  overrides: Partial<StackModel["settings"]> = {},
): Promise<Rehearsal> {
  const r = rehearsal(overrides);
  const run = await r.backupAndCopy();
  if (run.status !== "SUCCEEDED")
    throw new Error(`the daily backup failed: ${JSON.stringify(run.error)}`);
  r.later(3600);
  return r;
}

/** Calls that change or remove a dev table: none may happen before a refresh is sure it can go on. */
export const DESTRUCTIVE = [
  "dynamodb:deleteTable",
  "dynamodb:updateTable",
  "backup:startRestoreJob",
];

/** One table's full outcome of a refresh, as the per-table machine records it. */
export interface TableOutcome {
  table: string;
  targetTable: string;
  status: "RESTORED" | "FAILED";
  recoveryPointArn: string | null;
  exportArn: string | null;
  copyCreatedAt: string | null;
  error?: string;
  cause?: string;
}

/** The report a refresh or a daily run ends with: its output, or its `TablesFailed` cause. */
export interface RunReport {
  environment?: string;
  requestedBy?: string;
  copyDate?: string;
  runStartedAt?: string;
  requested: number;
  restored?: number;
  copied?: number;
  failed: number;
  failedTables: { table: string; targetTable?: string; error: string; cause?: string }[];
  notListed: number;
  outcomes?: { tableName: string; pk: string };
}

export function reportOf(run: ExecutionRecord): RunReport {
  if (run.status === "SUCCEEDED") return run.output as RunReport;
  if (run.error?.Error !== "TablesFailed")
    throw new Error(`${run.arn} has no report: ${JSON.stringify(run.error)}`);
  return JSON.parse(run.error.Cause) as RunReport;
}

/**
 * Every table's outcome of a refresh, read from the state table as README says (one Query on
 * `refresh#<ARN>`), in the order the refresh started its tables.
 */
export function outcomesOf(r: Rehearsal, run: ExecutionRecord): TableOutcome[] {
  const items = r.world.accounts.dev.dynamodb.query(r.world.now, {
    TableName: "datarefresh-state",
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": { S: `refresh#${run.arn}` } },
  }).Items;
  const text = (item: (typeof items)[number], key: string) => item[key]?.S;
  const byTable = new Map(
    items.map((item) => {
      const error = text(item, "error");
      const cause = text(item, "cause");
      const outcome: TableOutcome = {
        table: item.sk!.S!,
        targetTable: text(item, "targetTable")!,
        status: text(item, "status") as TableOutcome["status"],
        recoveryPointArn: text(item, "recoveryPointArn") ?? null,
        exportArn: text(item, "exportArn") ?? null,
        copyCreatedAt: text(item, "copyCreatedAt") ?? null,
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      };
      return [outcome.table, outcome];
    }),
  );
  const started = childrenOf(r, run).map((e) => (e.input as { table: string }).table);
  return [...new Set([...started, ...byTable.keys()])]
    .map((table) => byTable.get(table))
    .filter((o): o is TableOutcome => o !== undefined);
}

/** The per-table executions a run started, in the order it started them. */
export function childrenOf(r: Rehearsal, run: ExecutionRecord): ExecutionRecord[] {
  return [...r.world.executions.values()].filter((e) => e.parent === run.arn);
}

/** One table's outcome of a daily run: the output of its per-table execution. */
export interface CopyOutcome {
  table: string;
  status: "COPIED" | "EXPORTED" | "FAILED";
  recoveryPointArn?: string;
  exportArn?: string;
  copyCreatedAt?: string;
  error?: string;
  cause?: string;
}

/** Every table's outcome of a daily run, from its per-table executions, in the order started. */
export function copiesOf(r: Rehearsal, run: ExecutionRecord): CopyOutcome[] {
  return childrenOf(r, run).map((e) => e.output as CopyOutcome);
}

/** Every table's outcome of a refresh or a daily run. */
export function tableOutcomes(r: Rehearsal, run: ExecutionRecord): (TableOutcome | CopyOutcome)[] {
  return run.machine === "datarefresh-restore" ? outcomesOf(r, run) : copiesOf(r, run);
}

/**
 * Writes the lock of `environment` as a refresh named `name` left it: one that runs, one that
 * ended without releasing it (`status`), or one Step Functions no longer knows (`"forgotten"`).
 * The item holds only its holder, as a lock written by hand would. Returns the holder's ARN.
 */
export function seedLock(
  r: Rehearsal,
  environment: string,
  name: string,
  status: ExecutionRecord["status"] | "forgotten",
): string {
  const holder = `arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:${name}`;
  if (status !== "forgotten") {
    const running = status === "RUNNING";
    r.world.executions.set(holder, {
      arn: holder,
      machine: "datarefresh-restore",
      status,
      input: {},
      history: { transitions: 0, events: 0 },
      startedAt: r.world.now - (running ? 0 : 7200),
      ...(running ? {} : { stoppedAt: r.world.now - 3600 }),
    });
  }
  r.world.accounts.dev.dynamodb.putItem(r.world.now, {
    TableName: "datarefresh-state",
    Item: { pk: { S: `lock#${environment}` }, sk: { S: "lock" }, holder: { S: holder } },
  });
  return holder;
}
