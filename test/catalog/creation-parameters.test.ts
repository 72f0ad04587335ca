import { expect } from "chai";
import { creationParameters } from "../../catalog/creation-parameters";
import type { ProdTable } from "../../catalog/prod-table";
import { sizeGbOf } from "../../catalog/size";
import { tableCreationSchema } from "../../config/table-creation";
import { prodTables } from "../helpers/prod-account";

const ORDERS: ProdTable = {
  name: "orders.v2",
  description: prodTables()["orders.v2"]!.description,
  tags: {},
  kmsKey: { arn: "arn:aws:kms:eu-west-1:111111111111:key/aws-dynamodb", manager: "AWS" },
};

describe("what ImportTable creates a dev table with, from prod", () => {
  it("gives a provisioned dev copy's capacity to the table, and to each index the one the dev billing names or the table's", () => {
    const twoIndexes: ProdTable = {
      ...ORDERS,
      description: {
        ...ORDERS.description,
        AttributeDefinitions: [
          ...ORDERS.description.AttributeDefinitions!,
          { AttributeName: "status", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [
          ...ORDERS.description.GlobalSecondaryIndexes!,
          {
            IndexName: "byStatus",
            KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
      },
    };
    const p = creationParameters(twoIndexes, {
      mode: "PROVISIONED",
      read: 7,
      write: 3,
      indexes: { "by.customer": { read: 2, write: 1 } },
    });
    expect(p).to.deep.include({
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    });
    expect(p.OnDemandThroughput).to.equal(undefined);
    expect(
      p.GlobalSecondaryIndexes!.map((g) => [g.IndexName, g.ProvisionedThroughput]),
    ).to.deep.equal([
      ["by.customer", { ReadCapacityUnits: 2, WriteCapacityUnits: 1 }],
      ["byStatus", { ReadCapacityUnits: 7, WriteCapacityUnits: 3 }],
    ]);
    expect(tableCreationSchema.safeParse(p).success).to.equal(true);
  });

  it("keeps prod's on-demand limits, leaving out DynamoDB's -1 (no limit), and never names a prod key", () => {
    const p = creationParameters(ORDERS, { mode: "PAY_PER_REQUEST" });
    expect(p.OnDemandThroughput).to.deep.equal({ MaxReadRequestUnits: 4000 });
    expect(p.SSESpecification).to.deep.equal({ Enabled: true, SSEType: "KMS" });
    const ownKey = creationParameters({ ...ORDERS, kmsKey: undefined } as ProdTable, {
      mode: "PAY_PER_REQUEST",
    });
    expect(ownKey.SSESpecification).to.equal(undefined);
    expect(tableCreationSchema.safeParse(p).success).to.equal(true);
  });

  it("keeps the billing and encryption a person wrote, giving a new index what fits that billing", () => {
    const p = creationParameters(
      ORDERS,
      { mode: "PAY_PER_REQUEST" },
      {
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 9, WriteCapacityUnits: 8 },
        SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: "alias/dev" },
      },
    );
    expect(p).to.deep.include({
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 9, WriteCapacityUnits: 8 },
      SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: "alias/dev" },
    });
    expect(p.GlobalSecondaryIndexes![0]!.ProvisionedThroughput).to.deep.equal({
      ReadCapacityUnits: 9,
      WriteCapacityUnits: 8,
    });
    expect(p.KeySchema).to.deep.equal(ORDERS.description.KeySchema);
  });
});

describe("a table's size in the catalog", () => {
  it("is in GB of 10^9 bytes, to two significant digits, to the hundredth below 1 GB", () => {
    expect(
      [0, 4_000_000, 456_000_000, 999_999_999, 3_040_000_000, 12_400_000_000, 123_456_789_012].map(
        sizeGbOf,
      ),
    ).to.deep.equal([0, 0, 0.46, 1, 3, 12, 120]);
  });
});
