import "./quiet-sdk";
import { type HistoryEvent, SFNClient, SFNServiceException } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";

export type SfnMock = ReturnType<typeof mockSfn>;
const mockSfn = () => mockClient(SFNClient);
import { restoreRulesOf } from "../../asl/machines/restore-input";
import { refreshClient, type RefreshClient } from "../../chat/client";
import { models } from "./rehearsal";

export const RESTORE_ARN = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore";
export const RESTORE_TABLE_ARN =
  "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore-table";
export const executionArn = (name: string, machine = RESTORE_ARN) =>
  `${machine.replace(":stateMachine:", ":execution:")}:${name}`;

/** A mocked Step Functions and a client of the example dev stack, its clock at `now`. */
export function mockedRefreshClient(now = new Date("2026-11-26T16:00:00.000Z")): {
  sfn: SfnMock;
  client: RefreshClient;
} {
  const sfn = mockSfn();
  const client = refreshClient({
    sfn: new SFNClient({ region: "eu-west-1" }),
    stateMachineArn: RESTORE_ARN,
    rules: restoreRulesOf(models().dev),
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

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 16, minute));

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
