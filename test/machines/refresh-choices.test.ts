import { expect } from "chai";
import { allStates, isDistributedMap } from "../../asl";
import { catalogSchema } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import { Rehearsal } from "../../rehearsal/pair";
import { planStack } from "../../stack/plan";
import { afterDailyBackup, models, outcomesOf } from "../helpers/rehearsal";
import { allTasks } from "../helpers/tasks";

/** The copy recorded for `table` by the daily run of `day` (`2026-11-26`). */
function copyOf(r: Rehearsal, table: string, day: string): string {
  return r.world.accounts.dev.dynamodb.query(r.world.now, {
    TableName: "datarefresh-state",
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :day)",
    ExpressionAttributeValues: { ":pk": { S: `copy#${table}` }, ":day": { S: day } },
  }).Items[0]!.recoveryPointArn!.S!;
}

function withTables(tables: unknown[], settings: Partial<StackModel["settings"]> = {}): Rehearsal {
  const parsed = catalogSchema.parse({ tables }).tables;
  const { prod, dev } = models(settings);
  return new Rehearsal({ ...prod, tables: parsed }, { ...dev, tables: parsed });
}

describe("what a refresh chooses", function () {
  this.timeout(120_000);

  it("restores the newest of several recorded copies, and the one of the date asked for", async () => {
    const r = await afterDailyBackup();
    r.later(23 * 3600);
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    const first = copyOf(r, "Sessions", "2026-11-26");
    const second = copyOf(r, "Sessions", "2026-11-27");
    expect(first).to.not.equal(second);
    const latest = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    expect(outcomesOf(r, latest)[0]!.recoveryPointArn).to.equal(second);
    const dated = await r.refresh({
      environment: "dev-2",
      tables: ["Sessions"],
      copyDate: "2026-11-26",
    });
    expect(outcomesOf(r, dated)[0]!.recoveryPointArn).to.equal(first);
  });

  it("lifts a dev table's protection only where the catalog says replaceProtected, whatever deletionProtection says", async () => {
    const r = withTables([
      { name: "Kept", sizeGb: 1, dev: { deletionProtection: true, replaceProtected: false } },
      { name: "Lifted", sizeGb: 1, dev: { deletionProtection: false, replaceProtected: true } },
    ]);
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    r.world.seedDevTable("dev-1-Kept", { deletionProtection: true, tags: { old: "yes" } });
    r.world.seedDevTable("dev-1-Lifted", { deletionProtection: true, tags: { old: "yes" } });
    const run = await r.refresh({ environment: "dev-1" });
    expect(outcomesOf(r, run).map((o) => [o.table, o.status, o.error ?? null])).to.deep.equal([
      ["Kept", "FAILED", "TableProtected"],
      ["Lifted", "RESTORED", null],
    ]);
    const dev = r.world.accounts.dev.dynamodb.tables;
    expect(dev.get("dev-1-Kept")!.tags.old).to.equal("yes");
    expect(dev.get("dev-1-Lifted")!.tags.old).to.equal(undefined);
    // The catalog's deletionProtection is what the new table gets.
    expect(dev.get("dev-1-Lifted")!.deletionProtection).to.equal(false);
  });

  it("goes on when lifting protection took effect but its answer was lost, after checking the table", async () => {
    const r = withTables([
      { name: "Lifted", sizeGb: 1, dev: { deletionProtection: false, replaceProtected: true } },
    ]);
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    r.world.seedDevTable("dev-1-Lifted", { deletionProtection: true });
    const lift = { kind: "error", call: "dynamodb:updateTable", table: "dev-1-Lifted" } as const;
    r.world.inject({ ...lift, code: "InternalServerError", afterEffect: true, times: 1 });
    // Whether DynamoDB refuses to lift protection already lifted is not documented: if it does,
    // every repeat is refused, and the machine must look at the table rather than fail it.
    const { task } = allTasks().find((t) => t.name === "Lift deletion protection")!;
    const baseRetry = task.Retry!.find((x) =>
      x.ErrorEquals.includes("DynamoDb.DynamoDbException"),
    )!;
    const repeats = baseRetry.MaxAttempts!;
    r.world.inject({ ...lift, code: "ValidationException", times: repeats });
    const run = await r.refresh({ environment: "dev-1" });
    const lifts = r.world
      .callsTo("dev", "dynamodb:updateTable")
      .filter((c) => c.params.DeletionProtectionEnabled === false);
    expect(lifts.map((c) => c.error)).to.deep.equal([
      "DynamoDb.InternalServerErrorException",
      ...Array<string>(repeats).fill("DynamoDb.DynamoDbException"),
    ]);
    expect(outcomesOf(r, run).map((o) => [o.table, o.status])).to.deep.equal([
      ["Lifted", "RESTORED"],
    ]);
  });

  it("runs as many tables at once as each stack's maxConcurrency says", async () => {
    const tables = Array.from({ length: 30 }, (_, i) => ({ name: `Table${i}`, sizeGb: 5 }));
    const parsed = catalogSchema.parse({ tables }).tables;
    const prodModels = models({ maxConcurrency: 7 });
    const devModels = models({ maxConcurrency: 13 });
    const prod = { ...prodModels.prod, tables: parsed };
    const dev = { ...devModels.dev, tables: parsed };
    for (const [model, expected] of [
      [prod, 7],
      [dev, 13],
    ] as const) {
      for (const machine of planStack(model).machines) {
        for (const { state } of allStates(machine.definition)) {
          if (state.Type === "Map" && isDistributedMap(state))
            expect(state.MaxConcurrency, machine.name).to.equal(expected);
        }
      }
    }
    const r = new Rehearsal(prod, dev);
    await r.backupAndCopy();
    r.later(3600);
    await r.refresh({ environment: "dev-1" });
    const mostAtOnce = (jobs: { createdAt: number; end: { at: number } }[]) =>
      Math.max(
        ...jobs.map(
          (j) => jobs.filter((k) => k.createdAt <= j.createdAt && j.createdAt < k.end.at).length,
        ),
      );
    const jobs = (side: "prod" | "dev", kind: string) =>
      [...r.world.accounts[side].backup.jobs.values()].filter((j) => j.kind === kind);
    expect(mostAtOnce(jobs("prod", "backup"))).to.equal(7);
    expect(mostAtOnce(jobs("dev", "restore"))).to.equal(13);
  });

  it("gives every index its capacity when a table leaves on-demand, the catalog's or the table's", async () => {
    const r = withTables([
      {
        name: "Orders",
        sizeGb: 1,
        dev: {
          billing: {
            mode: "PROVISIONED",
            read: 4,
            write: 3,
            indexes: { byDay: { read: 2, write: 1 } },
          },
        },
      },
    ]);
    // In prod the table is on demand, with an index the catalog's dev billing does not name.
    const orders = r.world.accounts.prod.dynamodb.tables.get("Orders")!;
    orders.billing = "PAY_PER_REQUEST";
    orders.schema.globalIndexes = ["byDay", "byCustomer"];
    orders.indexCapacity = { byDay: { read: 0, write: 0 }, byCustomer: { read: 0, write: 0 } };
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    const run = await r.refresh({ environment: "dev-1" });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const dev = r.world.accounts.dev.dynamodb.tables.get("dev-1-Orders")!;
    expect(dev.billing).to.equal("PROVISIONED");
    expect(dev.capacity).to.deep.equal({ read: 4, write: 3 });
    expect(dev.indexCapacity).to.deep.equal({
      byDay: { read: 2, write: 1 },
      byCustomer: { read: 4, write: 3 },
    });
    // One change made it so: nothing is asked of the table twice.
    const billingChanges = r.world
      .callsTo("dev", "dynamodb:updateTable")
      .filter((c) => c.params.BillingMode !== undefined);
    expect(billingChanges.map((c) => [c.params.BillingMode, c.error ?? "ok"])).to.deep.equal([
      ["PROVISIONED", "ok"],
    ]);
  });

  it("makes each table's capacity the catalog's, whatever the copy has, and changes only what differs", async () => {
    const provisioned = (read: number, write: number) => ({
      billing: { mode: "PROVISIONED", read, write },
    });
    const r = withTables([
      { name: "FromOnDemand", sizeGb: 1, dev: provisioned(4, 3) },
      { name: "AsInProd", sizeGb: 1, dev: provisioned(100, 100) },
      { name: "ToOnDemand", sizeGb: 1 },
    ]);
    // Copies keep prod's billing: FromOnDemand's is on demand, the others' provisioned 100/100.
    r.world.accounts.prod.dynamodb.tables.get("FromOnDemand")!.billing = "PAY_PER_REQUEST";
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    const run = await r.refresh({ environment: "dev-1" });
    expect(run.status, JSON.stringify(run.error)).to.equal("SUCCEEDED");
    const dev = r.world.accounts.dev.dynamodb.tables;
    const capacityOf = (name: string) => {
      const t = dev.get(`dev-1-${name}`)!;
      return [t.billing, t.billing === "PROVISIONED" ? t.capacity : null];
    };
    expect(["FromOnDemand", "AsInProd", "ToOnDemand"].map(capacityOf)).to.deep.equal([
      ["PROVISIONED", { read: 4, write: 3 }],
      ["PROVISIONED", { read: 100, write: 100 }],
      ["PAY_PER_REQUEST", null],
    ]);
    const changes = r.world
      .callsTo("dev", "dynamodb:updateTable")
      .filter((c) => c.params.BillingMode !== undefined || c.params.ProvisionedThroughput)
      .map((c) => [c.params.TableName, c.params.BillingMode ?? "capacity"]);
    expect(changes.sort()).to.deep.equal([
      ["dev-1-FromOnDemand", "PROVISIONED"],
      ["dev-1-ToOnDemand", "PAY_PER_REQUEST"],
    ]);
  });

  it("fails a table whose index capacity DynamoDB keeps refusing, and says why", async () => {
    const r = withTables([
      {
        name: "Follows",
        sizeGb: 1,
        // The table's capacity is prod's already: the index is the one change to make.
        dev: {
          billing: {
            mode: "PROVISIONED",
            read: 100,
            write: 100,
            indexes: { byFollower: { read: 2, write: 2 } },
          },
        },
      },
    ]);
    expect((await r.backupAndCopy()).status).to.equal("SUCCEEDED");
    r.later(3600);
    r.world.inject({
      kind: "error",
      call: "dynamodb:updateTable",
      code: "ValidationException",
      message: "Subscriber limit exceeded for index byFollower",
      times: 100,
    });
    const run = await r.refresh({ environment: "dev-1" });
    const [outcome] = outcomesOf(r, run);
    expect(outcome).to.include({ status: "FAILED", error: "DynamoDb.DynamoDbException" });
    expect(outcome!.cause).to.match(/Subscriber limit exceeded for index byFollower/);
    expect(
      r.world.accounts.dev.dynamodb.tables.get("dev-1-Follows")!.indexCapacity.byFollower,
    ).to.deep.equal({ read: 50, write: 50 });
  });
});
