import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { scratchDir } from "../helpers/scratch";
import { run, type CommandDeps } from "../../cli/main";
import { captureIo } from "../helpers/io";
import {
  awsError,
  executionArn,
  HistoryBuilder,
  mapRunArn,
  mapRunChild,
  mockedRefreshClient,
  mockMapRun,
  RESTORE_ARN,
  type SfnMock,
} from "../helpers/sfn";

const NOW = new Date("2026-11-26T16:00:00Z");
const NAME = "dev-3-20261126T160000Z-slack-U0123";
const ARN = executionArn(NAME);

/** An empty working folder: no `.datarefresh.json` unless a test writes one. */
const emptyDir = () => scratchDir("datarefresh-cli-");

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

/** An outcome as a refresh from before the report listed it. */
const RESTORED_USERS = {
  table: "Users",
  targetTable: "dev-3-Users",
  status: "RESTORED",
  recoveryPointArn: "arn:aws:backup:eu-west-1:222222222222:recovery-point:rp-1",
  copyCreatedAt: "2026-11-26T03:10:00Z",
};

/** What a refresh of Users ends with: its output, or the cause of TablesFailed. */
function report(fields: Record<string, unknown> = {}) {
  return {
    environment: "dev-3",
    requestedBy: "slack:U0123",
    copyDate: "latest",
    requested: 1,
    restored: 1,
    failed: 0,
    failedTables: [],
    notListed: 0,
    outcomes: { tableName: "datarefresh-state", pk: `refresh#${ARN}` },
    ...fields,
  };
}

const USERS_FAILED = report({
  restored: 0,
  failed: 1,
  failedTables: [
    {
      table: "Users",
      targetTable: "dev-3-Users",
      error: "NoRecoveryPoint",
      cause: "no copy of Users was found (copyDate: latest)",
    },
  ],
});

/** README's command that reads every table's outcome, for this refresh. */
const QUERY = `aws dynamodb query --table-name datarefresh-state --key-condition-expression "pk = :pk" --expression-attribute-values '{":pk":{"S":"refresh#${ARN}"}}' --query 'Items[].[sk.S, status.S, error.S, cause.S]' --output text`;

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
      "a requester longer than a tag value holds",
      ["refresh", "dev-3", "Users", "--requested-by", "x".repeat(257), ...WITH_ARN],
      /requestedBy has 257 characters; it becomes a tag value, which holds at most 256/,
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
        output: JSON.stringify(report()),
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
        "1 requested, 1 restored, 0 failed",
        "",
      ]);
      expect(r.stdout).to.not.include("\x1b[");
      expect(sfn.commandCalls(DescribeExecutionCommand)).to.have.length(3);
    });

    it("redraws one block in place on a terminal", async () => {
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify(report()),
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

    it("exits 1 when the refresh fails, with each table's error and cause and the counts", async () => {
      scripted({
        status: "FAILED",
        stopDate: new Date("2026-11-26T16:05:00Z"),
        error: "TablesFailed",
        cause: JSON.stringify(USERS_FAILED),
      });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN]);
      expect(r.code).to.equal(1);
      expect(r.stdout.split("\n").slice(-4)).to.deep.equal([
        "  dev-3-Users  FAILED    NoRecoveryPoint: no copy of Users was found (copyDate: latest)",
        `${NAME}: FAILED after 5m: TablesFailed`,
        "1 requested, 0 restored, 1 failed",
        "",
      ]);
    });

    it("still reads a refresh from before the report: its outcomes, in the output or the cause", async () => {
      scripted({
        status: "FAILED",
        stopDate: new Date("2026-11-26T16:05:00Z"),
        error: "TablesFailed",
        cause: JSON.stringify([
          { ...RESTORED_USERS, status: "FAILED", error: "NoRecoveryPoint", cause: "no copy" },
        ]),
      });
      const failed = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN]);
      expect(failed.code).to.equal(1);
      expect(failed.stdout).to.include("  dev-3-Users  FAILED    NoRecoveryPoint: no copy");
      expect(failed.stdout).to.include("1 of 1 tables done, 1 failed");
      sfn.reset();
      sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: NOW });
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify({ environment: "dev-3", tables: [RESTORED_USERS] }),
      });
      const done = await cli(["refresh", "dev-3", "Users", "--wait", "--json", ...WITH_ARN]);
      expect(done.code, done.stderr).to.equal(0);
      const printed = JSON.parse(done.stdout);
      expect(printed.tables[0]).to.include({
        state: "RESTORED",
        recoveryPointArn: RESTORED_USERS.recoveryPointArn,
      });
      expect(printed).to.not.have.property("report");
    });

    /** A refresh of Users whose report leaves its one failed table out: its child tells. */
    function scriptedNotListed() {
      const run = mapRunArn("run-1");
      const h = new HistoryBuilder();
      h.startMapRun(run, 1, h.start());
      sfn
        .on(DescribeExecutionCommand, { executionArn: ARN })
        .resolvesOnce(running())
        .resolves(
          running({
            status: "FAILED",
            stopDate: new Date("2026-11-26T16:05:00Z"),
            error: "TablesFailed",
            cause: JSON.stringify({ ...USERS_FAILED, failedTables: [], notListed: 1 }),
          }),
        );
      // The first look, while it runs, before the Map Run; the last, after it.
      sfn
        .on(GetExecutionHistoryCommand)
        .resolvesOnce({ events: [] })
        .resolves({ events: h.events });
      mockMapRun(sfn, run, [
        mapRunChild(run, "c-users", {
          table: "Users",
          status: "SUCCEEDED",
          started: 1,
          stopped: 5,
          output: { status: "FAILED", error: "NoRecoveryPoint", cause: "no copy of Users" },
        }),
      ]);
    }
    const NOT_LISTED = `1 requested, 0 restored, 1 failed\n1 more failed table not listed; every outcome: ${QUERY}\n`;

    it("gives the failed tables the report left out, and the command that reads every outcome, whole on a terminal", async () => {
      scriptedNotListed();
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN], {
        interactive: true,
        columns: 60,
      });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include("  dev-3-Users  FAILED    in 4m  NoRecoveryPoint: no copy o…");
      expect(r.stdout.endsWith(NOT_LISTED)).to.equal(true);
    });

    it("gives the failed tables the report left out, and the command, when piped", async () => {
      scriptedNotListed();
      const r = await cli(["refresh", "dev-3", "Users", "--wait", ...WITH_ARN]);
      expect(r.code).to.equal(1);
      expect(r.stdout.endsWith(`${NAME}: FAILED after 5m: TablesFailed\n${NOT_LISTED}`)).to.equal(
        true,
      );
    });

    it("prints only the final description with --json, the report with it", async () => {
      scripted({
        status: "SUCCEEDED",
        stopDate: new Date("2026-11-26T16:42:00Z"),
        output: JSON.stringify(report()),
      });
      const r = await cli(["refresh", "dev-3", "Users", "--wait", "--json", ...WITH_ARN]);
      expect(r.code, r.stderr).to.equal(0);
      const printed = JSON.parse(r.stdout);
      expect(printed.status).to.equal("SUCCEEDED");
      expect(printed.tables).to.deep.equal([
        { table: "Users", targetTable: "dev-3-Users", state: "RESTORED" },
      ]);
      expect(printed.report).to.deep.equal(report());
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

  it("status: a refresh that failed tables, from its report; exit 1; --json gives the report", async () => {
    const cause = { ...USERS_FAILED, notListed: 2 };
    sfn.on(DescribeExecutionCommand).resolves(
      running({
        status: "FAILED",
        stopDate: new Date("2026-11-26T16:05:00Z"),
        input: '{"environment":"dev-3","requestedBy":"slack:U0123"}',
        error: "TablesFailed",
        cause: JSON.stringify(cause),
      }),
    );
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const text = await cli(["status", NAME, ...WITH_ARN]);
    expect(text.code).to.equal(1);
    expect(text.stdout).to.include(
      "  dev-3-Users      FAILED    NoRecoveryPoint: no copy of Users was found (copyDate: latest)\n",
    );
    expect(text.stdout).to.include(
      `\n1 requested, 0 restored, 1 failed\n2 more failed tables not listed; every outcome: ${QUERY}\n`,
    );
    const json = await cli(["status", NAME, "--json", ...WITH_ARN]);
    expect(json.code).to.equal(1);
    const printed = JSON.parse(json.stdout);
    expect(printed.report).to.deep.equal(cause);
    expect(printed.error).to.deep.equal({ error: "TablesFailed", cause: JSON.stringify(cause) });
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
