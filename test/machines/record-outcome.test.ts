import { expect } from "chai";
import { afterDailyBackup, reportOf } from "../helpers/rehearsal";

describe("a table's outcome that cannot be recorded", () => {
  it("leaves the outcome in the run's report only: the table is still restored", async () => {
    const r = await afterDailyBackup();
    // Every write after the restore started: the outcome records, not the lock.
    r.world.inject({
      kind: "error",
      call: "dynamodb:putItem",
      code: "InternalServerError",
      times: 1_000,
      after: { call: "backup:startRestoreJob" },
    });
    const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    expect(reportOf(run)).to.include({ requested: 1, restored: 1, failed: 0 });
    const writes = r.world.callsTo("dev", "dynamodb:putItem").filter((c) => c.error !== undefined);
    expect(writes.length).to.be.greaterThan(0);
    const recorded = r.world.accounts.dev.dynamodb.query(r.world.now, {
      TableName: "datarefresh-state",
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: `refresh#${run.arn}` } },
    });
    expect(recorded.Items).to.deep.equal([]);
  });
});
