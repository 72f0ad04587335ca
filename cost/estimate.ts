import type { Prices } from "./prices";

/** How a team uses its copies in a month. */
export interface Usage {
  /** Backups or exports a month (the daily run: 30). */
  exports: number;
  /** Restores or imports a month. */
  imports: number;
  /** How long each backup, copy or export is kept, in days. */
  retentionDays: number;
}

/** The usage `cost` assumes where not told: the daily run, ten refreshes a month, a day's copy. */
export const DEFAULT_USAGE: Usage = { exports: 30, imports: 10, retentionDays: 1 };

export interface TableToPrice {
  table: string;
  sizeGb: number;
  hasLocalSecondaryIndexes: boolean;
}

export type Method = "backup" | "s3-export";

export interface TableCost {
  table: string;
  sizeGb: number;
  backupMonthlyUsd: number;
  s3ExportMonthlyUsd: number;
  /** s3-export cost / backup cost; null where backup costs nothing. */
  ratio: number | null;
  /** Imports a month at which both cost the same; null where they never do. */
  breakEvenImports: number | null;
  recommended: Method;
}

const DAYS_PER_MONTH = 30;

/** Copies held at any time, on average: each of `exports` a month is kept `retentionDays`. */
export function storedCopies(usage: Usage): number {
  return (usage.exports * usage.retentionDays) / DAYS_PER_MONTH;
}

interface Linear {
  /** Cost that does not depend on imports: exports and storage. */
  fixed: number;
  /** Cost of one import. */
  perImport: number;
}

function backupCost(sizeGb: number, usage: Usage, p: Prices): Linear {
  return {
    fixed:
      sizeGb *
      (usage.exports * p.backup.backupPerGb + storedCopies(usage) * p.backup.storagePerGbMonth),
    perImport: sizeGb * p.backup.restorePerGb,
  };
}

function s3ExportCost(sizeGb: number, usage: Usage, p: Prices): Linear {
  return {
    fixed:
      sizeGb *
      (usage.exports * p.s3Export.exportPerGb + storedCopies(usage) * p.s3Export.storagePerGbMonth),
    perImport: sizeGb * p.s3Export.importPerGb,
  };
}

const at = (cost: Linear, imports: number) => cost.fixed + imports * cost.perImport;

/** The number of imports where the two lines cross, if they cross at zero imports or more. */
function breakEven(a: Linear, b: Linear): number | null {
  const slope = a.perImport - b.perImport;
  if (slope === 0) return null;
  const imports = (b.fixed - a.fixed) / slope;
  return imports >= 0 && Number.isFinite(imports) ? imports : null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Monthly cost of keeping one table's dev copies fresh by each method. A table with local
 * secondary indexes is always `backup`: DynamoDB import cannot create them. On equal cost,
 * `backup` (it keeps the table's metadata).
 */
export function estimateTable(t: TableToPrice, usage: Usage, prices: Prices): TableCost {
  const backup = backupCost(t.sizeGb, usage, prices);
  const s3 = s3ExportCost(t.sizeGb, usage, prices);
  const backupUsd = at(backup, usage.imports);
  const s3Usd = at(s3, usage.imports);
  const even = breakEven(backup, s3);
  return {
    table: t.table,
    sizeGb: t.sizeGb,
    backupMonthlyUsd: round(backupUsd, 4),
    s3ExportMonthlyUsd: round(s3Usd, 4),
    ratio: backupUsd === 0 ? null : round(s3Usd / backupUsd, 3),
    breakEvenImports: even === null ? null : round(even, 2),
    recommended: t.hasLocalSecondaryIndexes || backupUsd <= s3Usd ? "backup" : "s3-export",
  };
}

export interface CostReport {
  tables: TableCost[];
  total: { backupMonthlyUsd: number; s3ExportMonthlyUsd: number };
}

export function estimate(
  tables: readonly TableToPrice[],
  usage: Usage,
  prices: Prices,
): CostReport {
  const rows = tables.map((t) => estimateTable(t, usage, prices));
  const sum = (pick: (row: TableCost) => number) =>
    round(
      rows.reduce((total, row) => total + pick(row), 0),
      4,
    );
  return {
    tables: rows,
    total: {
      backupMonthlyUsd: sum((r) => r.backupMonthlyUsd),
      s3ExportMonthlyUsd: sum((r) => r.s3ExportMonthlyUsd),
    },
  };
}
