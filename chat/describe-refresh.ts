import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandInput,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  type GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { consoleUrlOf } from "./arns";
import type { RefreshClient } from "./client";
import { call } from "./errors";
import { refreshArnOf } from "./execution-ref";
import { allPages } from "./pages";
import { progressFromHistory } from "./history-progress";
import { mapRunArnsIn, progressFromMapRuns } from "./map-run-progress";
import { endingOf, reportIn, type RefreshReport } from "./refresh-report";
import { progressFromReport, withFailedTables } from "./report-progress";
import { outcomesIn, parseJson, progressOfOutcome, type TableProgress } from "./table-progress";

export interface RefreshDescription {
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  consoleUrl: string;
  environment?: string;
  requestedBy?: string;
  copyDate?: string;
  startDate: Date;
  stopDate?: Date;
  /** Every table asked for, in catalog order. */
  tables: TableProgress[];
  /** What the refresh ended with, once it succeeded or failed with `TablesFailed`. */
  report?: RefreshReport;
  /** The execution's `Error` and `Cause`, when it failed, timed out or was stopped. */
  error?: { error: string; cause?: string };
}

/** Errors of the restore machine that end it before any table is touched. */
const BEFORE_ANY_TABLE = new Set(["InvalidInput", "RefreshInProgress"]);

const HISTORY_PAGE = 1000;

function historyOf(client: RefreshClient, executionArn: string): Promise<HistoryEvent[]> {
  return allPages("GetExecutionHistory", executionArn, async (nextToken) => {
    const params: GetExecutionHistoryCommandInput = {
      executionArn,
      includeExecutionData: true,
      maxResults: HISTORY_PAGE,
      ...(nextToken === undefined ? {} : { nextToken }),
    };
    const page = await client.sfn.send(new GetExecutionHistoryCommand(params));
    return { items: page.events, nextToken: page.nextToken };
  });
}

/**
 * Per-table progress of a refresh that has not given its outcomes (running, stopped, timed out,
 * failed otherwise), from its history. The restore machine's Distributed Map runs each table as a
 * child execution of a Map Run, which the history names (`MapRunStarted`) but does not follow: the
 * children are listed and described, one `DescribeExecution` each. An execution started before the
 * Map was a Distributed one has no Map Run; its history names each table in the events of the Task
 * that ran it. Both are read, the children telling last.
 */
async function progressOfExecution(
  client: RefreshClient,
  executionArn: string,
  status: ExecutionStatus,
): Promise<Map<string, TableProgress>> {
  const events = await historyOf(client, executionArn);
  const fromTasks = progressFromHistory(events);
  const fromChildren = await progressFromMapRuns(client, mapRunArnsIn(events), status);
  return new Map([...fromTasks, ...fromChildren]);
}

/**
 * Each table of a refresh that has begun on its tables, and the report it ended with, if any. A
 * finished refresh is read from its report (its output, or the cause of `TablesFailed`) when that
 * says how every asked table ended; else, or when its report left failed tables out, from its
 * history and Map Run as a running one is, the report's failed tables telling last. A refresh from
 * before the report ended with every table's outcome, which is read as it is.
 */
async function tablesOf(
  client: RefreshClient,
  executionArn: string,
  described: DescribeExecutionCommandOutput,
  asked: readonly string[],
  environment: string | undefined,
): Promise<{ known: Map<string, TableProgress>; report?: RefreshReport }> {
  const ending = endingOf(described);
  const report = reportIn(ending);
  if (report !== undefined) {
    const known =
      progressFromReport(report, asked, environment) ??
      withFailedTables(
        await progressOfExecution(client, executionArn, described.status!),
        report,
        environment,
      );
    return { known, report };
  }
  const outcomes = outcomesIn(ending);
  if (outcomes !== undefined)
    return {
      known: new Map(outcomes.map((o) => [o.table, progressOfOutcome(o, described.stopDate)])),
    };
  return { known: await progressOfExecution(client, executionArn, described.status!) };
}

/**
 * A refresh's status and, table by table, how far it got (see `tablesOf`): a look at a running
 * refresh costs one `DescribeExecution` per table started so far; a finished one, one call in all
 * unless its report left failed tables out.
 */
export async function describeRefresh(
  client: RefreshClient,
  execution: string,
): Promise<RefreshDescription> {
  const executionArn = refreshArnOf(client, execution);
  const params: DescribeExecutionCommandInput = { executionArn };
  const described = await call("DescribeExecution", executionArn, () =>
    client.sfn.send(new DescribeExecutionCommand(params)),
  );
  const status = described.status!;
  const input = parseJson(described.input) as Record<string, unknown> | undefined;
  const environment = typeof input?.environment === "string" ? input.environment : undefined;
  const error =
    described.error === undefined
      ? undefined
      : {
          error: described.error,
          ...(described.cause === undefined ? {} : { cause: described.cause }),
        };

  let tables: TableProgress[] = [];
  let report: RefreshReport | undefined;
  if (error === undefined || !BEFORE_ANY_TABLE.has(error.error)) {
    const asked =
      Array.isArray(input?.tables) && input.tables.every((t) => typeof t === "string")
        ? (input.tables as string[])
        : client.rules.tables;
    const found = await tablesOf(client, executionArn, described, asked, environment);
    report = found.report;
    const known = found.known;
    const order = [
      ...new Set([
        ...client.rules.tables.filter((t) => asked.includes(t)),
        ...asked,
        ...known.keys(),
      ]),
    ];
    const running = status === "RUNNING";
    tables = order.map((table): TableProgress => {
      const progress = known.get(table);
      if (progress === undefined)
        return {
          table,
          targetTable: `${environment ?? "?"}-${table}`,
          state: running ? "WAITING" : "NOT_RUN",
        };
      return progress.state === "RUNNING" && !running
        ? { ...progress, state: "STOPPED" }
        : progress;
    });
  }

  return {
    executionArn,
    name: described.name ?? executionArn.split(":").pop()!,
    status,
    consoleUrl: consoleUrlOf(executionArn),
    ...(environment === undefined ? {} : { environment }),
    ...(typeof input?.requestedBy === "string" ? { requestedBy: input.requestedBy } : {}),
    ...(typeof input?.copyDate === "string" ? { copyDate: input.copyDate } : {}),
    startDate: described.startDate!,
    ...(described.stopDate === undefined ? {} : { stopDate: described.stopDate }),
    tables,
    ...(report === undefined ? {} : { report }),
    ...(error === undefined ? {} : { error }),
  };
}
