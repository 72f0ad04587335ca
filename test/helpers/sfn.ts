import "./quiet-sdk";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  type ExecutionStatus,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  SFNServiceException,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";

export type SfnMock = ReturnType<typeof mockSfn>;
const mockSfn = () => mockClient(SFNClient);
import { MAP_RUN_LABEL } from "../../asl/machines/map-run";
import { type RestoreRules, restoreRulesOf } from "../../asl/machines/restore-input";
import { refreshClient, type RefreshClient } from "../../chat/client";
import { models } from "./rehearsal";

export const RESTORE_ARN = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore";
export const RESTORE_TABLE_ARN =
  "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore-table";
export const executionArn = (name: string, machine = RESTORE_ARN) =>
  `${machine.replace(":stateMachine:", ":execution:")}:${name}`;

/**
 * A mocked Step Functions and a client of the example dev stack, its clock at `now`; `rules` in
 * place of the stack's environments and tables, where a test needs more tables than its catalog.
 */
export function mockedRefreshClient(
  now = new Date("2026-11-26T16:00:00.000Z"),
  rules: RestoreRules = restoreRulesOf(models().dev),
): {
  sfn: SfnMock;
  client: RefreshClient;
} {
  const sfn = mockSfn();
  const client = refreshClient({
    sfn: new SFNClient({ region: "eu-west-1" }),
    stateMachineArn: RESTORE_ARN,
    rules,
    now: () => now,
  });
  return { sfn, client };
}

/** An error as Step Functions returns it through the SDK. */
export function awsError(name: string, message = `${name} message`, status = 400) {
  return new SFNServiceException({
    name,
    message,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
}

export const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 16, minute));

/** The ARN of a Map Run of the restore machine's Distributed Map. */
export const mapRunArn = (id: string, machine = RESTORE_ARN) =>
  `${machine.replace(":stateMachine:", ":mapRun:")}/${MAP_RUN_LABEL}:${id}`;

/** The ARN of a child execution (a "labelled execution") of a Map Run of the restore machine. */
export const childExecutionArn = (id: string, machine = RESTORE_ARN) =>
  `${machine.replace(":stateMachine:", ":execution:")}/${MAP_RUN_LABEL}:${id}`;

/**
 * The events of one table's Task in the restore machine's Map, as AWS writes them for
 * `startExecution.sync:2`: scheduled (its parameters name the table), started, submitted (the
 * child's ARN), then succeeded (the child's output) or failed. `previous` chains them.
 */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private nextId = 1;

  private add(event: Omit<HistoryEvent, "id" | "timestamp">, minute: number, previous?: number) {
    const id = this.nextId++;
    this.events.push({
      id,
      timestamp: at(minute),
      ...(previous === undefined ? {} : { previousEventId: previous }),
      ...event,
    } as HistoryEvent);
    return id;
  }

  start(): number {
    return this.add({ type: "ExecutionStarted" }, 0);
  }

  /**
   * The Distributed Map entered and its Map Run started, as the parent's history has them: the
   * tables' events are in the children's histories, not here.
   */
  startMapRun(arn: string, minute: number, previous: number): number {
    const entered = this.add(
      { type: "MapStateEntered", stateEnteredEventDetails: { name: "Refresh each table" } },
      minute,
      previous,
    );
    return this.add(
      { type: "MapRunStarted", mapRunStartedEventDetails: { mapRunArn: arn } },
      minute,
      entered,
    );
  }

  /** The Map Run ended: succeeded, failed or aborted (the parent was stopped). */
  endMapRun(
    type: "MapRunSucceeded" | "MapRunFailed" | "MapRunAborted",
    minute: number,
    previous: number,
  ): number {
    return this.add(
      type === "MapRunFailed"
        ? { type, mapRunFailedEventDetails: { error: "States.ExceedToleratedFailureThreshold" } }
        : { type },
      minute,
      previous,
    );
  }

  /** Schedules a table's child; returns the id the next events of that iteration follow. */
  schedule(table: string, minute: number, previous: number): number {
    const entered = this.add(
      { type: "TaskStateEntered", stateEnteredEventDetails: { name: "Refresh the table" } },
      minute,
      previous,
    );
    const scheduled = this.add(
      {
        type: "TaskScheduled",
        taskScheduledEventDetails: {
          resourceType: "states",
          resource: "startExecution.sync:2",
          region: "eu-west-1",
          parameters: JSON.stringify({
            Input: {
              environment: "dev-3",
              table,
              targetTable: `dev-3-${table}`,
              copyDate: "latest",
              requestedBy: "slack:U0123",
              AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn("x"),
            },
            StateMachineArn: RESTORE_TABLE_ARN,
          }),
        },
      },
      minute,
      entered,
    );
    const started = this.add(
      {
        type: "TaskStarted",
        taskStartedEventDetails: { resourceType: "states", resource: "startExecution.sync:2" },
      },
      minute,
      scheduled,
    );
    return this.add(
      {
        type: "TaskSubmitted",
        taskSubmittedEventDetails: {
          resourceType: "states",
          resource: "startExecution.sync:2",
          output: JSON.stringify({
            ExecutionArn: executionArn(`child-${table}`, RESTORE_TABLE_ARN),
            StartDate: at(minute).getTime() / 1000,
          }),
        },
      },
      minute,
      started,
    );
  }

  succeed(table: string, outcome: Record<string, unknown>, minute: number, previous: number) {
    return this.add(
      {
        type: "TaskSucceeded",
        taskSucceededEventDetails: {
          resourceType: "states",
          resource: "startExecution.sync:2",
          output: JSON.stringify({
            ExecutionArn: executionArn(`child-${table}`, RESTORE_TABLE_ARN),
            Output: { table, targetTable: `dev-3-${table}`, ...outcome },
            Status: "SUCCEEDED",
          }),
        },
      },
      minute,
      previous,
    );
  }

  fail(error: string, cause: string, minute: number, previous: number) {
    return this.add(
      {
        type: "TaskFailed",
        taskFailedEventDetails: {
          resourceType: "states",
          resource: "startExecution.sync:2",
          error,
          cause,
        },
      },
      minute,
      previous,
    );
  }
}

/** One child execution of a Map Run: the table it refreshes and how it stands. */
export interface ChildSpec {
  table: string;
  status: ExecutionStatus;
  /** Minutes after 16:00 UTC. */
  started: number;
  stopped?: number;
  /**
   * Its output: the table's compact result (`{"status": "FAILED", "error", "cause"}`), or, for a
   * child from `before` the report, its full outcome (`table` and `targetTable` added); none if
   * omitted.
   */
  output?: Record<string, unknown>;
  error?: string;
  cause?: string;
  /** A child of a refresh from before the report: its input and output of that time. */
  before?: boolean;
}

export interface MapRunChild {
  item: ExecutionListItem;
  described: DescribeExecutionCommandOutput;
}

/** A run's key, as the restore machine derives it from its execution ARN. */
const RUN_KEY = "9f86d081884c7d659a2feaa0c55ad015";

/**
 * A child execution of a Map Run as ListExecutions lists it and DescribeExecution describes it:
 * its input is what the restore machine's ItemSelector gives (the table, the request, the parent;
 * before the report: catalog entry, request, parent).
 */
export function mapRunChild(
  mapRun: string,
  id: string,
  spec: ChildSpec,
  parent = executionArn("dev-3-20261126T160000Z-slack-U0123"),
): MapRunChild {
  const arn = childExecutionArn(id);
  const common = {
    executionArn: arn,
    stateMachineArn: `${RESTORE_ARN}/${MAP_RUN_LABEL}`,
    name: id,
    status: spec.status,
    startDate: at(spec.started),
    ...(spec.stopped === undefined ? {} : { stopDate: at(spec.stopped) }),
  };
  const input =
    spec.before === true
      ? {
          entry: { name: spec.table, method: "aws-backup" },
          request: {
            environment: "dev-3",
            tables: [spec.table],
            requestedBy: "slack:U0123",
            copyDate: "latest",
          },
          parentExecution: parent,
        }
      : {
          table: spec.table,
          name: `${RUN_KEY}-0`,
          environment: "dev-3",
          copyDate: "latest",
          requestedBy: "slack:U0123",
          expiresAt: "1787241600",
          parentExecution: parent,
          refreshStartedAt: at(0).toISOString(),
        };
  const output =
    spec.output === undefined || spec.before !== true
      ? spec.output
      : { table: spec.table, targetTable: `dev-3-${spec.table}`, ...spec.output };
  return {
    item: { ...common, mapRunArn: mapRun, itemCount: 1 },
    described: {
      $metadata: {},
      ...common,
      mapRunArn: mapRun,
      input: JSON.stringify(input),
      ...(output === undefined ? {} : { output: JSON.stringify(output) }),
      ...(spec.error === undefined ? {} : { error: spec.error }),
      ...(spec.cause === undefined ? {} : { cause: spec.cause }),
    },
  };
}

/**
 * Mocks a Map Run's children: ListExecutions of `mapRun` lists them, `pageSize` a page (the next
 * page's token is `page-<n>`), and DescribeExecution of each describes it.
 */
export function mockMapRun(
  sfn: SfnMock,
  mapRun: string,
  children: readonly MapRunChild[],
  pageSize = 1000,
): void {
  const pages = sfn.on(ListExecutionsCommand, { mapRunArn: mapRun });
  for (let i = 0; i < Math.max(1, children.length); i += pageSize) {
    const last = i + pageSize >= children.length;
    pages.resolvesOnce({
      executions: children.slice(i, i + pageSize).map((c) => c.item),
      ...(last ? {} : { nextToken: `page-${i / pageSize + 2}` }),
    });
  }
  for (const child of children)
    sfn
      .on(DescribeExecutionCommand, { executionArn: child.described.executionArn })
      .resolves(child.described);
}
