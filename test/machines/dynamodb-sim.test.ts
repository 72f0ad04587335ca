import { expect } from "chai";
import { rehearsal } from "../helpers/rehearsal";

describe("the simulated DynamoDB, where it refuses what DynamoDB refuses", () => {
  it("refuses an item with an attribute value of no data type, or of two", () => {
    const r = rehearsal();
    const put = (value: object) => () =>
      r.world.accounts.dev.dynamodb.putItem(r.world.now, {
        TableName: "datarefresh-state",
        Item: { pk: { S: "copy#Users" }, sk: { S: "2026-11-26" }, table: value },
      });
    for (const value of [{}, { S: "Users", N: "1" }])
      expect(put(value), JSON.stringify(value)).to.throw(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
      );
    expect(put({ S: "Users" })).to.not.throw();
  });
});
