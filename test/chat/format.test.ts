import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { answerChat } from "../../chat/answer";
import type { RefreshDescription } from "../../chat/describe-refresh";
import { AwsCallFailed, RequestRefused } from "../../chat/errors";
import {
  descriptionSlack,
  errorSlack,
  escapeMrkdwn,
  listSlack,
  parseFailureSlack,
  SLACK_LIMITS,
  type SlackMessage,
  startedSlack,
} from "../../chat/format-slack";
import { descriptionText, errorText, listText, startedText } from "../../chat/format-text";
import type { RefreshSummary } from "../../chat/list-refreshes";
import { parseCommand } from "../../chat/parse-command";
import type { RefreshReport } from "../../chat/refresh-report";
import type { StartedRefresh } from "../../chat/start-refresh";
import { awsError, executionArn, mockedRefreshClient } from "../helpers/sfn";

const NAME = "dev-3-20261126T160000Z-slack-U0123";
const URL = `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn(NAME)}`;
const NOW = new Date("2026-11-26T16:30:00Z");

const STARTED: StartedRefresh = {
  executionArn: executionArn(NAME),
  executionName: NAME,
  consoleUrl: URL,
  input: { environment: "dev-3", tables: ["Following", "Users"], requestedBy: "slack:U0123" },
  startDate: new Date("2026-11-26T16:00:00Z"),
};

const RUNNING: RefreshDescription = {
  executionArn: executionArn(NAME),
  name: NAME,
  status: "RUNNING",
  consoleUrl: URL,
  environment: "dev-3",
  requestedBy: "slack:U0123",
  startDate: new Date("2026-11-26T16:00:00Z"),
  tables: [
    {
      table: "Following",
      targetTable: "dev-3-Following",
      state: "RESTORED",
      startedAt: new Date("2026-11-26T16:01:00Z"),
      endedAt: new Date("2026-11-26T16:09:00Z"),
    },
    {
      table: "Users",
      targetTable: "dev-3-Users",
      state: "FAILED",
      error: "NoRecoveryPoint",
      cause: "no copy of Users <younger> than 48 hours & none of 2026-11-25",
    },
    {
      table: "Sessions",
      targetTable: "dev-3-Sessions",
      state: "RUNNING",
      startedAt: new Date("2026-11-26T16:10:00Z"),
    },
  ],
};

const REPORT: RefreshReport = {
  environment: "dev-3",
  requestedBy: "slack:U0123",
  copyDate: "latest",
  requested: 3,
  restored: 2,
  failed: 1,
  failedTables: [
    {
      table: "Users",
      targetTable: "dev-3-Users",
      error: "RestoreFailed",
      cause: "Table already exists: <dev-3-Users>",
    },
  ],
  notListed: 0,
  outcomes: { tableName: "datarefresh-state", pk: `refresh#${executionArn(NAME)}` },
};

/** A refresh that ended with TablesFailed, as describeRefresh gives it from its report. */
const FINISHED: RefreshDescription = {
  ...RUNNING,
  status: "FAILED",
  stopDate: new Date("2026-11-26T16:40:00Z"),
  error: { error: "TablesFailed", cause: JSON.stringify(REPORT) },
  tables: [
    { table: "Following", targetTable: "dev-3-Following", state: "RESTORED" },
    {
      table: "Users",
      targetTable: "dev-3-Users",
      state: "FAILED",
      error: "RestoreFailed",
      cause: "Table already exists: <dev-3-Users>",
    },
    { table: "Sessions", targetTable: "dev-3-Sessions", state: "RESTORED" },
  ],
  report: REPORT,
};

/** The same with failed tables left out of the report: `notListed` of them. */
const withNotListed = (notListed: number): RefreshDescription => ({
  ...FINISHED,
  report: { ...REPORT, notListed },
});

/** README's command that reads every table's outcome, on one line, for this refresh. */
const QUERY = `aws dynamodb query --table-name datarefresh-state --key-condition-expression "pk = :pk" --expression-attribute-values '{":pk":{"S":"refresh#${executionArn(NAME)}"}}' --query 'Items[].[sk.S, status.S, error.S, cause.S]' --output text`;

/** Block Kit's rules that Slack enforces on postMessage. */
function expectValidSlack(message: SlackMessage): void {
  expect(message.text).to.be.a("string").and.not.equal("");
  expect(message.blocks.length).to.be.within(1, SLACK_LIMITS.blocks);
  for (const block of message.blocks) {
    if (block.type === "header") {
      expect(block.text.type).to.equal("plain_text");
      expect(block.text.text.length).to.be.within(1, SLACK_LIMITS.header);
    }
    if (block.type === "section") {
      expect(block.text.text.length).to.be.within(1, SLACK_LIMITS.section);
    }
    if (block.type === "context") {
      expect(block.elements.length).to.be.within(1, 10);
    }
    if (block.type === "actions") {
      for (const button of block.elements) {
        expect(button.text.text.length).to.be.at.most(75);
        expect(button.url).to.match(/^https:\/\//);
      }
    }
  }
}

describe("formatting results as text", () => {
  it("says what was started and how to follow it", () => {
    expect(startedText(STARTED)).to.equal(
      [
        `Started ${NAME}: Following, Users of dev-3 from the newest copy.`,
        `Follow it with: status ${NAME}`,
        URL,
      ].join("\n"),
    );
  });

  it("shows a running refresh table by table, with timings and errors", () => {
    expect(descriptionText(RUNNING, NOW)).to.equal(
      [
        `${NAME}: RUNNING for 30m`,
        "dev-3, asked by slack:U0123, the newest copy, started 2026-11-26 16:00 UTC",
        "  dev-3-Following  RESTORED  in 8m",
        "  dev-3-Users      FAILED    NoRecoveryPoint: no copy of Users <younger> than 48 hours & none of 2026-11-25",
        "  dev-3-Sessions   RUNNING   for 20m",
        "2 of 3 tables done, 1 failed",
        URL,
      ].join("\n"),
    );
  });

  it("shows a finished refresh's counts from its report, and each failed table with error and cause", () => {
    expect(descriptionText(FINISHED, NOW)).to.equal(
      [
        `${NAME}: FAILED after 40m: TablesFailed`,
        "dev-3, asked by slack:U0123, the newest copy, started 2026-11-26 16:00 UTC",
        "  dev-3-Following  RESTORED",
        "  dev-3-Users      FAILED    RestoreFailed: Table already exists: <dev-3-Users>",
        "  dev-3-Sessions   RESTORED",
        "3 requested, 2 restored, 1 failed",
        URL,
      ].join("\n"),
    );
  });

  it("says how many failed tables the report left out, and the command that reads every outcome", () => {
    const lines = (d: RefreshDescription) => descriptionText(d, NOW).split("\n").slice(-3);
    expect(lines(withNotListed(2))).to.deep.equal([
      "3 requested, 2 restored, 1 failed",
      `2 more failed tables not listed; every outcome: ${QUERY}`,
      URL,
    ]);
    expect(lines(withNotListed(1))[1]).to.equal(
      `1 more failed table not listed; every outcome: ${QUERY}`,
    );
  });

  it("gives the error of a refresh refused before any table", () => {
    const text = descriptionText(
      {
        ...RUNNING,
        status: "FAILED",
        stopDate: new Date("2026-11-26T16:00:01Z"),
        tables: [],
        error: { error: "RefreshInProgress", cause: "dev-3 is being refreshed by dev-3-2026..." },
      },
      NOW,
    );
    expect(text).to.include(`${NAME}: FAILED after 1s: RefreshInProgress`);
    expect(text).to.include("RefreshInProgress: dev-3 is being refreshed by");
  });

  it("lists refreshes, or says there are none", () => {
    const list: RefreshSummary[] = [
      {
        executionArn: executionArn(NAME),
        name: NAME,
        status: "SUCCEEDED",
        environment: "dev-3",
        startDate: new Date("2026-11-26T16:00:00Z"),
        stopDate: new Date("2026-11-26T16:42:00Z"),
        consoleUrl: URL,
      },
    ];
    expect(listText(list, "dev-3")).to.equal(
      [
        "Refreshes of dev-3, running first, then the newest:",
        `  ${NAME}  SUCCEEDED  2026-11-26 16:00 UTC, took 42m`,
      ].join("\n"),
    );
    const counted = [{ ...list[0]!, counts: { requested: 3, restored: 2, failed: 1 } }];
    expect(listText(counted, "dev-3")).to.equal(
      [
        "Refreshes of dev-3, running first, then the newest:",
        `  ${NAME}  SUCCEEDED  2026-11-26 16:00 UTC, took 42m; 3 requested, 2 restored, 1 failed`,
      ].join("\n"),
    );
    expect(JSON.stringify(listSlack(counted))).to.include(
      "took 42m; 3 requested, 2 restored, 1 failed",
    );
    expect(listText([], "dev-3")).to.equal("No running or recent refreshes of dev-3.");
  });

  it("words errors as they are", () => {
    expect(errorText(new RequestRefused("tables is empty"))).to.equal(
      "refused before anything was sent: tables is empty",
    );
    expect(errorText(new AwsCallFailed("AWS denied it", "AccessDenied", "X", false))).to.equal(
      "AWS denied it",
    );
  });
});

describe("formatting results as Slack Block Kit", () => {
  it("escapes Slack's markup and keeps every message within Block Kit's limits", () => {
    const messages = [
      startedSlack(STARTED),
      descriptionSlack(RUNNING, NOW),
      listSlack([]),
      errorSlack(new RequestRefused('tables has ["<Orders>"]')),
    ];
    messages.forEach(expectValidSlack);
    const described = JSON.stringify(descriptionSlack(RUNNING, NOW));
    expect(described).to.include("&lt;younger&gt; than 48 hours &amp; none");
    expect(described).to.not.include("<younger>");
    expect(escapeMrkdwn("a<b>&c")).to.equal("a&lt;b&gt;&amp;c");
  });

  it("links the console and shows each table's state", () => {
    const message = descriptionSlack(RUNNING, NOW);
    expect(message.text).to.equal(`${NAME}: RUNNING for 30m`);
    expect(message.blocks[0]).to.deep.equal({
      type: "header",
      text: { type: "plain_text", text: "dev-3: RUNNING for 30m" },
    });
    const body = JSON.stringify(message.blocks);
    expect(body).to.include(":white_check_mark: dev-3-Following");
    expect(body).to.include(":x: dev-3-Users");
    expect(body).to.include(":hourglass_flowing_sand: dev-3-Sessions");
    expect(message.blocks.at(-1)).to.deep.equal({
      type: "actions",
      elements: [
        { type: "button", text: { type: "plain_text", text: "Open in the AWS console" }, url: URL },
      ],
    });
  });

  it("shows a finished refresh's failed tables first, with error and cause, and the report's counts", () => {
    const message = descriptionSlack(FINISHED, NOW);
    expectValidSlack(message);
    const sections = message.blocks.flatMap((b) => (b.type === "section" ? [b.text.text] : []));
    expect(sections[0]!.split("\n")).to.deep.equal([
      ":x: dev-3-Users  FAILED    RestoreFailed: Table already exists: &lt;dev-3-Users&gt;",
      ":white_check_mark: dev-3-Following  RESTORED",
      ":white_check_mark: dev-3-Sessions  RESTORED",
    ]);
    expect(message.blocks).to.deep.include({
      type: "context",
      elements: [{ type: "mrkdwn", text: "3 requested, 2 restored, 1 failed" }],
    });
    expect(JSON.stringify(message)).to.not.include("not listed");
  });

  it("says how many failed tables the report left out, with the command as code", () => {
    const message = descriptionSlack(withNotListed(2), NOW);
    expectValidSlack(message);
    expect(message.blocks.at(-2)).to.deep.equal({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `2 more failed tables not listed; every outcome: \`${QUERY}\``,
      },
    });
  });

  it("keeps the failed tables of a refresh too large for a message, leaving out others", () => {
    const tables = Array.from({ length: 2000 }, (_, i) => ({
      table: `Table${i}`,
      targetTable: `dev-3-Table${i}-with-a-rather-long-name-for-a-table`,
      state: i < 1995 ? ("RESTORED" as const) : ("FAILED" as const),
      ...(i < 1995 ? {} : { error: "RestoreFailed" }),
    }));
    const message = descriptionSlack({ ...FINISHED, tables }, NOW);
    expectValidSlack(message);
    const body = JSON.stringify(message);
    for (let i = 1995; i < 2000; i += 1)
      expect(body).to.include(`:x: dev-3-Table${i}-with-a-rather-long-name-for-a-table  FAILED`);
    expect(body).to.match(/… and \d+ more \(see the console\)/);
  });

  it("fits a refresh of 2,000 tables in 50 blocks, and counts the tables left out", () => {
    const tables = Array.from({ length: 2000 }, (_, i) => ({
      table: `Table${i}`,
      targetTable: `dev-3-Table${i}-with-a-rather-long-name-for-a-table`,
      state: "WAITING" as const,
    }));
    const message = descriptionSlack({ ...RUNNING, tables }, NOW);
    expectValidSlack(message);
    const shown = JSON.stringify(message).match(/:clock3:/g)!.length;
    expect(JSON.stringify(message)).to.include(`… and ${2000 - shown} more (see the console)`);
    expect(shown).to.be.greaterThan(1000);
  });

  it("shows a usage message with what was wrong and the right form", () => {
    const parsed = parseCommand("dynamodb dev-3");
    if (parsed.ok) throw new Error("parsed");
    const message = parseFailureSlack(parsed);
    expectValidSlack(message);
    expect(message.text).to.equal("Name the tables to refresh, or give --all for every table.");
    expect(JSON.stringify(message.blocks[1])).to.include("dynamodb &lt;environment&gt; --all");
  });
});

describe("answerChat: a message in, a reply out", () => {
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient();
  });
  afterEach(() => m.sfn.restore());

  it("starts a refresh for the person who asked", async () => {
    m.sfn.on(StartExecutionCommand).resolves({ executionArn: executionArn(NAME), startDate: NOW });
    const answer = await answerChat(m.client, "dynamodb dev-3 Following", "slack:U0123");
    expect(answer.ok).to.equal(true);
    expect(answer.text).to.match(new RegExp(`^Started ${NAME}: Following of dev-3`));
    const [call] = m.sfn.commandCalls(StartExecutionCommand);
    expect(JSON.parse(call!.args[0].input.input!)).to.deep.equal({
      environment: "dev-3",
      tables: ["Following"],
      requestedBy: "slack:U0123",
    });
    expectValidSlack(answer.slack);
  });

  it("replies with the usage, the refusal or AWS's refusal, and calls AWS only when it should", async () => {
    const usage = await answerChat(m.client, "dynamodb dev-3", "slack:U0123");
    expect(usage).to.include({ ok: false });
    expect(usage.text).to.match(/^Name the tables to refresh/);
    const refused = await answerChat(m.client, "dynamodb dev-9 Orders", "slack:U0123");
    expect(refused.text).to.equal(
      'refused before anything was sent: environment "dev-9" is not configured; expected one of: dev-1, dev-2, dev-3, dev-4, dev-5',
    );
    expect(m.sfn.calls()).to.have.length(0);
    m.sfn.on(DescribeExecutionCommand).rejects(awsError("AccessDeniedException"));
    const denied = await answerChat(m.client, `status ${NAME}`, "slack:U0123");
    expect(denied.ok).to.equal(false);
    expect(denied.text).to.match(/^AWS denied DescribeExecution/);
  });
});
