import type {
  AttributeDefinition,
  KeySchemaElement,
  Projection,
  TableDescription,
} from "@aws-sdk/client-dynamodb";
import type { TableCreation } from "../config/table-creation";

/**
 * A table's schema, part by part, as the text a difference is told in: what an import would
 * create differently if the catalog's `tableCreationParameters` and prod did not agree. Billing
 * and encryption are left out: the dev copy's own, never a reason to refuse an export.
 * `asl/machines/schema-drift.ts` computes the same in JSONata, in the daily run.
 */
export interface SchemaShape {
  /** `[pk HASH, sk RANGE]`: the order is the key's. */
  keys: string;
  /** `[kind S, pk S, sk S]`: sorted, as DynamoDB keeps no order of its own. */
  attributes: string;
  /** Each global secondary index by name: `[kind HASH] INCLUDE (a, b)`. */
  indexes: Record<string, string>;
}

/** What DescribeTable adds: local secondary indexes, which an import cannot create. */
export interface ProdSchemaShape extends SchemaShape {
  localIndexes: string[];
}

type Keys = readonly Pick<KeySchemaElement, "AttributeName" | "KeyType">[] | undefined;
type Attributes = readonly Pick<AttributeDefinition, "AttributeName" | "AttributeType">[];
interface Index {
  IndexName?: string | undefined;
  KeySchema?: Keys;
  Projection?: Pick<Projection, "ProjectionType" | "NonKeyAttributes"> | undefined;
}

const keyText = (keys: Keys) =>
  `[${(keys ?? []).map((k) => `${k.AttributeName} ${k.KeyType}`).join(", ")}]`;

const attributeText = (attributes: Attributes | undefined) =>
  `[${(attributes ?? [])
    .map((a) => `${a.AttributeName} ${a.AttributeType}`)
    .sort()
    .join(", ")}]`;

function indexText(index: Index): string {
  const p = index.Projection;
  const nonKey =
    p?.NonKeyAttributes === undefined ? "" : ` (${[...p.NonKeyAttributes].sort().join(", ")})`;
  return `${keyText(index.KeySchema)} ${p?.ProjectionType ?? ""}${nonKey}`;
}

const indexTexts = (indexes: readonly Index[] | undefined) =>
  Object.fromEntries((indexes ?? []).map((g) => [g.IndexName ?? "", indexText(g)]));

/** The schema an import creates from the catalog's parameters. */
export function shapeOfCreation(parameters: TableCreation): SchemaShape {
  return {
    keys: keyText(parameters.KeySchema),
    attributes: attributeText(parameters.AttributeDefinitions),
    indexes: indexTexts(parameters.GlobalSecondaryIndexes),
  };
}

/** The schema of a prod table, as DescribeTable gives it. */
export function shapeOfDescription(table: TableDescription): ProdSchemaShape {
  return {
    keys: keyText(table.KeySchema),
    attributes: attributeText(table.AttributeDefinitions),
    indexes: indexTexts(table.GlobalSecondaryIndexes),
    localIndexes: (table.LocalSecondaryIndexes ?? []).map((l) => l.IndexName ?? ""),
  };
}

/** An index name may be any word, `constructor` too: only the record's own keys count. */
const own = (texts: Record<string, string>, name: string) =>
  Object.hasOwn(texts, name) ? texts[name] : undefined;

/**
 * Where prod and the catalog's parameters differ in keys, attribute definitions and global
 * secondary indexes (indexes by name, sorted), each as `<part>: prod <...>, catalog <...>`.
 */
export function schemaDifferences(catalog: SchemaShape, prod: SchemaShape): string[] {
  const differences: string[] = [];
  if (prod.keys !== catalog.keys)
    differences.push(`KeySchema: prod ${prod.keys}, catalog ${catalog.keys}`);
  if (prod.attributes !== catalog.attributes) {
    differences.push(
      `AttributeDefinitions: prod ${prod.attributes}, catalog ${catalog.attributes}`,
    );
  }
  const names = [...new Set([...Object.keys(catalog.indexes), ...Object.keys(prod.indexes)])];
  for (const name of names.sort()) {
    const inProd = own(prod.indexes, name);
    const inCatalog = own(catalog.indexes, name);
    if (inProd === inCatalog) continue;
    differences.push(`index ${name}: prod ${inProd ?? "none"}, catalog ${inCatalog ?? "none"}`);
  }
  return differences;
}

/** Local secondary indexes on a prod table copied by import, which cannot create them. */
export function localIndexDifference(prod: ProdSchemaShape): string | undefined {
  return prod.localIndexes.length === 0
    ? undefined
    : `local secondary indexes in prod: ${prod.localIndexes.join(", ")} (an import cannot create them)`;
}

/** Every difference that makes an import create another table than prod's, in the run's order. */
export function driftDifferences(catalog: SchemaShape, prod: ProdSchemaShape): string[] {
  const local = localIndexDifference(prod);
  return [...schemaDifferences(catalog, prod), ...(local === undefined ? [] : [local])];
}
