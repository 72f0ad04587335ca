import type { CopyMethod } from "../config/catalog";
import { estimateTable, type Usage } from "../cost/estimate";
import type { Prices } from "../cost/prices";
import type { ProdTable } from "./prod-table";

/** A method for a table, and why. */
export interface MethodChoice {
  method: CopyMethod;
  why: string;
}

/** What makes `s3-export` impossible for a prod table, if anything. */
export function s3ExportRuledOut(table: ProdTable): string | undefined {
  const local = (table.description.LocalSecondaryIndexes ?? []).map((l) => l.IndexName);
  if (local.length > 0)
    return `it has local secondary indexes (${local.join(", ")}), which an import cannot create`;
  const key = table.kmsKey;
  if (key?.manager === "CUSTOMER")
    return `it is encrypted with a customer managed key (${key.arn}), which the prod machines may not export with`;
  if (key?.manager === "unknown")
    return `it is encrypted with KMS key ${key.arn}, which KMS would not describe to these credentials: taken for a customer managed key, which the prod machines may not export with`;
  return undefined;
}

const usd = (value: number) => `$${value.toFixed(2)}`;

/** The method the cost model recommends for the table, unless `s3-export` is impossible for it. */
export function recommendMethod(
  table: ProdTable,
  sizeGb: number,
  usage: Usage,
  prices: Prices,
): MethodChoice {
  const ruledOut = s3ExportRuledOut(table);
  if (ruledOut !== undefined) return { method: "backup", why: `not s3-export: ${ruledOut}` };
  const cost = estimateTable(
    { table: table.name, sizeGb, hasLocalSecondaryIndexes: false },
    usage,
    prices,
  );
  return {
    method: cost.recommended,
    why: `the cost model: backup ${usd(cost.backupMonthlyUsd)} a month, s3-export ${usd(cost.s3ExportMonthlyUsd)}, at ${usage.imports} imports a month`,
  };
}
