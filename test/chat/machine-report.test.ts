import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { describeRefresh } from "../../chat/describe-refresh";
import type { Rehearsal } from "../../rehearsal/pair";
import type { ExecutionRecord } from "../../rehearsal/world";
import { afterDailyBackup } from "../helpers/rehearsal";
import { mockedRefreshClient } from "../helpers/sfn";

/** A refresh the rehearsal ran, as DescribeExecution gives it. */
function describedAsAws(run: ExecutionRecord, input: unknown) {
  return {
    executionArn: run.arn,
    name: run.arn.split(":").pop()!,
    status: run.status,
    startDate: new Date(run.startedAt),
    ...(run.stoppedAt === undefined ? {} : { stopDate: new Date(run.stoppedAt) }),
    input: JSON.stringify(input),
    ...(run.output === undefined ? {} : { output: JSON.stringify(run.output) }),
    ...(run.error === undefined ? {} : { error: run.error.Error, cause: run.error.Cause }),
  };
}

describe("describeRefresh of what the restore machine really ends with (in the rehearsal)", function () {
  this.timeout(120_000);
  let r: Rehearsal;
  let m: ReturnType<typeof mockedRefreshClient>;
  before(async () => {
    r = await afterDailyBackup();
  });
  beforeEach(() => {
    m = mockedRefreshClient();
  });
  afterEach(() => m.sfn.restore());

  async function describeRun(input: Record<string, unknown>, name: string) {
    const run = await r.refresh(input, name);
    m.sfn.on(DescribeExecutionCommand).resolves(describedAsAws(run, input));
    return { run, description: await describeRefresh(m.client, run.arn) };
  }

  it("reads TablesFailed's report: the failed table with its error and cause, the other RESTORED", async () => {
    r.world.seedDevTable("dev-4-Following", { deletionProtection: true });
    const { run, description } = await describeRun(
      { environment: "dev-4", tables: ["Following", "Sessions"], requestedBy: "slack:U0123" },
      "dev-4-20261126T170000Z-slack-U0123",
    );
    expect(run.error?.Error).to.equal("TablesFailed");
    expect(description.tables.map((t) => [t.table, t.state, t.error])).to.deep.equal([
      ["Following", "FAILED", "TableProtected"],
      ["Sessions", "RESTORED", undefined],
    ]);
    expect(description.tables[0]!.cause).to.match(/dev-4-Following has deletion protection on/);
    expect(description.report).to.deep.include({
      requested: 2,
      restored: 1,
      failed: 1,
      notListed: 0,
      outcomes: { tableName: "datarefresh-state", pk: `refresh#${run.arn}` },
    });
    expect(m.sfn.calls()).to.have.length(1);
  });

  it("reads the output of a refresh that succeeded: every catalogued table RESTORED", async () => {
    const { run, description } = await describeRun(
      { environment: "dev-3", requestedBy: "slack:U0123" },
      "dev-3-20261126T170000Z-slack-U0123",
    );
    expect(run.status).to.equal("SUCCEEDED");
    expect(description.tables.map((t) => `${t.targetTable}:${t.state}`)).to.deep.equal([
      "dev-3-Following:RESTORED",
      "dev-3-Users:RESTORED",
      "dev-3-Sessions:RESTORED",
    ]);
    expect(description.report).to.include({ requested: 3, restored: 3, failed: 0 });
    expect(m.sfn.calls()).to.have.length(1);
  });
});
