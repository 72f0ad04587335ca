import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { ConfigError } from "../config/errors";
import { loadCatalog, loadConfig } from "../config/load";
import { toModel, type StackModel } from "../config/model";
import { Chaos } from "../rehearsal/chaos";
import { Rehearsal } from "../rehearsal/pair";
import type { ExecutionRecord } from "../rehearsal/world";
import type { Io } from "./io";

export interface RehearseOptions {
  env?: string;
  tables?: string[];
  catalog?: string;
  faults?: number;
  seed?: number;
  json?: boolean;
  project: string;
}

interface TableRow {
  table: string;
  targetTable: string;
  status: string;
  simulatedSeconds: number;
  sizeGb: number;
  recoveryPointArn: string | null;
  exportArn: string | null;
  error?: string;
  cause?: string;
}

export interface RehearsalSummary {
  environment: string;
  backup: { status: string; simulatedSeconds: number };
  refresh: { status: string; simulatedSeconds: number; error?: string };
  tables: TableRow[];
}

const duration = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
};

const span = (run: ExecutionRecord) => (run.stoppedAt ?? run.startedAt) - run.startedAt;

/** Loads both stacks, with another catalog where asked; bad arguments are ConfigErrors (exit 2). */
function loadModels(options: RehearseOptions): { prod: StackModel; dev: StackModel; env: string } {
  const load = (stack: string) => toModel(loadConfig(options.project, stack));
  let prod = load("prod");
  let dev = load("dev");
  if (options.catalog !== undefined) {
    const tables = loadCatalog(path.resolve(options.catalog), options.catalog).tables;
    prod = { ...prod, tables };
    dev = { ...dev, tables };
  }
  const env = options.env ?? dev.settings.environments[0]!;
  const problems = [];
  if (!dev.settings.environments.includes(env)) {
    problems.push({
      file: "--env",
      path: "",
      message: `"${env}" is not configured; expected one of: ${dev.settings.environments.join(", ")}`,
    });
  }
  const known = new Set(dev.tables.map((t) => t.name));
  for (const table of options.tables ?? []) {
    if (!known.has(table))
      problems.push({ file: "--tables", path: "", message: `"${table}" is not in the catalog` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { prod, dev, env };
}

function progress(io: Io, interactive: boolean, total: number) {
  let done = 0;
  let failed = 0;
  return (record: ExecutionRecord) => {
    if (record.machine !== "datarefresh-restore-table") return;
    const outcome = record.output as
      { targetTable?: string; status?: string; error?: string } | undefined;
    done += 1;
    if (outcome?.status !== "RESTORED") failed += 1;
    const line = `  ${(outcome?.targetTable ?? record.arn).padEnd(28)} ${outcome?.status ?? record.status}${outcome?.error === undefined ? "" : ` (${outcome.error})`} after ${duration(span(record))}`;
    if (interactive) io.out(`\r\x1b[2K${line}\n  ${done}/${total} tables done, ${failed} failed`);
    else io.out(`${line}\n`);
  };
}

/**
 * The pipeline on simulated accounts: the daily backup in prod, then a refresh of one dev
 * environment, run by the deployed definitions in aws-local-stepfunctions.
 */
export async function rehearse(
  options: RehearseOptions,
  io: Io,
  interactive = false,
): Promise<RehearsalSummary> {
  const { prod, dev, env } = loadModels(options);
  const r = new Rehearsal(prod, dev);
  if (options.faults !== undefined && options.faults > 0) {
    r.world.chaos = new Chaos({ probability: options.faults, seed: options.seed ?? 1 });
  }
  const asked = options.tables ?? dev.tables.map((t) => t.name);
  const quiet = options.json === true;
  if (!quiet) io.out(`daily backup and copy of ${asked.length} tables (prod)...\n`);
  const backup = await r.backupAndCopy(
    options.tables === undefined ? {} : { tables: options.tables },
  );
  if (!quiet) io.out(`  ${backup.status} after ${duration(span(backup))} (simulated)\n`);
  r.later(3600);
  for (const table of asked) r.world.seedDevTable(`${env}-${table}`, { deletionProtection: false });
  if (!quiet) {
    io.out(`refresh of ${env} (dev)...\n`);
    r.executor.onExecutionEnd = progress(io, interactive, asked.length);
  }
  const refresh = await r.refresh({
    environment: env,
    requestedBy: "rehearsal",
    ...(options.tables === undefined ? {} : { tables: options.tables }),
  });
  if (!quiet && interactive) io.out("\n");
  const children = [...r.world.executions.values()].filter(
    (e) => e.machine === "datarefresh-restore-table",
  );
  const tables: TableRow[] = children.map((child) => {
    const o = (child.output ?? {}) as Partial<TableRow> & { table?: string };
    const input = child.input as { table: string; environment: string };
    return {
      table: input.table,
      targetTable: `${input.environment}-${input.table}`,
      status: o.status ?? child.status,
      simulatedSeconds: span(child),
      sizeGb: dev.tables.find((t) => t.name === input.table)?.sizeGb ?? 0,
      recoveryPointArn: o.recoveryPointArn ?? null,
      exportArn: o.exportArn ?? null,
      ...(o.error === undefined ? {} : { error: o.error }),
      ...(o.cause === undefined ? {} : { cause: o.cause }),
    };
  });
  return {
    environment: env,
    backup: { status: backup.status, simulatedSeconds: span(backup) },
    refresh: {
      status: refresh.status,
      simulatedSeconds: span(refresh),
      ...(refresh.error === undefined || refresh.error.Error === "TablesFailed"
        ? {}
        : { error: `${refresh.error.Error}: ${refresh.error.Cause}` }),
    },
    tables,
  };
}

/** Each failed table's error and cause, a paragraph each. */
function failures(tables: readonly TableRow[]): string[] {
  const failed = tables.filter((t) => t.status !== "RESTORED");
  if (failed.length === 0) return [];
  return [
    "",
    "why:",
    ...failed.map(
      (t) =>
        `  ${t.targetTable}: ${t.error ?? t.status}${t.cause === undefined ? "" : `: ${t.cause}`}`,
    ),
  ];
}

export function formatSummary(summary: RehearsalSummary): string {
  const header = ["table", "status", "simulated", "size GB", "copied from"];
  const rows = summary.tables.map((t) => [
    t.targetTable,
    t.status + (t.error === undefined ? "" : ` (${t.error})`),
    duration(t.simulatedSeconds),
    String(t.sizeGb),
    t.recoveryPointArn ?? t.exportArn ?? "-",
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [
    "",
    line(header),
    ...rows.map(line),
    ...failures(summary.tables),
    "",
    `refresh of ${summary.environment}: ${summary.refresh.status}${summary.refresh.error === undefined ? "" : ` (${summary.refresh.error})`} in ${duration(summary.refresh.simulatedSeconds)} of simulated time`,
    "",
  ].join("\n");
}

const probability = (text: string) => {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError("expected a probability from 0 to 1");
  }
  return value;
};

const wholeNumber = (text: string) => {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError("expected a whole number");
  return Number(text);
};

const tableList = (text: string) => {
  const names = text.split(",").map((t) => t.trim());
  if (names.some((n) => n === ""))
    throw new InvalidArgumentError("expected table names separated by commas");
  return names;
};

export function addRehearseCommand(
  program: Command,
  io: Io,
  projectDir: string,
  fail: () => void,
): void {
  program
    .command("rehearse")
    .description(
      "run the daily backup and a refresh on simulated AWS accounts, no credentials needed",
    )
    .option("--env <name>", "the dev environment to refresh (default: the first configured)")
    .option("--tables <A,B>", "only these tables", tableList)
    .option("--catalog <file>", "another table catalog")
    .option(
      "--faults <probability>",
      "draw a fault at each call and job with this probability",
      probability,
    )
    .option("--seed <n>", "seed of the faults (the same seed, the same faults)", wholeNumber)
    .option("--json", "print the summary as JSON")
    .option("--project <dir>", "the project folder holding Pulumi.<stack>.yaml", projectDir)
    .action(async (options: RehearseOptions) => {
      const interactive = options.json !== true && io.interactive === true;
      const summary = await rehearse(options, io, interactive);
      io.out(
        options.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary),
      );
      const allRestored =
        summary.refresh.status === "SUCCEEDED" &&
        summary.tables.every((t) => t.status === "RESTORED");
      if (!allRestored) fail();
    });
}
