import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { run, type CommandDeps } from "../../cli/main";
import { captureIo } from "../helpers/io";
import {
  awsError,
  executionArn,
  HistoryBuilder,
  mockedRefreshClient,
  RESTORE_ARN,
  type SfnMock,
} from "../helpers/sfn";

const NOW = new Date("2026-11-26T16:00:00Z");
const NAME = "dev-3-20261126T160000Z-slack-U0123";
const ARN = executionArn(NAME);

/** An empty working folder: no `.datarefresh.json` unless a test writes one. */
const emptyDir = () => mkdtempSync(path.join(os.tmpdir(), "datarefresh-cli-"));

async function cli(
  args: string[],
  options: { cwd?: string; interactive?: boolean; columns?: number } = {},
) {
  const io = captureIo();
  if (options.interactive === true) io.interactive = true;
  if (options.columns !== undefined) io.columns = options.columns;
  const deps: CommandDeps = {
    now: () => NOW,
    sleep: async () => undefined,
    cwd: options.cwd ?? emptyDir(),
  };
  const code = await run(args, io, deps);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const WITH_ARN = ["--state-machine-arn", RESTORE_ARN];

function running(fields: Record<string, unknown> = {}) {
  return {
    executionArn: ARN,
    stateMachineArn: RESTORE_ARN,
    name: NAME,
    status: "RUNNING" as const,
    startDate: NOW,
    input: '{"environment":"dev-3","tables":["Users"],"requestedBy":"slack:U0123"}',
    ...fields,
  };
}

const RESTORED_USERS = {
  table: "Users",
  targetTable: "dev-3-Users",
  status: "RESTORED",
  recoveryPointArn: "arn:aws:backup:eu-west-1:222222222222:recovery-point:rp-1",
  copyCreatedAt: "2026-11-26T03:10:00Z",
};

describe("datarefresh refresh, status, list", () => {
  let sfn: SfnMock;
  beforeEach(() => {
    sfn = mockedRefreshClient().sfn;
    sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: NOW });
  });
  afterEach(() => sfn.restore());

  it("starts a refresh and says how to follow it (exit 0)", async () => {
    const r = await cli([
      "refresh",
      "dev-3",
      "Users",
      "--requested-by",
      "slack:U0123",
      ...WITH_ARN,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(
      [
        `Started ${NAME}: Users of dev-3 from the newest copy.`,
        `Follow it with: status ${NAME}`,
        `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${ARN}`,
        "",
      ].join("\n"),
    );
    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call!.args[0].input).to.deep.equal({
      stateMachineArn: RESTORE_ARN,
      name: NAME,
      input: '{"environment":"dev-3","tables":["Users"],"requestedBy":"slack:U0123"}',
    });
  });

  it("prints JSON with --json, and names the person at the terminal by default", async () => {
    const r = await cli([
      "refresh",
      "dev-3",
      "--all",
      "--date",
      "2026-11-25",
      "--json",
      ...WITH_ARN,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.executionArn).to.equal(ARN);
    expect(printed.input.copyDate).to.equal("2026-11-25");
    expect(printed.input.requestedBy).to.match(/^cli:/);
    expect(printed.input).to.not.have.property("tables");
  });

  it("takes the machine from .datarefresh.json as `pulumi stack output --json` writes it", async () => {
    const cwd = emptyDir();
    writeFileSync(
      path.join(cwd, ".datarefresh.json"),
      JSON.stringify({
        chatBotRoleArn: "arn:aws:iam::222222222222:role/datarefresh-chat-bot",
        restoreStateMachineArn: RESTORE_ARN,
        roleArns: { "datarefresh-restore-machine": "arn:aws:iam::222222222222:role/x" },
        stateMachineArns: { "datarefresh-restore": RESTORE_ARN },
        topicArn: "arn:aws:sns:eu-west-1:222222222222:datarefresh-dev-refreshes",
        vaultArn: "arn:aws:backup:eu-west-1:222222222222:backup-vault:datarefresh-dev",
      }),
    );
    const r = await cli(["refresh", "dev-3", "Users", "--profile", "dev"], { cwd });
    expect(r.code, r.stderr).to.equal(0);
    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call!.args[0].input.stateMachineArn).to.equal(RESTORE_ARN);
    const client = sfn.send.getCall(0).thisValue as { config: { profile?: string } };
    expect(client.config.profile).to.equal("dev");
  });

  const USAGE: [string, string[], RegExp][] = [
    [
      "no machine given",
      ["refresh", "dev-3", "Users"],
      /which restore state machine\? Give --state-machine-arn, for this config:\n {2}--state-machine-arn arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore\nor write \.datarefresh\.json from the dev stack's outputs:\n {2}pulumi stack output --stack dev --json > \.datarefresh\.json/,
    ],
    [
      "neither tables nor --all",
      ["refresh", "dev-3", ...WITH_ARN],
      /Name the tables to refresh, or give --all/,
    ],
    ["tables and --all", ["refresh", "dev-3", "Users", "--all", ...WITH_ARN], /not both/],
    [
      "a date that is no day",
      ["refresh", "dev-3", "Users", "--date", "2026-02-30", ...WITH_ARN],
      /--date must be a UTC date such as 2026-11-25 \(YYYY-MM-DD\), not "2026-02-30"/,
    ],
    [
      "an unknown table",
      ["refresh", "dev-3", "Orders", ...WITH_ARN],
      /tables has \["Orders"\] that are not catalogued table names/,
    ],
    [
      "an unknown environment",
      ["refresh", "dev-9", "Users", ...WITH_ARN],
      /environment "dev-9" is not configured/,
    ],
    [
      "an ARN that is no state machine's",
      ["refresh", "dev-3", "Users", "--state-machine-arn", ARN],
      /--state-machine-arn: ".*" is not a state machine ARN/,
    ],
    [
      "a Region the machine is not in",
      ["refresh", "dev-3", "Users", "--region", "us-east-1", ...WITH_ARN],
      /the state machine is in eu-west-1, but the Region given is us-east-1/,
    ],
    [
      "a config file that is not there",
      ["refresh", "dev-3", "Users", "--config", "/nonexistent/outputs.json"],
      /\/nonexistent\/outputs\.json: cannot be read/,
    ],
    [
      "list of an unknown environment",
      ["list", "dev-9", ...WITH_ARN],
      /environment "dev-9" is not configured/,
    ],
    [
      "status of another machine's execution",
      ["status", executionArn("x", RESTORE_ARN.replace("restore", "restore-table")), ...WITH_ARN],
      /refreshes are executions of datarefresh-restore/,
    ],
  ];
  for (const [what, args, message] of USAGE) {
    it(`exits 2 on ${what}, saying what is right, without calling AWS`, async () => {
      const r = await cli(args);
      expect(r.code, r.stdout).to.equal(2);
      expect(r.stderr).to.match(message);
      expect(sfn.calls()).to.have.length(0);
    });
  }

  it("exits 2 on a target file that is not JSON, naming it", async () => {
    const cwd = emptyDir();
    writeFileSync(path.join(cwd, ".datarefresh.json"), "restoreStateMachineArn: x");
    const r = await cli(["refresh", "dev-3", "Users"], { cwd });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/\.datarefresh\.json: not valid JSON/);
  });

  it("exits 1 when AWS refuses, with the reason and what to do", async () => {
    sfn.on(StartExecutionCommand).rejects(awsError("AccessDeniedException", "not authorized"));
    const r = await cli(["refresh", "dev-3", "Users", ...WITH_ARN]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(
      /^datarefresh: AWS denied StartExecution on arn:aws:states:.*: the credentials in use may not do this \(not authorized\)/,
    );
  });

  describe("refresh --wait", () => {
    function scripted(final: Record<string, unknown>) {
      const h = new HistoryBuilder();
      const users = h.schedule("Users", 1, h.start());
      sfn
        .on(DescribeExecutionCommand)
        .resolvesOnce(running())
        .resolvesOnce(running())
        .resolves(running(final));
      sfn.on(GetExecutionHistoryCommand).resolves({ events: h.events });
      return users;
    }

    it("follows the refresh in plain lines when piped, and exits 0 once it succeeded", async () => {
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify({ environment: "dev-3", tables: [RESTORED_USERS] }),
      });
      const r = await cli([
        "refresh",
        "dev-3",
        "Users",
        "--wait",
        "--requested-by",
        "slack:U0123",
        ...WITH_ARN,
      ]);
      expect(r.code, r.stderr).to.equal(0);
      const after = r.stdout.split(`Follow it with: status ${NAME}\n`)[1]!;
      expect(after.split("\n").slice(1)).to.deep.equal([
        `${NAME}: RUNNING`,
        "  dev-3-Users  RUNNING   for 0s",
        "  dev-3-Users  RESTORED",
        `${NAME}: SUCCEEDED after 42m`,
        "1 of 1 tables done, 0 failed",
        "",
      ]);
      expect(r.stdout).to.not.include("\x1b[");
      expect(sfn.commandCalls(DescribeExecutionCommand)).to.have.length(3);
    });

    it("redraws one block in place on a terminal", async () => {
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify({ environment: "dev-3", tables: [RESTORED_USERS] }),
      });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN], {
        interactive: true,
      });
      expect(r.code, r.stderr).to.equal(0);
      // Three lines drawn (status, the table, the counts), then twice: up three lines, clear, redraw.
      expect(r.stdout.split("\x1b[3F\x1b[0J")).to.have.length(3);
    });

    it("cuts live lines to the terminal's width, so that redrawing stays in place", async () => {
      scripted({ status: "ABORTED", stopDate: new Date("2026-11-26T16:42:00Z") });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN], {
        interactive: true,
        columns: 30,
      });
      expect(r.code).to.equal(1);
      // After the three lines that say what was started: the drawings.
      const drawing = r.stdout.split("\n").slice(3).join("\n");
      const lines = drawing.split("\x1b[0J").join("\n").split("\n");
      for (const line of lines) expect(line.replace("\x1b[3F", "").length, line).to.be.at.most(29);
      expect(r.stdout).to.include("dev-3-20261126T160000Z-slack…");
    });

    it("exits 1 when the refresh fails, with each table's error", async () => {
      scripted({
        status: "FAILED",
        stopDate: new Date("2026-11-26T16:05:00Z"),
        error: "TablesFailed",
        cause: JSON.stringify([
          { ...RESTORED_USERS, status: "FAILED", error: "NoRecoveryPoint", cause: "no copy" },
        ]),
      });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN]);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include("  dev-3-Users  FAILED    NoRecoveryPoint: no copy");
      expect(r.stdout).to.include(`${NAME}: FAILED after 5m: TablesFailed`);
    });

    it("prints only the final description with --json", async () => {
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify({ environment: "dev-3", tables: [RESTORED_USERS] }),
      });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", "--json", ...WITH_ARN]);
      expect(r.code, r.stderr).to.equal(0);
      const printed = JSON.parse(r.stdout);
      expect(printed.status).to.equal("SUCCEEDED");
      expect(printed.tables[0].state).to.equal("RESTORED");
    });
  });

  it("status: shows a refresh by name; exit 0 while it runs, 1 once it failed", async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(running())
      .resolves(
        running({
          status: "FAILED",
          stopDate: NOW,
          error: "RefreshInProgress",
          cause: "dev-3 is busy",
        }),
      );
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const first = await cli(["status", NAME, ...WITH_ARN]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(new RegExp(`^${NAME}: RUNNING for 0s\n`));
    expect(first.stdout).to.include("  dev-3-Users  WAITING");
    const [described] = sfn.commandCalls(DescribeExecutionCommand);
    expect(described!.args[0].input).to.deep.equal({ executionArn: ARN });
    const second = await cli(["status", NAME, ...WITH_ARN]);
    expect(second.code).to.equal(1);
    expect(second.stdout).to.include("RefreshInProgress: dev-3 is busy");
  });

  it("list: running and recent refreshes of an environment (exit 0), JSON with --json", async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: ARN,
          stateMachineArn: RESTORE_ARN,
          name: NAME,
          status: "RUNNING",
          startDate: NOW,
        },
      ],
    });
    const r = await cli(["list", "dev-3", ...WITH_ARN]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(
      `Refreshes of dev-3, running first, then the newest:\n  ${NAME}  RUNNING    since 2026-11-26 16:00 UTC\n`,
    );
    const json = await cli(["list", "--json", "--limit", "1", ...WITH_ARN]);
    expect(JSON.parse(json.stdout)).to.have.length(1);
  });
});
