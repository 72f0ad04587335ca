import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { describeRefresh } from "../../chat/describe-refresh";
import { AwsCallFailed, RequestRefused } from "../../chat/errors";
import { followRefresh } from "../../chat/follow-refresh";
import type { TableProgress } from "../../chat/table-progress";
import {
  awsError,
  executionArn,
  HistoryBuilder,
  mockedRefreshClient,
  RESTORE_ARN,
  RESTORE_TABLE_ARN,
} from "../helpers/sfn";

const NAME = "dev-3-20261126T160000Z-slack-U0123";
const ARN = executionArn(NAME);
const START = new Date("2026-11-26T16:00:00Z");
const STOP = new Date("2026-11-26T16:40:00Z");

function described(fields: Partial<DescribeExecutionCommandOutput>) {
  return {
    executionArn: ARN,
    stateMachineArn: RESTORE_ARN,
    name: NAME,
    status: "RUNNING" as const,
    startDate: START,
    input: JSON.stringify({ environment: "dev-3", requestedBy: "slack:U0123" }),
    ...fields,
  };
}

const RESTORED = {
  status: "RESTORED",
  recoveryPointArn: "arn:aws:backup:eu-west-1:222222222222:recovery-point:rp-1",
  copyCreatedAt: "2026-11-26T03:10:00Z",
};

/** Three tables in a Map with concurrency: their events interleave, as in a real history. */
function runningHistory(): HistoryBuilder {
  const h = new HistoryBuilder();
  const start = h.start();
  const following = h.schedule("Following", 1, start);
  const users = h.schedule("Users", 1, start);
  h.succeed("Following", RESTORED, 9, following);
  const sessions = h.schedule("Sessions", 9, following);
  void users;
  void sessions;
  return h;
}

const states = (tables: TableProgress[]) => tables.map((t) => `${t.table}:${t.state}`);

describe("describeRefresh", () => {
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient();
  });
  afterEach(() => m.sfn.restore());

  it("gives a running refresh's tables from its history, read page by page", async () => {
    const events = runningHistory().events;
    m.sfn.on(DescribeExecutionCommand).resolves(described({}));
    m.sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: events.slice(0, 6), nextToken: "page-2" })
      .resolvesOnce({ events: events.slice(6) });
    const d = await describeRefresh(m.client, NAME);
    expect(d).to.include({
      executionArn: ARN,
      name: NAME,
      status: "RUNNING",
      environment: "dev-3",
      requestedBy: "slack:U0123",
    });
    expect(d.tables).to.deep.equal([
      {
        table: "Following",
        targetTable: "dev-3-Following",
        state: "RESTORED",
        startedAt: new Date("2026-11-26T16:01:00Z"),
        endedAt: new Date("2026-11-26T16:09:00Z"),
        recoveryPointArn: RESTORED.recoveryPointArn,
        copyCreatedAt: RESTORED.copyCreatedAt,
      },
      {
        table: "Users",
        targetTable: "dev-3-Users",
        state: "RUNNING",
        startedAt: new Date("2026-11-26T16:01:00Z"),
      },
      {
        table: "Sessions",
        targetTable: "dev-3-Sessions",
        state: "RUNNING",
        startedAt: new Date("2026-11-26T16:09:00Z"),
      },
    ]);
    const pages = m.sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input);
    expect(pages).to.deep.equal([
      { executionArn: ARN, includeExecutionData: true, maxResults: 1000 },
      { executionArn: ARN, includeExecutionData: true, maxResults: 1000, nextToken: "page-2" },
    ]);
  });

  it("shows tables not started yet as WAITING, and a failed child with its error", async () => {
    const h = new HistoryBuilder();
    const start = h.start();
    const users = h.schedule("Users", 1, start);
    h.fail("States.TaskFailed", '{"Error":"RestoreFailed"}', 5, users);
    m.sfn.on(DescribeExecutionCommand).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
    const d = await describeRefresh(m.client, ARN);
    expect(states(d.tables)).to.deep.equal([
      "Following:WAITING",
      "Users:FAILED",
      "Sessions:WAITING",
    ]);
    expect(d.tables[1]).to.include({
      error: "States.TaskFailed",
      cause: '{"Error":"RestoreFailed"}',
    });
  });

  it("reads a finished refresh from its output, without its history", async () => {
    const output = {
      environment: "dev-3",
      tables: [
        { table: "Following", targetTable: "dev-3-Following", ...RESTORED },
        { table: "Users", targetTable: "dev-3-Users", ...RESTORED },
      ],
    };
    m.sfn.on(DescribeExecutionCommand).resolves(
      described({
        status: "SUCCEEDED",
        stopDate: STOP,
        input: JSON.stringify({ environment: "dev-3", tables: ["Users", "Following"] }),
        output: JSON.stringify(output),
      }),
    );
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal(["Following:RESTORED", "Users:RESTORED"]);
    expect(d.stopDate).to.deep.equal(STOP);
    expect(m.sfn.commandCalls(GetExecutionHistoryCommand)).to.have.length(0);
  });

  it("reads each table's outcome from the cause of TablesFailed", async () => {
    const outcomes = [
      { table: "Following", targetTable: "dev-3-Following", ...RESTORED },
      {
        table: "Users",
        targetTable: "dev-3-Users",
        status: "FAILED",
        recoveryPointArn: null,
        copyCreatedAt: null,
        error: "NoRecoveryPoint",
        cause: "no copy of Users younger than 48 hours",
      },
      { table: "Sessions", targetTable: "dev-3-Sessions", ...RESTORED },
    ];
    m.sfn.on(DescribeExecutionCommand).resolves(
      described({
        status: "FAILED",
        stopDate: STOP,
        error: "TablesFailed",
        cause: JSON.stringify(outcomes),
      }),
    );
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RESTORED",
      "Users:FAILED",
      "Sessions:RESTORED",
    ]);
    expect(d.tables[1]).to.deep.include({
      error: "NoRecoveryPoint",
      cause: "no copy of Users younger than 48 hours",
    });
    expect(d.error?.error).to.equal("TablesFailed");
  });

  for (const error of ["InvalidInput", "RefreshInProgress"]) {
    it(`lists no table for ${error}: nothing was touched`, async () => {
      m.sfn
        .on(DescribeExecutionCommand)
        .resolves(
          described({ status: "FAILED", stopDate: START, error, cause: `the ${error} cause` }),
        );
      const d = await describeRefresh(m.client, NAME);
      expect(d.tables).to.deep.equal([]);
      expect(d.error).to.deep.equal({ error, cause: `the ${error} cause` });
      expect(m.sfn.commandCalls(GetExecutionHistoryCommand)).to.have.length(0);
    });
  }

  it("marks the tables a stopped refresh was working on as STOPPED, and the others NOT_RUN", async () => {
    const h = new HistoryBuilder();
    const start = h.start();
    const following = h.schedule("Following", 1, start);
    h.succeed("Following", RESTORED, 9, following);
    h.schedule("Users", 9, following);
    m.sfn.on(DescribeExecutionCommand).resolves(described({ status: "ABORTED", stopDate: STOP }));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RESTORED",
      "Users:STOPPED",
      "Sessions:NOT_RUN",
    ]);
  });

  it("refuses an execution of another machine, and a name Step Functions would not take", async () => {
    for (const bad of [
      executionArn("child", RESTORE_TABLE_ARN),
      "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore",
      "dev 3",
    ]) {
      try {
        await describeRefresh(m.client, bad);
        expect.fail(`accepted ${bad}`);
      } catch (error) {
        expect(error, bad).to.be.instanceOf(RequestRefused);
      }
    }
    expect(m.sfn.calls()).to.have.length(0);
  });

  it("says plainly that a refresh does not exist", async () => {
    m.sfn.on(DescribeExecutionCommand).rejects(awsError("ExecutionDoesNotExist"));
    try {
      await describeRefresh(m.client, NAME);
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(AwsCallFailed);
      expect((error as Error).message).to.equal(`there is no refresh ${ARN}`);
    }
  });
});

describe("followRefresh", () => {
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient();
  });
  afterEach(() => m.sfn.restore());

  it("looks again after each interval until the refresh ends, through a throttled look", async () => {
    const done = { environment: "dev-3", tables: [] };
    m.sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(described({ input: '{"environment":"dev-3","tables":["Users"]}' }))
      .rejectsOnce(awsError("ThrottlingException"))
      .resolves(
        described({
          status: "SUCCEEDED",
          stopDate: STOP,
          input: '{"environment":"dev-3","tables":["Users"]}',
          output: JSON.stringify(done),
        }),
      );
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const slept: number[] = [];
    const seen: string[] = [];
    const retried: string[] = [];
    const last = await followRefresh(m.client, NAME, {
      intervalMs: 5,
      sleep: async (ms) => void slept.push(ms),
      onUpdate: (d) => seen.push(d.status),
      onRetry: (e) => retried.push(e.code),
    });
    expect(last.status).to.equal("SUCCEEDED");
    expect(seen).to.deep.equal(["RUNNING", "SUCCEEDED"]);
    expect(retried).to.deep.equal(["ThrottlingException"]);
    expect(slept).to.deep.equal([5, 5]);
  });

  it("gives up after too many failed looks in a row, and at once when access is denied", async () => {
    m.sfn.on(DescribeExecutionCommand).rejects(awsError("ThrottlingException"));
    const noSleep = { sleep: async () => undefined, maxFailuresInARow: 3 };
    try {
      await followRefresh(m.client, NAME, noSleep);
      expect.fail("no error");
    } catch (error) {
      expect((error as AwsCallFailed).code).to.equal("ThrottlingException");
    }
    expect(m.sfn.commandCalls(DescribeExecutionCommand)).to.have.length(3);
    m.sfn.reset();
    m.sfn.on(DescribeExecutionCommand).rejects(awsError("AccessDeniedException"));
    try {
      await followRefresh(m.client, NAME, noSleep);
      expect.fail("no error");
    } catch (error) {
      expect((error as AwsCallFailed).code).to.equal("AccessDeniedException");
    }
    expect(m.sfn.commandCalls(DescribeExecutionCommand)).to.have.length(1);
  });
});
