import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandInput,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  type ExecutionStatus,
  type HistoryEvent,
  ListExecutionsCommand,
  type ListExecutionsCommandInput,
} from "@aws-sdk/client-sfn";
import { mapBounded } from "./bounded";
import type { RefreshClient } from "./client";
import { call } from "./errors";
import { allPages } from "./pages";
import {
  isRecord,
  isTableOutcome,
  isTableResult,
  parseJson,
  progressOfOutcome,
  progressOfResult,
  type TableProgress,
  withoutUndefined,
} from "./table-progress";

const CHILDREN_PAGE = 1000;
/** Child executions described at once: well within Step Functions' DescribeExecution bucket. */
const DESCRIBED_AT_ONCE = 10;

/**
 * The Map Runs a restore execution started, in the order it started them: one per run of its
 * Distributed Map ("Refresh each table"). None in an execution started before the Map was one.
 */
export function mapRunArnsIn(events: readonly HistoryEvent[]): string[] {
  const arns = events.flatMap((event) => {
    const arn =
      event.type === "MapRunStarted" ? event.mapRunStartedEventDetails?.mapRunArn : undefined;
    return arn === undefined ? [] : [arn];
  });
  return [...new Set(arns)];
}

/** Every child execution of a Map Run, the first started first. */
async function childrenOf(client: RefreshClient, mapRunArn: string): Promise<ExecutionListItem[]> {
  const children = await allPages("ListExecutions", mapRunArn, async (nextToken) => {
    const params: ListExecutionsCommandInput = {
      mapRunArn,
      maxResults: CHILDREN_PAGE,
      ...(nextToken === undefined ? {} : { nextToken }),
    };
    const page = await client.sfn.send(new ListExecutionsCommand(params));
    return { items: page.executions, nextToken: page.nextToken };
  });
  const started = (c: ExecutionListItem) => c.startDate?.getTime() ?? 0;
  return children.sort((a, b) => started(a) - started(b));
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The table a child execution refreshes, and in which environment, from its input. */
function itemOf(input: unknown): { table?: string; environment?: string } {
  if (!isRecord(input)) return {};
  // Children of a refresh from before the report: {"entry": {"name"}, "request": {"environment"}}.
  const entry = isRecord(input.entry) ? input.entry : {};
  const request = isRecord(input.request) ? input.request : {};
  return withoutUndefined({
    table: text(input.table) ?? text(entry.name),
    environment: text(input.environment) ?? text(request.environment),
  });
}

/**
 * Where the table of one child execution stands, from its description: its input
 * (`{"table", "environment", ...}`) names the table, its output is the table's result
 * (`{"status", "error"?, "cause"?}`; a refresh from before the report gave the full outcome). The
 * child itself fails only when it is stopped, times out or hits a limit: its table is FAILED then,
 * or STOPPED when it was stopped with the refresh. Undefined when the child names no table.
 */
export function progressOfChild(
  child: DescribeExecutionCommandOutput,
  parentStatus: ExecutionStatus,
): TableProgress | undefined {
  const item = itemOf(parseJson(child.input));
  const output = child.status === "SUCCEEDED" ? parseJson(child.output) : undefined;
  const outcome = isTableOutcome(output) ? output : undefined;
  const table = item.table ?? outcome?.table;
  if (table === undefined) return undefined;
  const startedAt = child.startDate;
  if (outcome !== undefined)
    return withoutUndefined({ ...progressOfOutcome(outcome, child.stopDate), table, startedAt });

  const targetTable = `${item.environment ?? "?"}-${table}`;
  if (isTableResult(output))
    return withoutUndefined({
      ...progressOfResult(table, targetTable, output),
      startedAt,
      endedAt: child.stopDate,
    });
  if (child.status === "RUNNING" || child.status === "PENDING_REDRIVE")
    return withoutUndefined({ table, targetTable, state: "RUNNING" as const, startedAt });
  const stoppedWithRefresh = child.status === "ABORTED" && parentStatus !== "RUNNING";
  return withoutUndefined({
    table,
    targetTable,
    state: stoppedWithRefresh ? ("STOPPED" as const) : ("FAILED" as const),
    startedAt,
    endedAt: child.stopDate,
    error:
      child.error ??
      (stoppedWithRefresh ? undefined : child.status === "SUCCEEDED" ? "NoOutcome" : child.status),
    cause: child.cause,
  });
}

/**
 * Per-table progress of a restore execution from the child executions of its Map Runs: each
 * table is one child. The children are listed (`ListExecutions` of the Map Run, paged) and each
 * described, `DESCRIBED_AT_ONCE` at a time; where a table ran more than once, the last child tells.
 */
export async function progressFromMapRuns(
  client: RefreshClient,
  mapRunArns: readonly string[],
  parentStatus: ExecutionStatus,
): Promise<Map<string, TableProgress>> {
  const children: ExecutionListItem[] = [];
  for (const mapRunArn of mapRunArns) children.push(...(await childrenOf(client, mapRunArn)));
  const described = await mapBounded(children, DESCRIBED_AT_ONCE, (child) => {
    const params: DescribeExecutionCommandInput = { executionArn: child.executionArn };
    return call("DescribeExecution", child.executionArn ?? "a child execution", () =>
      client.sfn.send(new DescribeExecutionCommand(params)),
    );
  });
  const progress = new Map<string, TableProgress>();
  for (const child of described) {
    const table = progressOfChild(child, parentStatus);
    if (table !== undefined) progress.set(table.table, table);
  }
  return progress;
}
