import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  ListExecutionsCommand,
  type ListExecutionsCommandInput,
} from "@aws-sdk/client-sfn";
import { fillIn } from "../asl/machines/name-list-rules";
import { restoreRefusals } from "../asl/machines/restore-input";
import { consoleUrlOf } from "./arns";
import type { RefreshClient } from "./client";
import { call, RequestRefused } from "./errors";
import { parseExecutionName } from "./execution-name";

export interface RefreshSummary {
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  environment?: string;
  /** Who asked, as the execution's name holds it (`slack-U0123`). */
  requester?: string;
  startDate: Date;
  stopDate?: Date;
  consoleUrl: string;
}

export interface ListOptions {
  environment?: string;
  /** At most this many, running ones first, then the newest. Default 10. */
  limit?: number;
}

const PAGE = 100;
/** Pages of running executions read at most: far more than one refresh per environment. */
const RUNNING_PAGES = 3;
/** Executions not named by this library whose input is read to learn their environment. */
const MAX_DESCRIBED = 20;

async function listPage(client: RefreshClient, params: ListExecutionsCommandInput) {
  return call("ListExecutions", client.stateMachineArn, () =>
    client.sfn.send(new ListExecutionsCommand(params)),
  );
}

async function environmentOf(
  client: RefreshClient,
  item: ExecutionListItem,
): Promise<string | undefined> {
  const described = await call("DescribeExecution", item.executionArn!, () =>
    client.sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn! })),
  );
  try {
    const input = JSON.parse(described.input ?? "{}") as { environment?: unknown };
    return typeof input.environment === "string" ? input.environment : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Running and recent refreshes, of one environment or all: the running ones (every page), then
 * the newest page. The environment comes from the execution's name; for executions started some
 * other way (the console), from their input.
 */
export async function listRefreshes(
  client: RefreshClient,
  options: ListOptions = {},
): Promise<RefreshSummary[]> {
  const { environment } = options;
  const limit = options.limit ?? 10;
  if (environment !== undefined && !client.rules.environments.includes(environment))
    throw new RequestRefused(fillIn(restoreRefusals(client.rules).environment, environment));

  const items = new Map<string, ExecutionListItem>();
  let nextToken: string | undefined;
  for (let page = 0; page < RUNNING_PAGES; page += 1) {
    const running = await listPage(client, {
      stateMachineArn: client.stateMachineArn,
      statusFilter: "RUNNING",
      maxResults: PAGE,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    for (const item of running.executions ?? []) items.set(item.executionArn!, item);
    nextToken = running.nextToken;
    if (nextToken === undefined) break;
  }
  const recent = await listPage(client, {
    stateMachineArn: client.stateMachineArn,
    maxResults: PAGE,
  });
  for (const item of recent.executions ?? []) items.set(item.executionArn!, item);

  const ordered = [...items.values()].sort(
    (a, b) =>
      Number(b.status === "RUNNING") - Number(a.status === "RUNNING") ||
      (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0),
  );
  const summaries: RefreshSummary[] = [];
  let described = 0;
  for (const item of ordered) {
    if (summaries.length >= limit) break;
    const parsed = parseExecutionName(item.name ?? "");
    let env = parsed?.environment;
    if (env === undefined && described < MAX_DESCRIBED) {
      described += 1;
      env = await environmentOf(client, item);
    }
    if (environment !== undefined && env !== environment) continue;
    summaries.push({
      executionArn: item.executionArn!,
      name: item.name!,
      status: item.status!,
      ...(env === undefined ? {} : { environment: env }),
      ...(parsed === undefined ? {} : { requester: parsed.requester }),
      startDate: item.startDate!,
      ...(item.stopDate === undefined ? {} : { stopDate: item.stopDate }),
      consoleUrl: consoleUrlOf(item.executionArn!),
    });
  }
  return summaries;
}
