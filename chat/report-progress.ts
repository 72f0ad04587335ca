import type { RefreshReport } from "./refresh-report";
import { type TableProgress, withoutUndefined } from "./table-progress";

const targetOf = (environment: string | undefined, table: string) =>
  `${environment ?? "?"}-${table}`;

/**
 * Each table of a finished refresh from its report alone: the listed failed tables FAILED, every
 * other asked table RESTORED. Undefined when the report cannot tell: some failed tables were left
 * out of the list, or its counts are not those of the tables asked (as the catalog now names them).
 */
export function progressFromReport(
  report: RefreshReport,
  asked: readonly string[],
  environment: string | undefined,
): Map<string, TableProgress> | undefined {
  if (report.notListed > 0 || report.requested !== asked.length) return undefined;
  const restored = asked.map((table): [string, TableProgress] => [
    table,
    { table, targetTable: targetOf(environment, table), state: "RESTORED" },
  ]);
  return withFailedTables(new Map(restored), report, environment);
}

/** `known` with each failed table the report lists marked FAILED, with its error and cause. */
export function withFailedTables(
  known: ReadonlyMap<string, TableProgress>,
  report: RefreshReport,
  environment: string | undefined,
): Map<string, TableProgress> {
  const progress = new Map(known);
  for (const failed of report.failedTables) {
    const before = progress.get(failed.table);
    progress.set(
      failed.table,
      withoutUndefined({
        ...before,
        table: failed.table,
        targetTable:
          failed.targetTable ?? before?.targetTable ?? targetOf(environment, failed.table),
        state: "FAILED" as const,
        error: failed.error,
        cause: failed.cause ?? before?.cause,
      }),
    );
  }
  return progress;
}
