import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  type ExecutionStatus,
  ListExecutionsCommand,
  type ListExecutionsCommandInput,
} from "@aws-sdk/client-sfn";
import { fillIn } from "../asl/machines/name-list-rules";
import { restoreRefusals } from "../asl/machines/restore-input";
import { consoleUrlOf } from "./arns";
import { mapBounded } from "./bounded";
import type { RefreshClient } from "./client";
import { call, RequestRefused } from "./errors";
import { parseExecutionName } from "./execution-name";
import { countsIn, endingOf, type RefreshCounts } from "./refresh-report";
import { isRecord, parseJson } from "./table-progress";

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
  /** Its tables, once it succeeded or failed with `TablesFailed`. */
  counts?: RefreshCounts;
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
/** Ended executions described at once for their counts. */
const DESCRIBED_AT_ONCE = 10;

async function listPage(client: RefreshClient, params: ListExecutionsCommandInput) {
  return call("ListExecutions", client.stateMachineArn, () =>
    client.sfn.send(new ListExecutionsCommand(params)),
  );
}

function describe(
  client: RefreshClient,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput> {
  return call("DescribeExecution", executionArn, () =>
    client.sfn.send(new DescribeExecutionCommand({ executionArn })),
  );
}

function environmentIn(described: DescribeExecutionCommandOutput): string | undefined {
  const input = parseJson(described.input);
  return isRecord(input) && typeof input.environment === "string" ? input.environment : undefined;
}

/**
 * Running and recent refreshes, of one environment or all: the running ones (every page), then
 * the newest page. The environment comes from the execution's name; for executions started some
 * other way (the console), from their input. Each one that ended with its tables' counts is
 * described for them: one `DescribeExecution` per refresh listed that succeeded or failed.
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
  const descriptions = new Map<string, DescribeExecutionCommandOutput>();
  for (const item of ordered) {
    if (summaries.length >= limit) break;
    const parsed = parseExecutionName(item.name ?? "");
    let env = parsed?.environment;
    if (env === undefined && descriptions.size < MAX_DESCRIBED) {
      const described = await describe(client, item.executionArn!);
      descriptions.set(item.executionArn!, described);
      env = environmentIn(described);
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
  return withCounts(client, summaries, descriptions);
}

/** The summaries, each that succeeded or failed with its tables' counts where it ended with them. */
async function withCounts(
  client: RefreshClient,
  summaries: readonly RefreshSummary[],
  descriptions: ReadonlyMap<string, DescribeExecutionCommandOutput>,
): Promise<RefreshSummary[]> {
  return mapBounded(summaries, DESCRIBED_AT_ONCE, async (summary) => {
    if (summary.status !== "SUCCEEDED" && summary.status !== "FAILED") return summary;
    const described =
      descriptions.get(summary.executionArn) ?? (await describe(client, summary.executionArn));
    const counts = countsIn(endingOf(described));
    return counts === undefined ? summary : { ...summary, counts };
  });
}
