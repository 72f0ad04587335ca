import type {
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
} from "@aws-sdk/client-dynamodb";
import type { TableSpec } from "../../config/catalog";
import { DynamoDbSim } from "../../rehearsal/dynamodb";
import { prodTable } from "../../rehearsal/world";

/**
 * DescribeTable as the prod account answers it where every table is as catalogued (the
 * rehearsal's prod tables); any other table is an ACTIVE table of which nothing else is known.
 */
export function describedAsCatalogued(
  tables: readonly TableSpec[],
): (input: DescribeTableCommandInput) => DescribeTableCommandOutput {
  const sim = new DynamoDbSim(
    "111111111111",
    (n) => `arn:aws:dynamodb:eu-west-1:111111111111:table/${n}`,
  );
  for (const table of tables) sim.createTable(0, prodTable(table), 0);
  return (input) =>
    ({
      $metadata: {},
      ...(sim.tables.has(input.TableName!)
        ? sim.describeTable(0, input.TableName!)
        : { Table: { TableStatus: "ACTIVE" } }),
    }) as DescribeTableCommandOutput;
}
