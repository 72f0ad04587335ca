import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  ResourceNotFoundException,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand, KMSClient, KMSServiceException } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";

const ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table";
export const AWS_MANAGED_KEY = "arn:aws:kms:eu-west-1:111111111111:key/aws-dynamodb";
export const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:111111111111:key/customer-payments";
export const SECRET_KEY = "arn:aws:kms:eu-west-1:111111111111:key/customer-secret";

/** A prod table as DescribeTable, DescribeTimeToLive, ListTagsOfResource and PITR tell of it. */
export interface FakeTable {
  description: TableDescription;
  ttl?: string;
  tags?: Record<string, string>;
  pitr?: boolean;
}

const S = (name: string) => ({ AttributeName: name, AttributeType: "S" as const });
const HASH = (name: string) => ({ AttributeName: name, KeyType: "HASH" as const });
const RANGE = (name: string) => ({ AttributeName: name, KeyType: "RANGE" as const });

/**
 * Prod tables of every kind `catalog import` meets: a name with dots, on demand with on-demand
 * limits, a GSI projecting some attributes, TTL and AWS's managed key (orders.v2); provisioned
 * with a GSI and an LSI (Following); a customer managed key (Payments), and one KMS will not
 * describe (Secrets); provisioned without indexes (Sessions).
 */
export function prodTables(): Record<string, FakeTable> {
  return {
    "orders.v2": {
      description: {
        TableName: "orders.v2",
        TableArn: `${ARN}/orders.v2`,
        TableStatus: "ACTIVE",
        TableSizeBytes: 123_456_789_012,
        AttributeDefinitions: [S("pk"), S("sk"), S("customer")],
        KeySchema: [HASH("pk"), RANGE("sk")],
        BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        OnDemandThroughput: { MaxReadRequestUnits: 4000, MaxWriteRequestUnits: -1 },
        GlobalSecondaryIndexes: [
          {
            IndexName: "by.customer",
            KeySchema: [HASH("customer"), RANGE("sk")],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["total", "status"] },
            IndexStatus: "ACTIVE",
            IndexSizeBytes: 1000,
            ItemCount: 10,
            ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
          },
        ],
        SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: AWS_MANAGED_KEY },
      },
      ttl: "expiresAt",
      tags: { team: "shop", env: "production" },
      pitr: true,
    },
    Following: {
      description: {
        TableName: "Following",
        TableArn: `${ARN}/Following`,
        TableStatus: "ACTIVE",
        TableSizeBytes: 12_400_000_000,
        AttributeDefinitions: [S("pk"), S("sk"), S("follower"), S("createdAt")],
        KeySchema: [HASH("pk"), RANGE("sk")],
        ProvisionedThroughput: { ReadCapacityUnits: 500, WriteCapacityUnits: 100 },
        GlobalSecondaryIndexes: [
          {
            IndexName: "byFollower",
            KeySchema: [HASH("follower")],
            Projection: { ProjectionType: "ALL" },
            ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "byCreatedAt",
            KeySchema: [HASH("pk"), RANGE("createdAt")],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
      },
      tags: { team: "social" },
    },
    Payments: {
      description: {
        TableName: "Payments",
        TableArn: `${ARN}/Payments`,
        TableStatus: "ACTIVE",
        TableSizeBytes: 250_000_000_000,
        AttributeDefinitions: [S("id")],
        KeySchema: [HASH("id")],
        BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
        SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: CUSTOMER_KEY },
      },
    },
    Secrets: {
      description: {
        TableName: "Secrets",
        TableArn: `${ARN}/Secrets`,
        TableStatus: "ACTIVE",
        TableSizeBytes: 80_000_000_000,
        AttributeDefinitions: [S("id")],
        KeySchema: [HASH("id")],
        BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
        SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: SECRET_KEY },
      },
    },
    Sessions: {
      description: {
        TableName: "Sessions",
        TableArn: `${ARN}/Sessions`,
        TableStatus: "ACTIVE",
        TableSizeBytes: 3_040_000_000,
        AttributeDefinitions: [S("id")],
        KeySchema: [HASH("id")],
        BillingModeSummary: { BillingMode: "PROVISIONED" },
        ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 },
      },
      ttl: "until",
    },
  };
}

/** An AWS error as the SDK throws it. */
export function dynamoDbError(name: string, message = `${name}: message`) {
  return new DynamoDBServiceException({
    name,
    message,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * DynamoDB and KMS of a prod account holding `tables`, through aws-sdk-client-mock: ListTables in
 * pages of `pageSize` (a page is never longer than the Limit asked), and every read per table.
 */
export function mockProdAccount(tables: Record<string, FakeTable>, pageSize = 100) {
  const dynamodb = mockClient(DynamoDBClient);
  const kms = mockClient(KMSClient);
  const names = Object.keys(tables).sort();
  dynamodb.on(ListTablesCommand).callsFake((input) => {
    const from = input.ExclusiveStartTableName;
    const start = from === undefined ? 0 : names.indexOf(from) + 1;
    const page = names.slice(start, start + Math.min(pageSize, input.Limit ?? 100));
    const more = start + page.length < names.length;
    return { TableNames: page, ...(more ? { LastEvaluatedTableName: page.at(-1) } : {}) };
  });
  const table = (name: string | undefined) => {
    const found = tables[name ?? ""];
    if (found === undefined)
      throw new ResourceNotFoundException({
        message: `Requested resource not found: Table: ${name} not found`,
        $metadata: {},
      });
    return found;
  };
  dynamodb.on(DescribeTableCommand).callsFake((i) => ({ Table: table(i.TableName).description }));
  dynamodb.on(DescribeTimeToLiveCommand).callsFake((i) => {
    const ttl = table(i.TableName).ttl;
    return {
      TimeToLiveDescription:
        ttl === undefined
          ? { TimeToLiveStatus: "DISABLED" }
          : { TimeToLiveStatus: "ENABLED", AttributeName: ttl },
    };
  });
  dynamodb.on(ListTagsOfResourceCommand).callsFake((i) => {
    const tags = Object.entries(table(i.ResourceArn!.split("/").at(-1)).tags ?? {});
    // One tag a page, so that every table with two tags is read over two pages.
    const at = i.NextToken === undefined ? 0 : Number(i.NextToken);
    return {
      Tags: tags.slice(at, at + 1).map(([Key, Value]) => ({ Key, Value })),
      ...(at + 1 < tags.length ? { NextToken: String(at + 1) } : {}),
    };
  });
  dynamodb.on(DescribeContinuousBackupsCommand).callsFake((i) => ({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: table(i.TableName).pitr === true ? "ENABLED" : "DISABLED",
      },
    },
  }));
  kms.on(DescribeKeyCommand).callsFake((i) => {
    if (i.KeyId === SECRET_KEY)
      throw new KMSServiceException({
        name: "AccessDeniedException",
        message: "not authorized to perform kms:DescribeKey",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      });
    return {
      KeyMetadata: { KeyId: "k", KeyManager: i.KeyId === AWS_MANAGED_KEY ? "AWS" : "CUSTOMER" },
    };
  });
  return {
    dynamodb,
    kms,
    restore: () => {
      dynamodb.restore();
      kms.restore();
    },
  };
}
