import {
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsCommandInput,
  DescribeTableCommand,
  type DescribeTableCommandInput,
  DescribeTimeToLiveCommand,
  type DescribeTimeToLiveCommandInput,
  type DynamoDBClient,
  ListTablesCommand,
  type ListTablesCommandInput,
  ListTagsOfResourceCommand,
  type ListTagsOfResourceCommandInput,
  ResourceNotFoundException,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeKeyCommand,
  type DescribeKeyCommandInput,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { readProd } from "./aws-call";

/** The clients `catalog import` reads prod with. */
export interface ProdClients {
  dynamodb: DynamoDBClient;
  kms: KMSClient;
}

/** Every table name of the account and Region, page after page (100 a page, DynamoDB's most). */
export async function listTableNames(dynamodb: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const input: ListTablesCommandInput = {
      Limit: 100,
      ...(start === undefined ? {} : { ExclusiveStartTableName: start }),
    };
    const page = await readProd("ListTables", "the account", () =>
      dynamodb.send(new ListTablesCommand(input)),
    );
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  return names;
}

/** A table's description; undefined where the table does not exist. */
export async function describeTable(
  dynamodb: DynamoDBClient,
  name: string,
): Promise<TableDescription | undefined> {
  const input: DescribeTableCommandInput = { TableName: name };
  return readProd("DescribeTable", name, async () => {
    try {
      return (await dynamodb.send(new DescribeTableCommand(input))).Table;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  });
}

/** The attribute TTL expires items by, where TTL is on or being turned on. */
export async function timeToLiveAttribute(
  dynamodb: DynamoDBClient,
  name: string,
): Promise<string | undefined> {
  const input: DescribeTimeToLiveCommandInput = { TableName: name };
  const answer = await readProd("DescribeTimeToLive", name, () =>
    dynamodb.send(new DescribeTimeToLiveCommand(input)),
  );
  const ttl = answer.TimeToLiveDescription;
  return ttl?.TimeToLiveStatus === "ENABLED" || ttl?.TimeToLiveStatus === "ENABLING"
    ? ttl.AttributeName
    : undefined;
}

/** A table's tags, page after page. */
export async function tagsOf(
  dynamodb: DynamoDBClient,
  tableArn: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let next: string | undefined;
  do {
    const input: ListTagsOfResourceCommandInput = {
      ResourceArn: tableArn,
      ...(next === undefined ? {} : { NextToken: next }),
    };
    const page = await readProd("ListTagsOfResource", tableArn, () =>
      dynamodb.send(new ListTagsOfResourceCommand(input)),
    );
    for (const tag of page.Tags ?? []) tags[tag.Key ?? ""] = tag.Value ?? "";
    next = page.NextToken;
  } while (next !== undefined);
  return tags;
}

/** Point-in-time recovery's status: ENABLED, DISABLED (or, where DynamoDB says none, DISABLED). */
export async function pointInTimeRecovery(dynamodb: DynamoDBClient, name: string): Promise<string> {
  const input: DescribeContinuousBackupsCommandInput = { TableName: name };
  const answer = await readProd("DescribeContinuousBackups", name, () =>
    dynamodb.send(new DescribeContinuousBackupsCommand(input)),
  );
  return (
    answer.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
      ?.PointInTimeRecoveryStatus ?? "DISABLED"
  );
}

/** Whose a KMS key is: AWS's (aws/dynamodb), the customer's, or unknown where KMS would not say. */
export type KeyManager = "AWS" | "CUSTOMER" | "unknown";

export async function keyManager(kms: KMSClient, keyArn: string): Promise<KeyManager> {
  const input: DescribeKeyCommandInput = { KeyId: keyArn };
  return readProd("DescribeKey", keyArn, async () => {
    try {
      const answer = await kms.send(new DescribeKeyCommand(input));
      return answer.KeyMetadata?.KeyManager === "AWS" ? "AWS" : "CUSTOMER";
    } catch (error) {
      // A customer managed key's policy may keep these credentials from describing it; AWS's never do.
      if ((error as Error).name === "AccessDeniedException") return "unknown";
      throw error;
    }
  });
}
