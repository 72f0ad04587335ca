import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { ConfigError, type ConfigProblem } from "../config/errors";
import { loadCatalog } from "../config/load";
import {
  DEFAULT_USAGE,
  estimate,
  type CostReport,
  type TableToPrice,
  type Usage,
} from "../cost/estimate";
import { loadPrices, type Prices } from "../cost/prices";
import type { Io } from "./io";

export const DEFAULT_PRICES = "prices/article-ap-northeast-1-2023.json";

export function nonNegative(what: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError(`expected ${what}, a number >= 0`);
    }
    return value;
  };
}

interface CostOptions {
  sizeGb?: number;
  catalog: string;
  exports: number;
  imports: number;
  retentionDays: number;
  prices: string;
  json?: boolean;
}

function tablesFromCatalog(file: string, shownAs: string): TableToPrice[] {
  const catalog = loadCatalog(file, shownAs);
  const unsized: ConfigProblem[] = catalog.tables.flatMap((t, i) =>
    t.sizeGb === undefined
      ? [
          {
            file: shownAs,
            path: `tables[${i}].sizeGb`,
            message: `missing: cost needs the size in GB of ${t.name} (or use --size-gb)`,
          },
        ]
      : [],
  );
  if (unsized.length > 0) throw new ConfigError(unsized);
  return catalog.tables.map((t) => ({
    table: t.name,
    sizeGb: t.sizeGb!,
    hasLocalSecondaryIndexes: t.localSecondaryIndexes.length > 0,
  }));
}

const usd = (value: number) => value.toFixed(2);

export function formatCostTable(report: CostReport, usage: Usage, prices: Prices): string {
  const header = [
    "table",
    "size GB",
    "backup $/mo",
    "s3-export $/mo",
    "ratio",
    "break-even imports",
    "recommended",
  ];
  const rows = report.tables.map((t) => [
    t.table,
    String(t.sizeGb),
    usd(t.backupMonthlyUsd),
    usd(t.s3ExportMonthlyUsd),
    t.ratio === null ? "-" : `${t.ratio.toFixed(2)}x`,
    t.breakEvenImports === null ? "never" : t.breakEvenImports.toFixed(1),
    t.recommended,
  ]);
  const total = [
    "total",
    "",
    usd(report.total.backupMonthlyUsd),
    usd(report.total.s3ExportMonthlyUsd),
    "",
    "",
    "",
  ];
  const all = [header, ...rows, total];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) =>
        col === 0 || col === row.length - 1
          ? cell.padEnd(widths[col]!)
          : cell.padStart(widths[col]!),
      )
      .join("  ")
      .trimEnd();
  return [
    `Monthly cost by method, prices for ${prices.region} as of ${prices.date} (USD);`,
    `${usage.exports} exports and ${usage.imports} imports a month, each copy kept ${usage.retentionDays} day(s).`,
    "",
    ...all.map(line),
    "",
    "ratio = s3-export / backup. Tables with local secondary indexes are always backup.",
  ].join("\n");
}

export function addCostCommand(program: Command, io: Io, projectDir: string): void {
  program
    .command("cost")
    .description("compare the monthly cost of each copy method, per table and in total")
    .option(
      "--size-gb <n>",
      "price a single table of this size instead of the catalog",
      nonNegative("a size in GB"),
    )
    .option("--catalog <file>", "the table catalog (each table needs sizeGb)", "catalog.yaml")
    .option(
      "--exports <n>",
      "backups or exports a month",
      nonNegative("a count"),
      DEFAULT_USAGE.exports,
    )
    .option(
      "--imports <n>",
      "restores or imports a month",
      nonNegative("a count"),
      DEFAULT_USAGE.imports,
    )
    .option(
      "--retention-days <n>",
      "how long each backup, copy or export is kept",
      nonNegative("a number of days"),
      DEFAULT_USAGE.retentionDays,
    )
    .option("--prices <file>", "a JSON price file", DEFAULT_PRICES)
    .option("--json", "print JSON instead of a table")
    .action(function (this: Command, options: CostOptions) {
      // Defaults live in the project; files the user names are relative to where they stand.
      const locate = (option: string, file: string) =>
        path.resolve(
          this.getOptionValueSource(option) === "default" ? projectDir : process.cwd(),
          file,
        );
      const prices = loadPrices(locate("prices", options.prices), options.prices);
      const usage: Usage = {
        exports: options.exports,
        imports: options.imports,
        retentionDays: options.retentionDays,
      };
      const tables =
        options.sizeGb === undefined
          ? tablesFromCatalog(locate("catalog", options.catalog), options.catalog)
          : [{ table: "-", sizeGb: options.sizeGb, hasLocalSecondaryIndexes: false }];
      const report = estimate(tables, usage, prices);
      io.out(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${formatCostTable(report, usage, prices)}\n`,
      );
    });
}
