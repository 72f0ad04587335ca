import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { benchChart } from "../bench/chart";
import { benchOneSize, type BenchRow } from "../bench/measure";
import { measureRobustness, type Robustness } from "../bench/robustness";
import { targetsOf } from "../bench/targets";
import type { Io } from "./io";

interface BenchOptions {
  sizes: number[];
  seed: number;
  concurrency: number;
  out: string;
  json?: boolean;
  robustness: boolean;
  project: string;
}

const sizeList = (text: string) => {
  const sizes = text.split(",").map((s) => s.trim());
  if (sizes.some((s) => !/^[1-9]\d*$/.test(s) || Number(s) > 5000))
    throw new InvalidArgumentError("expected table counts from 1 to 5000 separated by commas");
  return sizes.map(Number);
};

const between = (min: number, max: number) => (text: string) => {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
  return Number(text);
};

const hours = (seconds: number) => `${(seconds / 3600).toFixed(2)} h`;

/** The table printed for people: one line per catalog size. */
export function formatBench(rows: BenchRow[]): string {
  const header = [
    "tables",
    "refresh",
    "ideal",
    "ratio",
    "target",
    "events max (bound)",
    "transitions/table",
    "USD/table",
    "detect delay",
    "largest definition",
    "longest policy",
    "synth s",
    "rehearsal s",
  ];
  const lines = rows.map((r) => [
    String(r.tables),
    hours(r.refresh.simulatedSeconds),
    hours(r.refresh.idealSeconds),
    r.refresh.ratio.toFixed(3),
    r.refresh.withinTarget ? "met" : "MISSED",
    `${r.history.mostEventsObserved} (${r.history.mostEventsBound})`,
    r.transitions.perTable.toFixed(1),
    r.transitions.usdPerTable.toFixed(4),
    `${r.polling.worstDetectionDelaySeconds}s ${(r.polling.worstDelayShareOfJob * 100).toFixed(1)}%`,
    `${Math.max(...Object.values(r.definitionBytes))} B`,
    `${r.longestPolicyChars} ch`,
    r.wallSeconds.synth.toFixed(2),
    r.wallSeconds.rehearsal.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const last = rows.at(-1);
  const targets =
    last === undefined
      ? []
      : [
          "",
          `targets at ${last.tables} tables:`,
          ...targetsOf(last).map(
            (t) => `  ${t.met ? "met   " : "MISSED"}  ${t.target}: ${t.value}`,
          ),
        ];
  return [row(header), ...lines.map(row), ...targets].join("\n") + "\n";
}

const share = (value: number) => `${(value * 100).toFixed(1)}%`;
const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** The robustness figures, for people. */
export function formatRobustness(r: Robustness): string {
  const { calls, callsAndJobs } = r.faultTolerance;
  const w = r.worstCase;
  const run = (name: string, f: Robustness["defaults"]["dailyRun"]) =>
    `  ${f.withinLimit ? "met   " : "MISSED"}  ${name} at maxConcurrency ${f.maxConcurrency}: ${f.simulatedHours} h (planned ${f.plannedHours} h), limit ${f.limitHours} h`;
  return [
    "",
    "against AWS as it fails:",
    `  5% of calls failing (${calls.seeds} seeds): ${share(calls.copiedShare)} of tables copied, ${share(calls.restoredShare)} restored`,
    `  5% of calls and 5% of jobs failing (${callsAndJobs.seeds} seeds): ${share(callsAndJobs.copiedShare)} copied, ${share(callsAndJobs.restoredShare)} restored`,
    `  the largest accepted catalog (${w.tables} tables), every table failing with the longest cause:`,
    `    refresh: largest state ${kb(w.refresh.largestStateBytes)}, TablesFailed cause ${w.refresh.causeChars} characters (limit ${w.causeLimitChars})`,
    `    daily run: largest state ${kb(w.dailyRun.largestStateBytes)}, TablesFailed cause ${w.dailyRun.causeChars} characters`,
    `  ${r.defaults.tables} tables with the shipped settings:`,
    run("  daily run", r.defaults.dailyRun),
    run("  refresh of every table", r.defaults.refresh),
    "",
  ].join("\n");
}

export function addBenchCommand(program: Command, io: Io, projectDir: string): void {
  program
    .command("bench")
    .description("time synth and a rehearsed refresh for catalogs of 1 to 1,000 tables")
    .option("--sizes <n,n>", "catalog sizes to run", sizeList, [1, 10, 100, 1000])
    .option("--seed <n>", "seed of the table sizes", between(0, 2 ** 31), 1)
    .option("--concurrency <n>", "tables refreshed at once (maxConcurrency)", between(1, 40), 40)
    .option("--out <dir>", "folder for bench.json and bench.svg", "out/bench")
    .option("--json", "print the figures as JSON")
    .option(
      "--no-robustness",
      "leave out the figures against AWS as it fails (faults over 20 seeds, the worst case, the shipped settings at 1,000 tables)",
    )
    .option("--project <dir>", "the project folder holding Pulumi.<stack>.yaml", projectDir)
    .action(async (options: BenchOptions) => {
      const rows: BenchRow[] = [];
      for (const size of options.sizes) {
        if (options.json !== true) io.err(`bench: ${size} tables...\n`);
        rows.push(
          await benchOneSize(size, {
            projectDir: path.resolve(options.project),
            seed: options.seed,
            concurrency: options.concurrency,
          }),
        );
      }
      let robustness: Robustness | undefined;
      if (options.robustness) {
        if (options.json !== true) io.err("bench: robustness against AWS as it fails...\n");
        robustness = await measureRobustness(path.resolve(options.project), {
          seeds: 20,
          tables: 8,
          defaultsTables: 1000,
          seed: options.seed,
        });
      }
      mkdirSync(options.out, { recursive: true });
      const figures = rows.map((row, i) => ({
        ...row,
        targets: targetsOf(row),
        ...(i === rows.length - 1 && robustness !== undefined ? { robustness } : {}),
      }));
      writeFileSync(path.join(options.out, "bench.json"), `${JSON.stringify(figures, null, 2)}\n`);
      writeFileSync(path.join(options.out, "bench.svg"), benchChart(rows));
      io.out(
        options.json === true
          ? `${JSON.stringify(figures, null, 2)}\n`
          : formatBench(rows) + (robustness === undefined ? "" : formatRobustness(robustness)),
      );
      if (options.json !== true)
        io.err(`bench: wrote bench.json and bench.svg to ${options.out}\n`);
    });
}
