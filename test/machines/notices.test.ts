import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { restoreMachine } from "../../asl/machines/restore";
import { evaluateOutput, withJsonataPassesAsTasks } from "../../rehearsal/jsonata-states";
import { Rehearsal } from "../../rehearsal/pair";
import { projectWithCatalog } from "../helpers/catalog";
import { noticeOf, noticesOf, type Notice } from "../helpers/notices";
import { afterDailyBackup, models, rehearsal, reportOf, seedLock } from "../helpers/rehearsal";

const CONSOLE =
  "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/";

/** A notice's envelope: its ID and thread by the execution, its event type, its keywords. */
function expectEnvelope(
  notice: Notice,
  executionArn: string,
  eventType: string,
  keywords: string[],
): void {
  const name = executionArn.split(":").at(-1)!;
  const event = eventType.split("-").at(-1)!;
  expect(notice.chat.id).to.equal(`${name}/${event}`);
  expect(notice.chat.metadata).to.deep.include({
    threadId: name,
    eventType,
    relatedResources: [executionArn],
  });
  expect(notice.chat.content.keywords).to.deep.equal(keywords);
}

describe("the messages a run publishes, rendered from rehearsed runs", function () {
  this.timeout(120_000);

  it("a refresh that succeeds: one when it starts, one when it ends, in one thread", async () => {
    const r = await afterDailyBackup();
    const run = await r.refresh(
      { environment: "dev-3", requestedBy: "slack:U0123", copyDate: "2026-11-26" },
      "dev-3-20261126T040000Z-slack-U0123",
    );
    expect(run.status).to.equal("SUCCEEDED");
    const [started, ended, ...more] = noticesOf(r.world, run.arn);
    expect(more).to.deep.equal([]);

    expectEnvelope(started!, run.arn, "datarefresh-refresh-started", [
      "datarefresh",
      "dev-3",
      "started",
    ]);
    expectEnvelope(ended!, run.arn, "datarefresh-refresh-ended", [
      "datarefresh",
      "dev-3",
      "refreshed",
    ]);
    expect(started!.subject).to.equal("datarefresh: Refreshing dev-3: 3 tables");
    expect(started!.chat.content.title).to.equal(
      ":arrows_counterclockwise: Refreshing dev-3: 3 tables",
    );
    expect(started!.chat.content.description).to.equal(
      "*Requested by* `slack:U0123` · *copy* 2026-11-26\n*Tables* Users, Following, Sessions",
    );
    expect(started!.chat.content.nextSteps).to.deep.equal([
      `<${CONSOLE}${run.arn}|Follow it in the Step Functions console>`,
    ]);

    expect(ended!.subject).to.equal("datarefresh: dev-3 refreshed: 3 of 3 tables");
    expect(ended!.chat.content.title).to.equal(":white_check_mark: dev-3 refreshed: 3 of 3 tables");
    expect(ended!.chat.content.description).to.match(
      /^\*Requested by\* `slack:U0123` · \*copy\* 2026-11-26 · \*took\* \d+ (h \d+ min|min \d+ s)\n\*Tables\* 3 requested, 3 restored, 0 failed$/,
    );
    expect(ended!.chat.content.keywords).to.deep.equal(["datarefresh", "dev-3", "refreshed"]);
    expect(ended!.chat.metadata).to.deep.include({
      threadId: started!.chat.metadata!.threadId,
      eventType: "datarefresh-refresh-ended",
      relatedResources: [run.arn],
    });
    expect(ended!.email).to.match(
      /^dev-3 refreshed: 3 of 3 tables\n\nEnvironment: dev-3\nRequested by: slack:U0123\nCopy date: 2026-11-26\nTables: 3 requested, 3 restored, 0 failed\nStarted: 2026-11-26 \d\d:\d\d UTC, took .+\n\nThe refresh: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/.+:dev-3-20261126T040000Z-slack-U0123$/,
    );
  });

  it("a refresh with failed tables: each failed table with its error and the start of its cause", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "job",
      job: "restore",
      table: "Users",
      state: "FAILED",
      message: "Table already exists: dev-3-Users",
      times: 5,
    });
    const run = await r.refresh({ environment: "dev-3", requestedBy: "slack:U0123" });
    expect(run.error?.Error).to.equal("TablesFailed");
    const ended = noticesOf(r.world, run.arn).at(-1)!;
    expectEnvelope(ended, run.arn, "datarefresh-refresh-ended", [
      "datarefresh",
      "dev-3",
      "TablesFailed",
    ]);
    expect(ended.chat.content.title).to.equal(":x: dev-3: 1 of 3 tables failed");
    expect(ended.chat.content.description).to.match(
      /\n\*Tables\* 3 requested, 2 restored, 1 failed\n\*Failed\*\n• `Users` → `dev-3-Users`: \*RestoreFailed\* `Table already exists: dev-3-Users`$/,
    );
    expect(ended.chat.content.nextSteps).to.deep.equal([
      `<${CONSOLE}${run.arn}|Open the refresh in the Step Functions console>`,
      "What each error means: the runbook, section 12 (docs/setup.md)",
    ]);
    expect(ended.email).to.include(
      "\n\nFailed tables:\n- Users (dev-3-Users): RestoreFailed: Table already exists: dev-3-Users\n\n",
    );
    expect(ended.email).to.include(
      `Every table's outcome: aws dynamodb query --table-name datarefresh-state --key-condition-expression "pk = :pk" --expression-attribute-values '{":pk":{"S":"refresh#${run.arn}"}}'`,
    );
  });

  it("a refresh whose report leaves failed tables out (notListed) at a large catalog: counts them, says where to read them", async () => {
    const project = projectWithCatalog(300, 2);
    const r = new Rehearsal(
      toModel(loadConfig(project, "prod")),
      toModel(loadConfig(project, "dev")),
    );
    // Every table fails at once, with a long cause: no copy can be looked up.
    r.world.inject({
      kind: "error",
      call: "dynamodb:query",
      code: "InternalServerError",
      message: `<!channel> \`${"x".repeat(3_000)}`,
      times: 1_000_000,
    });
    const run = await r.refresh({ environment: "dev-1", requestedBy: "<@U0123> `me`" });
    const report = reportOf(run);
    expect(report.failed).to.equal(300);
    expect(report.notListed).to.be.greaterThan(0);
    const ended = noticesOf(r.world, run.arn).at(-1)!;
    const listed = ended.chat.content.description.split("\n").filter((l) => l.startsWith("• "));
    expect(listed.length).to.be.within(1, 10);
    expect(ended.chat.content.description).to.match(
      new RegExp(` and ${300 - listed.length} more, not listed here$`),
    );
    // Nothing a requester or AWS wrote can mention a channel or break out of its code span.
    expect(ended.chat.content.description).to.not.match(/<!channel>|<@U0123>/);
    expect(ended.chat.content.description).to.include("*Requested by* `‹@U0123› 'me'`");
    expect(ended.chat.content.nextSteps![2]).to.match(
      /^Every table's outcome: `aws dynamodb query --table-name datarefresh-state /,
    );
    const mailed = ended.email.split("\n").filter((l) => l.startsWith("- "));
    expect(mailed.length).to.be.greaterThan(listed.length);
    expect(ended.email).to.match(new RegExp(` and ${300 - mailed.length} more, not listed here\n`));
  });

  it("a daily run with failures: the failed tables, and the input that copies them again", async () => {
    const r = rehearsal();
    r.world.inject({
      kind: "job",
      job: "backup",
      table: "Users",
      state: "FAILED",
      message: "Access denied to the vault",
      times: 2,
    });
    const run = await r.backupAndCopy();
    expect(run.error?.Error).to.equal("TablesFailed");
    const [ended, ...more] = noticesOf(r.world, run.arn);
    expect(more).to.deep.equal([]);
    expect(r.world.accounts.prod.sns.published[0]!.topicArn).to.equal(r.arns.prodTopic);
    expectEnvelope(ended!, run.arn, "datarefresh-daily-run-ended", [
      "datarefresh",
      "prod",
      "TablesFailed",
    ]);
    expect(ended!.subject).to.equal("datarefresh: Daily copy of 2026-11-26: 1 of 3 tables failed");
    expect(ended!.chat.content.title).to.equal(
      ":x: Daily copy of 2026-11-26: 1 of 3 tables failed",
    );
    expect(ended!.chat.content.description).to.match(
      /^\*Account\* prod 111111111111 · \*started\* 2026-11-26 03:00 UTC · \*took\* .+\n\*Tables\* 3 requested, 2 copied, 1 failed\n\*Failed\*\n• `Users`: \*BackupFailed\* `Access denied to the vault`$/,
    );
    expect(ended!.chat.content.nextSteps![2]).to.equal(
      'Copy the failed tables again: start datarefresh-backup-and-copy with the input `{"tables":["Users"]}`',
    );
    expect(ended!.email).to.include("\n- Users: BackupFailed: Access denied to the vault\n");
  });

  it("a daily run refused (InvalidInput): the cause, the form of a good input, the run's link", async () => {
    const r = rehearsal();
    const run = await r.backupAndCopy({ tables: ["Nope"] });
    expect(run.error?.Error).to.equal("InvalidInput");
    const [refused, ...more] = noticesOf(r.world, run.arn);
    expect(more).to.deep.equal([]);
    expectEnvelope(refused!, run.arn, "datarefresh-daily-run-refused", [
      "datarefresh",
      "prod",
      "InvalidInput",
    ]);
    expect(refused!.chat.content.title).to.match(/^:no_entry: /);
    expect(refused!.chat.content.description).to.include(run.error!.Cause);
    expect(refused!.chat.content.nextSteps).to.deep.equal([
      'The input: {} (every table) or {"tables": ["Following"]} (catalogued tables only)',
      `<${CONSOLE}${run.arn}|Open the run in the Step Functions console>`,
    ]);
  });

  it("a request refused (InvalidInput): the cause, and the form of a good request", async () => {
    const r = await afterDailyBackup();
    const run = await r.refresh({ environment: "dev-9", requestedBy: "slack:U0123" });
    expect(run.error?.Error).to.equal("InvalidInput");
    const [refused, ...more] = noticesOf(r.world, run.arn);
    expect(more).to.deep.equal([]);
    expectEnvelope(refused!, run.arn, "datarefresh-refresh-refused", [
      "datarefresh",
      "InvalidInput",
    ]);
    expect(refused!.chat.content.title).to.equal(":no_entry: A refresh was refused (InvalidInput)");
    expect(refused!.chat.content.description).to.equal(
      `*Requested by* \`slack:U0123\` · *environment* \`dev-9\`\n\`${run.error!.Cause}\``,
    );
    expect(refused!.chat.content.nextSteps![0]).to.match(/^A request: \{"environment": "dev-3"/);
  });

  it("a request for an environment being refreshed (RefreshInProgress): who holds it since when, and a link to that refresh", async () => {
    const r = await afterDailyBackup();
    const [first, second] = await Promise.all([
      r.refresh(
        { environment: "dev-3", tables: ["Sessions"], requestedBy: "slack:U0123" },
        "first",
      ),
      r.refresh({ environment: "dev-3", tables: ["Users"], requestedBy: "slack:U0456" }, "second"),
    ]);
    expect(second.error?.Error).to.equal("RefreshInProgress");
    const [busy, ...more] = noticesOf(r.world, second.arn);
    expect(more).to.deep.equal([]);
    expectEnvelope(busy!, second.arn, "datarefresh-refresh-refused", [
      "datarefresh",
      "dev-3",
      "RefreshInProgress",
    ]);
    expect(busy!.chat.content.title).to.equal(
      ":hourglass_flowing_sand: dev-3 is being refreshed already: this request was refused (RefreshInProgress)",
    );
    const since =
      new Date(first.startedAt * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
    expect(busy!.chat.content.description.split("\n")[1]).to.equal(
      `*Held for* \`slack:U0123\` since ${since}`,
    );
    expect(busy!.email).to.contain(`Held for: slack:U0123, since ${since}\n`);
    expect(busy!.chat.content.nextSteps).to.deep.equal([
      `<${CONSOLE}${first.arn}|Follow the refresh that holds dev-3>`,
      "Ask again when it has ended",
    ]);
    expect(noticesOf(r.world, first.arn).map((n) => n.chat.metadata!.eventType)).to.deep.equal([
      "datarefresh-refresh-started",
      "datarefresh-refresh-ended",
    ]);
  });

  it("a request for an environment whose lock was written by hand, without who or when: says they are unknown", async () => {
    const r = await afterDailyBackup();
    seedLock(r, "dev-3", "by-hand", "RUNNING");
    const run = await r.refresh({ environment: "dev-3", tables: ["Users"] });
    expect(run.error?.Error).to.equal("RefreshInProgress");
    const [busy] = noticesOf(r.world, run.arn);
    expect(busy!.chat.content.description.split("\n")[1]).to.equal(
      "*Held for* `unknown` since an unknown time",
    );
  });

  it("a refresh stopped before it could report (its Map failed): the error and the start of its cause", async () => {
    // No rehearsed fault reaches the Map's own Catch (every table's failure is caught per table):
    // the state that tells of it is run on the state the refresh would hold there.
    const { dev } = models();
    const state = "Tell what stopped the refresh";
    const output = withJsonataPassesAsTasks(restoreMachine(dev)).outputs.get(state)!;
    const arn = "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:run-1";
    const told = (await evaluateOutput(
      output,
      {
        request: { environment: "dev-3", requestedBy: "slack:U0123", copyDate: "latest" },
        tables: ["Users"],
        error: { Error: "States.ExceedToleratedFailureThreshold", Cause: "x".repeat(40_000) },
      },
      {
        Execution: { Id: arn, Name: "run-1", StartTime: "2026-11-26T16:00:00.000Z", Input: {} },
        StateMachine: { Id: "m", Name: "datarefresh-restore" },
        State: { Name: state, EnteredTime: "2026-11-26T18:05:30.000Z" },
      },
    )) as { notice: { subject: string; message: string } };
    const notice = noticeOf({
      at: 0,
      topicArn: "t",
      subject: told.notice.subject,
      message: told.notice.message,
      structure: "json",
    });
    expectEnvelope(notice, arn, "datarefresh-refresh-ended", [
      "datarefresh",
      "dev-3",
      "States.ExceedToleratedFailureThreshold",
    ]);
    expect(notice.chat.content.nextSteps).to.deep.equal([
      `<${CONSOLE}${arn}|Open the refresh in the Step Functions console>`,
      "What each error means: the runbook, section 12 (docs/setup.md)",
    ]);
    expect(notice.chat.content.title).to.equal(
      ":x: dev-3: the refresh stopped (States.ExceedToleratedFailureThreshold)",
    );
    expect(notice.chat.content.description).to.equal(
      `*Requested by* \`slack:U0123\` · *copy* latest · *took* 2 h 5 min\n*States.ExceedToleratedFailureThreshold* \`${"x".repeat(597)}...\``,
    );
  });

  it("never fails a run: a publish SNS refuses is caught, and the refresh goes on", async () => {
    const r = await afterDailyBackup();
    r.world.inject({
      kind: "error",
      call: "sns:publish",
      code: "AuthorizationErrorException",
      times: 2,
    });
    const run = await r.refresh({ environment: "dev-3" });
    expect(run.status).to.equal("SUCCEEDED");
    expect(reportOf(run)).to.include({ requested: 3, restored: 3 });
    expect(r.world.callsTo("dev", "sns:publish").map((c) => c.error)).to.deep.equal([
      "Sns.AuthorizationErrorException",
      "Sns.AuthorizationErrorException",
    ]);
    expect(noticesOf(r.world, run.arn)).to.deep.equal([]);
  });
});
