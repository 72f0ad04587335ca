import type { TableCreationParameters } from "@aws-sdk/client-dynamodb";
import { unmodelled } from "./aws-error";
import { indexShapesOf, type IndexShape, type SimTable } from "./dynamodb";

/** The fields ImportTable takes in TableCreationParameters: exactly the SDK's. */
const FIELDS = {
  TableName: true,
  AttributeDefinitions: true,
  KeySchema: true,
  BillingMode: true,
  ProvisionedThroughput: true,
  OnDemandThroughput: true,
  SSESpecification: true,
  GlobalSecondaryIndexes: true,
  VectorIndexes: true,
} satisfies Record<keyof TableCreationParameters, true>;

interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}
type Keys = { AttributeName: string; KeyType: "HASH" | "RANGE" }[];

export interface CreationParameters {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  KeySchema: Keys;
  BillingMode?: "PROVISIONED" | "PAY_PER_REQUEST";
  ProvisionedThroughput?: Throughput;
  GlobalSecondaryIndexes?: (IndexShape & {
    IndexName: string;
    ProvisionedThroughput?: Throughput;
  })[];
}

const invalid = (message: string) =>
  unmodelled("dynamodb", `One or more parameter values were invalid: ${message}`);

/** TableCreationParameters as DynamoDB validates them (a ValidationException otherwise). */
export function creationParameters(value: unknown): CreationParameters {
  if (typeof value !== "object" || value === null)
    throw unmodelled("dynamodb", "TableCreationParameters is required");
  const p = value as Record<string, unknown>;
  if ("LocalSecondaryIndexes" in p) {
    throw unmodelled(
      "dynamodb",
      "TableCreationParameters has no LocalSecondaryIndexes: DynamoDB import from S3 cannot create local secondary indexes",
    );
  }
  const unknown = Object.keys(p).filter((k) => !(k in FIELDS));
  if (unknown.length > 0)
    throw unmodelled(
      "dynamodb",
      `Unknown parameter in TableCreationParameters: ${unknown.join(", ")}`,
    );
  for (const required of ["TableName", "AttributeDefinitions", "KeySchema"]) {
    if (p[required] === undefined)
      throw unmodelled("dynamodb", `TableCreationParameters.${required} is required`);
  }
  const params = p as unknown as CreationParameters;
  checkKeys(params);
  checkBilling(params);
  return params;
}

function checkKeys(p: CreationParameters): void {
  const defined = p.AttributeDefinitions.map((a) => a.AttributeName);
  const used = [p.KeySchema, ...(p.GlobalSecondaryIndexes ?? []).map((g) => g.KeySchema)].flatMap(
    (keys) => keys.map((k) => k.AttributeName),
  );
  const undefinedKeys = used.filter((name) => !defined.includes(name));
  if (undefinedKeys.length > 0) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${undefinedKeys.join(", ")}], AttributeDefinitions: [${defined.join(", ")}]`,
    );
  }
  if (defined.some((name) => !used.includes(name))) {
    throw invalid(
      "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    );
  }
}

function checkBilling(p: CreationParameters): void {
  const provisioned = (p.BillingMode ?? "PROVISIONED") === "PROVISIONED";
  const throughputs = [
    { of: "the table", given: p.ProvisionedThroughput !== undefined },
    ...(p.GlobalSecondaryIndexes ?? []).map((g) => ({
      of: `index ${g.IndexName}`,
      given: g.ProvisionedThroughput !== undefined,
    })),
  ];
  for (const { of, given } of throughputs) {
    if (provisioned && !given)
      throw invalid(
        `ProvisionedThroughput must be specified for ${of} when BillingMode is PROVISIONED`,
      );
    if (!provisioned && given)
      throw invalid(
        `Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for ${of} when BillingMode is PAY_PER_REQUEST`,
      );
  }
}

const capacity = (t: Throughput | undefined) => ({
  read: t?.ReadCapacityUnits ?? 0,
  write: t?.WriteCapacityUnits ?? 0,
});

/** The table an import creates: keys, indexes and billing as asked; nothing else. */
export function importedTable(
  p: CreationParameters,
  size: { sizeGb: number; itemCount: number },
): Omit<SimTable, "arn" | "status" | "settlesAt" | "createdAt" | "capacityDecreases"> {
  const indexes = p.GlobalSecondaryIndexes ?? [];
  return {
    name: p.TableName,
    schema: {
      keySchema: structuredClone(p.KeySchema),
      attributes: structuredClone(p.AttributeDefinitions),
      globalIndexes: indexes.map((g) => g.IndexName),
      indexShapes: indexShapesOf(indexes),
      localIndexes: [],
    },
    billing: p.BillingMode ?? "PROVISIONED",
    capacity: capacity(p.ProvisionedThroughput),
    indexCapacity: Object.fromEntries(
      indexes.map((g) => [g.IndexName, capacity(g.ProvisionedThroughput)]),
    ),
    tags: {},
    deletionProtection: false,
    pitr: false,
    ...size,
  };
}
