import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandInput,
  type ExecutionStatus,
  type GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { consoleUrlOf } from "./arns";
import type { RefreshClient } from "./client";
import { call } from "./errors";
import { refreshArnOf } from "./execution-ref";
import {
  outcomesIn,
  parseJson,
  progressFromHistory,
  progressOfOutcome,
  type TableProgress,
} from "./table-progress";

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
  /** The execution's `Error` and `Cause`, when it failed, timed out or was stopped. */
  error?: { error: string; cause?: string };
}

/** Errors of the restore machine that end it before any table is touched. */
const BEFORE_ANY_TABLE = new Set(["InvalidInput", "RefreshInProgress"]);

const HISTORY_PAGE = 1000;

async function historyOf(client: RefreshClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const params: GetExecutionHistoryCommandInput = {
      executionArn,
      includeExecutionData: true,
      maxResults: HISTORY_PAGE,
      ...(nextToken === undefined ? {} : { nextToken }),
    };
    const page = await call("GetExecutionHistory", executionArn, () =>
      client.sfn.send(new GetExecutionHistoryCommand(params)),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/**
 * A refresh's status and, table by table, how far it got: from the output once it succeeded, from
 * the `TablesFailed` cause once it failed that way, else (running, stopped, timed out) from the
 * execution's history. The history of the parent is enough: each table is one child execution,
 * started and awaited by one Task whose events name the table, so no child needs to be read.
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
  if (error === undefined || !BEFORE_ANY_TABLE.has(error.error)) {
    const outcomes =
      status === "SUCCEEDED"
        ? outcomesIn(parseJson(described.output))
        : error?.error === "TablesFailed"
          ? outcomesIn(parseJson(error.cause))
          : undefined;
    const known =
      outcomes === undefined
        ? progressFromHistory(await historyOf(client, executionArn))
        : new Map(outcomes.map((o) => [o.table, progressOfOutcome(o, described.stopDate)]));
    const asked =
      Array.isArray(input?.tables) && input.tables.every((t) => typeof t === "string")
        ? (input.tables as string[])
        : client.rules.tables;
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
    ...(error === undefined ? {} : { error }),
  };
}
