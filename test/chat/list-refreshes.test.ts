import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  ListExecutionsCommand,
  type ListExecutionsCommandInput,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { AwsCallFailed, RequestRefused } from "../../chat/errors";
import { listRefreshes } from "../../chat/list-refreshes";
import { awsError, executionArn, mockedRefreshClient, RESTORE_ARN } from "../helpers/sfn";

function item(name: string, status: ExecutionListItem["status"], hour: number): ExecutionListItem {
  return {
    executionArn: executionArn(name),
    stateMachineArn: RESTORE_ARN,
    name,
    status,
    startDate: new Date(Date.UTC(2026, 10, 26, hour)),
    ...(status === "RUNNING" ? {} : { stopDate: new Date(Date.UTC(2026, 10, 26, hour, 30)) }),
  };
}

const RUNNING_OLD = item("dev-1-20261126T020000Z-slack-U1", "RUNNING", 2);
const RUNNING_NEW = item("dev-3-20261126T150000Z-slack-U3", "RUNNING", 15);
const DONE = item("dev-3-20261126T120000Z-cli-ana", "SUCCEEDED", 12);
const FAILED = item("dev-2-20261126T110000Z-slack-U2", "FAILED", 11);
const FROM_CONSOLE = item("0c6f2f4a-9c1e-4b53-a7a1-57b3e8a0c1d2", "SUCCEEDED", 10);

describe("listRefreshes", () => {
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient();
    m.sfn.on(ListExecutionsCommand).callsFake((input: ListExecutionsCommandInput) => {
      expect(input.stateMachineArn).to.equal(RESTORE_ARN);
      if (input.statusFilter === undefined)
        return { executions: [RUNNING_NEW, DONE, FAILED, FROM_CONSOLE] };
      expect(input.statusFilter).to.equal("RUNNING");
      return input.nextToken === undefined
        ? { executions: [RUNNING_NEW], nextToken: "more" }
        : { executions: [RUNNING_OLD] };
    });
    m.sfn.on(DescribeExecutionCommand, { executionArn: FROM_CONSOLE.executionArn }).resolves({
      status: "FAILED",
      input: '{"environment":"dev-3","tables":["Users"]}',
      error: "InvalidInput",
      cause: "tables is empty",
    });
    m.sfn.on(DescribeExecutionCommand, { executionArn: DONE.executionArn }).resolves({
      status: "SUCCEEDED",
      output: JSON.stringify({
        environment: "dev-3",
        requested: 3,
        restored: 3,
        failed: 0,
        failedTables: [],
        notListed: 0,
      }),
    });
    // A refresh from before the report: the cause of TablesFailed lists every outcome.
    m.sfn.on(DescribeExecutionCommand, { executionArn: FAILED.executionArn }).resolves({
      status: "FAILED",
      error: "TablesFailed",
      cause: JSON.stringify([
        { table: "Users", targetTable: "dev-2-Users", status: "FAILED", error: "RestoreFailed" },
        { table: "Following", targetTable: "dev-2-Following", status: "RESTORED" },
      ]),
    });
  });
  afterEach(() => m.sfn.restore());

  it("lists running refreshes first (every page), then the newest, each once", async () => {
    const list = await listRefreshes(m.client);
    expect(list.map((r) => [r.name, r.status, r.environment])).to.deep.equal([
      [RUNNING_NEW.name, "RUNNING", "dev-3"],
      [RUNNING_OLD.name, "RUNNING", "dev-1"],
      [DONE.name, "SUCCEEDED", "dev-3"],
      [FAILED.name, "FAILED", "dev-2"],
      [FROM_CONSOLE.name, "SUCCEEDED", "dev-3"],
    ]);
    expect(list[0]).to.include({ requester: "slack-U3" });
    expect(list[0]!.consoleUrl).to.match(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
  });

  it("keeps one environment's, reading the input of an execution it did not name", async () => {
    const list = await listRefreshes(m.client, { environment: "dev-3" });
    expect(list.map((r) => r.name)).to.deep.equal([RUNNING_NEW.name, DONE.name, FROM_CONSOLE.name]);
    const described = m.sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input);
    expect(described).to.deep.equal([
      { executionArn: FROM_CONSOLE.executionArn },
      { executionArn: DONE.executionArn },
    ]);
  });

  it("gives each that ended with its tables their counts, from its report or its outcomes of before", async () => {
    const list = await listRefreshes(m.client);
    expect(list.map((r) => [r.name, r.counts])).to.deep.equal([
      [RUNNING_NEW.name, undefined],
      [RUNNING_OLD.name, undefined],
      [DONE.name, { requested: 3, restored: 3, failed: 0 }],
      [FAILED.name, { requested: 2, restored: 1, failed: 1 }],
      [FROM_CONSOLE.name, undefined],
    ]);
    // Each ended one once (the one not named by this library was described for its environment).
    const described = m.sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input);
    expect(described.map((d) => d.executionArn).sort()).to.deep.equal(
      [DONE, FAILED, FROM_CONSOLE].map((e) => e.executionArn).sort(),
    );
  });

  it("stops at the limit", async () => {
    expect(await listRefreshes(m.client, { limit: 2 })).to.have.length(2);
  });

  it("refuses an environment that is not configured before asking AWS", async () => {
    try {
      await listRefreshes(m.client, { environment: "dev-9" });
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(RequestRefused);
      expect((error as RequestRefused).reason).to.equal(
        'environment "dev-9" is not configured; expected one of: dev-1, dev-2, dev-3, dev-4, dev-5',
      );
    }
    expect(m.sfn.calls()).to.have.length(0);
  });

  it("words a denied ListExecutions", async () => {
    m.sfn.reset();
    m.sfn.on(ListExecutionsCommand).rejects(awsError("AccessDeniedException"));
    try {
      await listRefreshes(m.client);
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(AwsCallFailed);
      expect((error as Error).message).to.match(/^AWS denied ListExecutions on arn:aws:states:/);
    }
  });
});
