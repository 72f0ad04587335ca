import { expect } from "chai";
import { restoreSettings } from "../../asl/machines/restore-settings";
import { catalogSchema } from "../../config/catalog";

const tables = (entries: unknown[]) => catalogSchema.parse({ tables: entries }).tables;

describe("the settings a refresh puts back, as each table's machine carries them", () => {
  it("lists index capacities and tags in name order, so that reordering the catalog changes no definition", () => {
    const [table] = tables([
      {
        name: "Orders",
        dev: {
          billing: {
            mode: "PROVISIONED",
            read: 5,
            write: 4,
            indexes: {
              byB: { read: 1, write: 1 },
              byA: { read: 2, write: 3 },
              byC: { read: 1, write: 2 },
            },
          },
          tags: { z: "1", a: "2", m: "3" },
        },
      },
    ]);
    const capacity = (IndexName: string, read: number, write: number) => ({
      Update: {
        IndexName,
        ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write },
      },
    });
    expect(restoreSettings(table!)).to.deep.equal({
      name: "Orders",
      capacity: { read: 5, write: 4 },
      indexUpdates: [capacity("byA", 2, 3), capacity("byB", 1, 1), capacity("byC", 1, 2)],
      tags: [
        { Key: "a", Value: "2" },
        { Key: "m", Value: "3" },
        { Key: "z", Value: "1" },
      ],
    });
  });

  it("leaves out what a table does not have: capacity, indexes, stream, TTL, tags, import parameters", () => {
    const [table] = tables([{ name: "Plain" }]);
    expect(restoreSettings(table!)).to.deep.equal({ name: "Plain" });
  });
});
