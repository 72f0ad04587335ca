import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { restoreMachine } from "../../asl/machines/restore";
import { describeRefresh } from "../../chat/describe-refresh";
import { AwsCallFailed, RequestRefused } from "../../chat/errors";
import { followRefresh } from "../../chat/follow-refresh";
import type { TableProgress } from "../../chat/table-progress";
import {
  at,
  awsError,
  childExecutionArn,
  executionArn,
  HistoryBuilder,
  mapRunArn,
  mapRunChild,
  mockedRefreshClient,
  mockMapRun,
  RESTORE_ARN,
  RESTORE_TABLE_ARN,
} from "../helpers/sfn";
import { models } from "../helpers/rehearsal";

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
    // A history without a Map Run (started before the Map was a Distributed one) is enough.
    expect(m.sfn.commandCalls(ListExecutionsCommand)).to.have.length(0);
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

  it("reads a refresh from before the report from the outcomes in its output, without its history", async () => {
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

  it("reads a refresh from before the report from the outcomes in the cause of TablesFailed", async () => {
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

describe("describeRefresh of a refresh whose tables run in a Distributed Map", () => {
  const RUN = mapRunArn("0f9b3c1e-run-1");
  const RULES = {
    environments: ["dev-3"],
    tables: ["Following", "Users", "Sessions", "Orders", "Payments"],
  };
  const FAILED_RESULT = {
    status: "FAILED",
    error: "NoRecoveryPoint",
    cause: "no copy of Sessions younger than 48 hours",
  };
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient(undefined, RULES);
  });
  afterEach(() => m.sfn.restore());

  /** The parent's history: the Map Run started, and ended with `end` if given. */
  function parentHistory(end?: "MapRunSucceeded" | "MapRunFailed" | "MapRunAborted") {
    const h = new HistoryBuilder();
    const started = h.startMapRun(RUN, 1, h.start());
    if (end !== undefined) h.endMapRun(end, 40, started);
    return h.events;
  }

  it("reads each table from its child execution's compact result, and shows the tables not started as WAITING", async () => {
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-users", { table: "Users", status: "RUNNING", started: 1 }),
      mapRunChild(RUN, "c-following", {
        table: "Following",
        status: "SUCCEEDED",
        started: 1,
        stopped: 9,
        output: { status: "RESTORED" },
      }),
      mapRunChild(RUN, "c-sessions", {
        table: "Sessions",
        status: "SUCCEEDED",
        started: 9,
        stopped: 12,
        output: FAILED_RESULT,
      }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(d.tables).to.deep.equal([
      {
        table: "Following",
        targetTable: "dev-3-Following",
        state: "RESTORED",
        startedAt: at(1),
        endedAt: at(9),
      },
      { table: "Users", targetTable: "dev-3-Users", state: "RUNNING", startedAt: at(1) },
      {
        table: "Sessions",
        targetTable: "dev-3-Sessions",
        state: "FAILED",
        startedAt: at(9),
        endedAt: at(12),
        error: FAILED_RESULT.error,
        cause: FAILED_RESULT.cause,
      },
      { table: "Orders", targetTable: "dev-3-Orders", state: "WAITING" },
      { table: "Payments", targetTable: "dev-3-Payments", state: "WAITING" },
    ]);
    const describedChildren = m.sfn
      .commandCalls(DescribeExecutionCommand)
      .map((c) => c.args[0].input.executionArn)
      .filter((arn) => arn !== ARN)
      .sort();
    expect(describedChildren).to.deep.equal(
      ["c-following", "c-sessions", "c-users"].map((id) => childExecutionArn(id)),
    );
  });

  it("still reads the children of a refresh from before the report: entry and request in, full outcome out", async () => {
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-users", { table: "Users", status: "RUNNING", started: 1, before: true }),
      mapRunChild(RUN, "c-following", {
        table: "Following",
        status: "SUCCEEDED",
        started: 1,
        stopped: 9,
        output: RESTORED,
        before: true,
      }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(d.tables.slice(0, 2)).to.deep.equal([
      {
        table: "Following",
        targetTable: "dev-3-Following",
        state: "RESTORED",
        startedAt: at(1),
        endedAt: at(9),
        recoveryPointArn: RESTORED.recoveryPointArn,
        copyCreatedAt: RESTORED.copyCreatedAt,
      },
      { table: "Users", targetTable: "dev-3-Users", state: "RUNNING", startedAt: at(1) },
    ]);
  });

  it("mocks children with the input the restore machine's ItemSelector gives them", () => {
    const map = Object.values(restoreMachine(models().dev).States).find(
      (state) => state.Type === "Map",
    ) as { ItemSelector: Record<string, unknown> };
    const selected = Object.keys(map.ItemSelector).map((key) => key.replace(/\.\$$/, ""));
    const child = mapRunChild(RUN, "c", { table: "Users", status: "RUNNING", started: 1 });
    const input = JSON.parse(child.described.input!) as Record<string, unknown>;
    expect(Object.keys(input).sort()).to.deep.equal(selected.sort());
  });

  it("lists the Map Run's children page by page, with the Map Run's ARN", async () => {
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
    const children = ["Following", "Users", "Sessions"].map((table, i) =>
      mapRunChild(RUN, `c-${i}`, { table, status: "RUNNING", started: i + 1 }),
    );
    mockMapRun(m.sfn, RUN, children, 2);
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RUNNING",
      "Users:RUNNING",
      "Sessions:RUNNING",
      "Orders:WAITING",
      "Payments:WAITING",
    ]);
    const pages = m.sfn.commandCalls(ListExecutionsCommand).map((c) => c.args[0].input);
    expect(pages).to.deep.equal([
      { mapRunArn: RUN, maxResults: 1000 },
      { mapRunArn: RUN, maxResults: 1000, nextToken: "page-2" },
    ]);
  });

  it("marks the children of a stopped refresh STOPPED, running or aborted, and the others NOT_RUN", async () => {
    m.sfn
      .on(DescribeExecutionCommand, { executionArn: ARN })
      .resolves(described({ status: "ABORTED", stopDate: STOP }));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory("MapRunAborted") });
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-following", {
        table: "Following",
        status: "SUCCEEDED",
        started: 1,
        stopped: 9,
        output: { status: "RESTORED" },
      }),
      mapRunChild(RUN, "c-users", { table: "Users", status: "ABORTED", started: 1, stopped: 40 }),
      // Not aborted yet: Step Functions stops a Map Run's children after the parent.
      mapRunChild(RUN, "c-sessions", { table: "Sessions", status: "RUNNING", started: 9 }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RESTORED",
      "Users:STOPPED",
      "Sessions:STOPPED",
      "Orders:NOT_RUN",
      "Payments:NOT_RUN",
    ]);
    expect(d.tables[1]).to.deep.equal({
      table: "Users",
      targetTable: "dev-3-Users",
      state: "STOPPED",
      startedAt: at(1),
      endedAt: at(40),
    });
  });

  it("gives a child that failed, timed out or was stopped alone as FAILED, with its error", async () => {
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-following", {
        table: "Following",
        status: "TIMED_OUT",
        started: 1,
        stopped: 31,
        error: "States.Timeout",
      }),
      mapRunChild(RUN, "c-users", { table: "Users", status: "ABORTED", started: 1, stopped: 5 }),
      mapRunChild(RUN, "c-sessions", {
        table: "Sessions",
        status: "FAILED",
        started: 2,
        stopped: 3,
        error: "States.Runtime",
        cause: "the child hit a limit",
      }),
      mapRunChild(RUN, "c-orders", {
        table: "Orders",
        status: "SUCCEEDED",
        started: 2,
        stopped: 4,
      }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(
      d.tables.map((t) => [t.table, t.state, t.error, t.cause, t.startedAt, t.endedAt]),
    ).to.deep.equal([
      ["Following", "FAILED", "States.Timeout", undefined, at(1), at(31)],
      ["Users", "FAILED", "ABORTED", undefined, at(1), at(5)],
      ["Sessions", "FAILED", "States.Runtime", "the child hit a limit", at(2), at(3)],
      ["Orders", "FAILED", "NoOutcome", undefined, at(2), at(4)],
      ["Payments", "WAITING", undefined, undefined, undefined, undefined],
    ]);
  });

  it("describes at most 10 children at once", async () => {
    const tables = Array.from({ length: 25 }, (_, i) => `Table${i}`);
    const many = mockedRefreshClient(undefined, { environments: ["dev-3"], tables });
    try {
      many.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
      many.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
      const children = tables.map((table, i) =>
        mapRunChild(RUN, `c-${i}`, { table, status: "RUNNING", started: 1 }),
      );
      mockMapRun(many.sfn, RUN, children);
      let inFlight = 0;
      let most = 0;
      for (const child of children)
        many.sfn
          .on(DescribeExecutionCommand, { executionArn: child.described.executionArn })
          .callsFake(async () => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 2));
            inFlight -= 1;
            return child.described;
          });
      const d = await describeRefresh(many.client, NAME);
      expect(d.tables.map((t) => t.state)).to.deep.equal(tables.map(() => "RUNNING"));
      expect(most).to.equal(10);
    } finally {
      many.sfn.restore();
    }
  });

  it("words a denied ListExecutions of the Map Run as the other denied calls", async () => {
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: parentHistory() });
    m.sfn.on(ListExecutionsCommand).rejects(awsError("AccessDeniedException", "not authorized"));
    const failure = async () => {
      try {
        await describeRefresh(m.client, NAME);
      } catch (error) {
        return error;
      }
      expect.fail("no error");
    };
    const denied = await failure();
    expect(denied).to.be.instanceOf(AwsCallFailed);
    expect(denied).to.include({ code: "AccessDeniedException", operation: "ListExecutions" });
    expect((denied as Error).message).to.equal(
      `AWS denied ListExecutions on ${RUN}: the credentials in use may not do this (not authorized). Use the chat bot's role (datarefresh-chat-bot) or another role allowed to; check --profile`,
    );

    // The same words as a denied DescribeExecution of the refresh itself.
    m.sfn.reset();
    m.sfn.on(DescribeExecutionCommand).rejects(awsError("AccessDeniedException", "not authorized"));
    const parentDenied = (await failure()) as AwsCallFailed;
    expect(parentDenied.message.replace(`DescribeExecution on ${ARN}`, "")).to.equal(
      (denied as Error).message.replace(`ListExecutions on ${RUN}`, ""),
    );
  });

  it("reads the tables of an execution started before the Map was a Distributed one, and of one after", async () => {
    // The Task events of the inline Map name Following; the Map Run's child names Users.
    const h = new HistoryBuilder();
    const start = h.start();
    const following = h.schedule("Following", 1, start);
    h.succeed("Following", RESTORED, 9, following);
    h.startMapRun(RUN, 10, start);
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(described({}));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-users", { table: "Users", status: "RUNNING", started: 10 }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RESTORED",
      "Users:RUNNING",
      "Sessions:WAITING",
      "Orders:WAITING",
      "Payments:WAITING",
    ]);
  });
});

describe("describeRefresh of a finished refresh, from its report", () => {
  const RUN = mapRunArn("0f9b3c1e-run-1");
  const RULES = {
    environments: ["dev-3"],
    tables: ["Following", "Users", "Sessions", "Orders", "Payments"],
  };
  const OUTCOMES = { tableName: "datarefresh-state", pk: `refresh#${ARN}` };
  const report = (fields: Record<string, unknown>) => ({
    environment: "dev-3",
    requestedBy: "slack:U0123",
    copyDate: "latest",
    requested: 5,
    restored: 5,
    failed: 0,
    failedTables: [],
    notListed: 0,
    outcomes: OUTCOMES,
    ...fields,
  });
  const tablesFailed = (cause: unknown) =>
    described({
      status: "FAILED",
      stopDate: STOP,
      error: "TablesFailed",
      cause: JSON.stringify(cause),
    });
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient(undefined, RULES);
  });
  afterEach(() => m.sfn.restore());

  const expectNoHistoryRead = () => {
    expect(m.sfn.commandCalls(GetExecutionHistoryCommand)).to.have.length(0);
    expect(m.sfn.commandCalls(ListExecutionsCommand)).to.have.length(0);
  };

  it("gives every asked table RESTORED when it succeeded, and the report, with one call", async () => {
    const output = report({ requested: 2, restored: 2 });
    m.sfn.on(DescribeExecutionCommand).resolves(
      described({
        status: "SUCCEEDED",
        stopDate: STOP,
        input: JSON.stringify({ environment: "dev-3", tables: ["Users", "Following"] }),
        output: JSON.stringify(output),
      }),
    );
    const d = await describeRefresh(m.client, NAME);
    expect(d.tables).to.deep.equal([
      { table: "Following", targetTable: "dev-3-Following", state: "RESTORED" },
      { table: "Users", targetTable: "dev-3-Users", state: "RESTORED" },
    ]);
    expect(d.report).to.deep.equal(output);
    expect(m.sfn.calls()).to.have.length(1);
  });

  it("gives the failed tables of TablesFailed with error and cause, every other catalogued table RESTORED", async () => {
    const cause = report({
      restored: 3,
      failed: 2,
      failedTables: [
        {
          table: "Orders",
          targetTable: "dev-3-Orders",
          error: "RestoreFailed",
          cause: "Table already exists: dev-3-Orders",
        },
        { table: "Users", targetTable: "dev-3-Users", error: "States.Timeout" },
      ],
    });
    m.sfn.on(DescribeExecutionCommand).resolves(tablesFailed(cause));
    const d = await describeRefresh(m.client, NAME);
    expect(d.tables).to.deep.equal([
      { table: "Following", targetTable: "dev-3-Following", state: "RESTORED" },
      { table: "Users", targetTable: "dev-3-Users", state: "FAILED", error: "States.Timeout" },
      { table: "Sessions", targetTable: "dev-3-Sessions", state: "RESTORED" },
      {
        table: "Orders",
        targetTable: "dev-3-Orders",
        state: "FAILED",
        error: "RestoreFailed",
        cause: "Table already exists: dev-3-Orders",
      },
      { table: "Payments", targetTable: "dev-3-Payments", state: "RESTORED" },
    ]);
    expect(d.report).to.deep.equal(cause);
    expect(d.error).to.deep.equal({ error: "TablesFailed", cause: JSON.stringify(cause) });
    expectNoHistoryRead();
  });

  it("reads the Map Run's children when the report left failed tables out (notListed > 0)", async () => {
    const cause = report({
      restored: 1,
      failed: 4,
      failedTables: [
        { table: "Orders", targetTable: "dev-3-Orders", error: "RestoreFailed", cause: "listed" },
      ],
      notListed: 3,
    });
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(tablesFailed(cause));
    const h = new HistoryBuilder();
    h.endMapRun("MapRunSucceeded", 40, h.startMapRun(RUN, 1, h.start()));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
    const failed = (error: string, cause?: string) => ({
      status: "FAILED",
      error,
      ...(cause === undefined ? {} : { cause }),
    });
    // No child of Orders is found: the report tells of it still.
    mockMapRun(m.sfn, RUN, [
      mapRunChild(RUN, "c-users", {
        table: "Users",
        status: "SUCCEEDED",
        started: 1,
        stopped: 5,
        output: failed("NoRecoveryPoint", "no copy of Users"),
      }),
      mapRunChild(RUN, "c-payments", {
        table: "Payments",
        status: "SUCCEEDED",
        started: 2,
        stopped: 6,
        output: failed("TableProtected"),
      }),
      mapRunChild(RUN, "c-following", {
        table: "Following",
        status: "SUCCEEDED",
        started: 5,
        stopped: 9,
        output: { status: "RESTORED" },
      }),
      mapRunChild(RUN, "c-sessions", {
        table: "Sessions",
        status: "SUCCEEDED",
        started: 6,
        stopped: 7,
        output: failed("ImportFailed", "UNKNOWN: the import failed"),
      }),
    ]);
    const d = await describeRefresh(m.client, NAME);
    expect(d.tables.map((t) => [t.table, t.state, t.error, t.cause, t.startedAt])).to.deep.equal([
      ["Following", "RESTORED", undefined, undefined, at(5)],
      ["Users", "FAILED", "NoRecoveryPoint", "no copy of Users", at(1)],
      ["Sessions", "FAILED", "ImportFailed", "UNKNOWN: the import failed", at(6)],
      ["Orders", "FAILED", "RestoreFailed", "listed", undefined],
      ["Payments", "FAILED", "TableProtected", undefined, at(2)],
    ]);
    expect(d.report).to.deep.include({ notListed: 3, failed: 4 });
    expect(m.sfn.commandCalls(ListExecutionsCommand)).to.have.length(1);
  });

  it("reads the children when the report's count is not that of the tables asked (the catalog changed)", async () => {
    // Asked for every table when the catalog had two; five now.
    m.sfn.on(DescribeExecutionCommand, { executionArn: ARN }).resolves(
      described({
        status: "SUCCEEDED",
        stopDate: STOP,
        output: JSON.stringify(report({ requested: 2, restored: 2 })),
      }),
    );
    const h = new HistoryBuilder();
    h.endMapRun("MapRunSucceeded", 40, h.startMapRun(RUN, 1, h.start()));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
    mockMapRun(
      m.sfn,
      RUN,
      ["Users", "Following"].map((table, i) =>
        mapRunChild(RUN, `c-${i}`, {
          table,
          status: "SUCCEEDED",
          started: 1,
          stopped: 9,
          output: { status: "RESTORED" },
        }),
      ),
    );
    const d = await describeRefresh(m.client, NAME);
    expect(states(d.tables)).to.deep.equal([
      "Following:RESTORED",
      "Users:RESTORED",
      "Sessions:NOT_RUN",
      "Orders:NOT_RUN",
      "Payments:NOT_RUN",
    ]);
  });

  it("takes an ending that is neither a report nor a list of outcomes for no ending, and reads the history", async () => {
    m.sfn
      .on(DescribeExecutionCommand, { executionArn: ARN })
      .resolves(tablesFailed({ requested: "five", failedTables: [] }));
    m.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const d = await describeRefresh(m.client, NAME);
    expect(d.report).to.equal(undefined);
    expect(states(d.tables)).to.deep.equal(RULES.tables.map((t) => `${t}:NOT_RUN`));
    expect(m.sfn.commandCalls(GetExecutionHistoryCommand)).to.have.length(1);
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
