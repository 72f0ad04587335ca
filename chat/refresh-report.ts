import type { DescribeExecutionCommandOutput } from "@aws-sdk/client-sfn";
import { isRecord, outcomesIn, parseJson } from "./table-progress";

/** A failed table as the report lists it: its error name and its cause, cut short. */
export interface FailedTable {
  table: string;
  targetTable?: string;
  error: string;
  cause?: string;
}

/** Where every table's full outcome is: the items of partition key `pk` in DynamoDB table `tableName`. */
export interface OutcomesLocation {
  tableName: string;
  pk: string;
}

export interface RefreshCounts {
  requested: number;
  restored: number;
  failed: number;
}

/**
 * What a refresh ends with (README, "The refresh contract"): its output when it succeeded, the
 * cause of `TablesFailed` otherwise. `failedTables` is in the order the tables ran (largest first)
 * and stops before the report grows too long: `notListed` more failed tables are left out.
 */
export interface RefreshReport extends RefreshCounts {
  environment?: string;
  requestedBy?: string;
  copyDate?: string;
  failedTables: FailedTable[];
  notListed: number;
  outcomes?: OutcomesLocation;
}

/** Output or `TablesFailed` cause: what a refresh said of its tables when it ended; else undefined. */
export function endingOf(described: DescribeExecutionCommandOutput): unknown {
  if (described.status === "SUCCEEDED") return parseJson(described.output);
  if (described.status === "FAILED" && described.error === "TablesFailed")
    return parseJson(described.cause);
  return undefined;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && Number(value) >= 0;
const optionalText = (value: unknown) => value === undefined || typeof value === "string";
/** DynamoDB's table names: nothing a shell would read as more than a word. */
const TABLE_NAME = /^[\w.-]{3,255}$/;

function isFailedTable(value: unknown): value is FailedTable {
  return (
    isRecord(value) &&
    typeof value.table === "string" &&
    typeof value.error === "string" &&
    optionalText(value.targetTable) &&
    optionalText(value.cause)
  );
}

function outcomesLocationIn(value: unknown): OutcomesLocation | undefined {
  return isRecord(value) &&
    typeof value.tableName === "string" &&
    TABLE_NAME.test(value.tableName) &&
    typeof value.pk === "string"
    ? { tableName: value.tableName, pk: value.pk }
    : undefined;
}

/** The report in a refresh's ending; undefined for an ending of another form (an older one). */
export function reportIn(ending: unknown): RefreshReport | undefined {
  if (!isRecord(ending)) return undefined;
  const { requested, restored, failed, failedTables, notListed } = ending;
  if (
    !isCount(requested) ||
    !isCount(restored) ||
    !isCount(failed) ||
    !isCount(notListed) ||
    !Array.isArray(failedTables) ||
    !failedTables.every(isFailedTable)
  )
    return undefined;
  const textOf = (key: "environment" | "requestedBy" | "copyDate") =>
    typeof ending[key] === "string" ? { [key]: ending[key] } : {};
  const outcomes = outcomesLocationIn(ending.outcomes);
  return {
    ...textOf("environment"),
    ...textOf("requestedBy"),
    ...textOf("copyDate"),
    requested,
    restored,
    failed,
    failedTables,
    notListed,
    ...(outcomes === undefined ? {} : { outcomes }),
  };
}

/** The counts of a refresh's ending: its report's, or those of a list of outcomes from before it. */
export function countsIn(ending: unknown): RefreshCounts | undefined {
  const report = reportIn(ending);
  if (report !== undefined)
    return { requested: report.requested, restored: report.restored, failed: report.failed };
  const outcomes = outcomesIn(ending);
  if (outcomes === undefined) return undefined;
  const restored = outcomes.filter((o) => o.status === "RESTORED").length;
  return { requested: outcomes.length, restored, failed: outcomes.length - restored };
}

const shellQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The command that reads every table's full outcome of a refresh (README, "The refresh contract"). */
export function outcomesQuery(location: OutcomesLocation): string {
  const values = JSON.stringify({ ":pk": { S: location.pk } });
  return [
    `aws dynamodb query --table-name ${location.tableName}`,
    `--key-condition-expression "pk = :pk"`,
    `--expression-attribute-values ${shellQuoted(values)}`,
    `--query 'Items[].[sk.S, status.S, error.S, cause.S]' --output text`,
  ].join(" ");
}
