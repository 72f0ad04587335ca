import { expect } from "chai";
import { CAUSE_LIMIT, largestCatalog, worstDailyRun, worstRefresh } from "../../bench/worst-case";
import { MAX_CATALOG_NAME_BYTES, MAX_CATALOG_TABLES } from "../../config/catalog";
import { STATE_DATA_LIMIT } from "../../rehearsal/history-count";
import { NOTICE_LIMITS } from "../../asl/machines/notice";
import { noticesOf, type Notice } from "../helpers/notices";
import { models, reportOf } from "../helpers/rehearsal";

/** What the notices of a run may take at most, far under SNS's 256 KiB (their bound, README). */
const NOTICE_BYTES = 32_768;

/**
 * A notice of a run whose every table failed: the chat lists a few whole lines and the e-mail
 * more, each saying how many it leaves out, neither cut short by the notice's overall bound.
 */
function expectWholeLists(notice: Notice): void {
  const description = notice.chat.content.description;
  expect(description).to.match(/ and \d+ more, not listed here$/);
  const chatLines = description.split("\n").filter((l) => l.startsWith("• "));
  expect(chatLines.length).to.be.within(1, NOTICE_LIMITS.chatTables);
  const mailLines = notice.email.split("\n").filter((l) => l.startsWith("- "));
  expect(mailLines.length).to.be.greaterThan(NOTICE_LIMITS.chatTables);
  expect(notice.email).to.match(/ more, not listed here\n/);
  expect(notice.email.endsWith("...")).to.equal(false);
}

/** The bound: no state over half of what Step Functions allows. */
const HALF = STATE_DATA_LIMIT / 2;

describe("no state passes Step Functions' 256 KiB, at the largest catalog the config accepts", function () {
  this.timeout(600_000);
  const { prod, dev } = models();

  it("is a catalog the config takes, at its bounds", () => {
    const tables = largestCatalog();
    expect(tables).to.have.length(MAX_CATALOG_TABLES);
    const bytes = Buffer.byteLength(JSON.stringify(tables.map((t) => t.name)));
    expect(bytes).to.be.within(MAX_CATALOG_NAME_BYTES - 1_000, MAX_CATALOG_NAME_BYTES);
  });

  it("a refresh of every table, each failing with the longest cause: every state under half, the cause whole", async () => {
    const { run, world, largest } = await worstRefresh(prod, dev);
    expect(run.error?.Error).to.equal("TablesFailed");
    const report = reportOf(run);
    expect(report).to.include({ requested: 1000, restored: 0, failed: 1000 });
    expect(report.failedTables.length + report.notListed).to.equal(1000);
    expect(run.error!.Cause.length).to.be.below(CAUSE_LIMIT);
    expect(largest.bytes, largest.execution).to.be.below(HALF);
    const notices = noticesOf(world, run.arn);
    expect(notices.map((n) => n.chat.metadata!.eventType)).to.deep.equal([
      "datarefresh-refresh-started",
      "datarefresh-refresh-ended",
    ]);
    for (const notice of notices) expect(notice.bytes).to.be.below(NOTICE_BYTES);
    expectWholeLists(notices[1]!);
    console.log(
      `      largest state ${largest.bytes} bytes; notices ${notices.map((n) => n.bytes).join(", ")} bytes`,
    );
  });

  it("a daily run of every table, each failing with the longest cause: every state under half, the cause whole", async () => {
    const { run, world, largest } = await worstDailyRun(prod, dev);
    expect(run.error?.Error).to.equal("TablesFailed");
    const report = reportOf(run);
    expect(report).to.include({ requested: 1000, copied: 0, failed: 1000 });
    expect(run.error!.Cause.length).to.be.below(CAUSE_LIMIT);
    expect(largest.bytes, largest.execution).to.be.below(HALF);
    const notices = noticesOf(world, run.arn);
    expect(notices).to.have.length(1);
    expect(notices[0]!.bytes).to.be.below(NOTICE_BYTES);
    expectWholeLists(notices[0]!);
    console.log(`      largest state ${largest.bytes} bytes; notice ${notices[0]!.bytes} bytes`);
  });
});
