import type { StackModel } from "../../config/model";
import { shapeOfCreation, type SchemaShape } from "../../catalog/schema-shape";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata, jsonataValue, literal } from "../jsonata";
import { $ } from "../paths";
import type { JsonValue } from "../types";
import { sdkCall } from "../sdk";
import { catchAll } from "./jobs";
import { OUTCOME_CAUSE_CHARS, REPORT_FAILURE } from "./outcome";

/** The first state of the export branch: the prod table's schema is checked before anything. */
export const CHECK_SCHEMA = "Describe the table to export";

/** The JSONata state that compares the description with the catalog. */
export const COMPARE_SCHEMA = "Compare its schema with the catalog";

/**
 * `catalog/schema-shape.ts` in JSONata: the shape of the DescribeTable answer `$d`, and its
 * differences from the catalog's shape `$c`, in the same words and order
 * (`test/machines/schema-drift.test.ts` holds them to it).
 */
const DIFFERENCES = `
  $keyText := function($k) { '[' & $join($k.(AttributeName & ' ' & KeyType), ', ') & ']' };
  $attributeText := function($a) { '[' & $join($sort($a.(AttributeName & ' ' & AttributeType)), ', ') & ']' };
  $indexText := function($g) {
    $keyText($g.KeySchema) & ' ' & $g.Projection.ProjectionType &
    ($exists($g.Projection.NonKeyAttributes) ? ' (' & $join($sort($g.Projection.NonKeyAttributes), ', ') & ')' : '')
  };
  $p := {
    'keys': $keyText($d.KeySchema),
    'attributes': $attributeText($d.AttributeDefinitions),
    'indexes': $count($d.GlobalSecondaryIndexes) > 0
      ? $merge($map($d.GlobalSecondaryIndexes, function($g) { {$g.IndexName: $indexText($g)} }))
      : {}
  };
  $indexes := $map($sort($distinct($append($keys($c.indexes), $keys($p.indexes)))), function($n) {(
    $inProd := $lookup($p.indexes, $n);
    $inCatalog := $lookup($c.indexes, $n);
    $exists($inProd) and $exists($inCatalog) and $inProd = $inCatalog ? () :
      'index ' & $n & ': prod ' & ($exists($inProd) ? $inProd : 'none') & ', catalog ' & ($exists($inCatalog) ? $inCatalog : 'none')
  )});
  $local := $count($d.LocalSecondaryIndexes) > 0
    ? 'local secondary indexes in prod: ' & $join($d.LocalSecondaryIndexes.IndexName, ', ') & ' (an import cannot create them)';
  $append($append($append(
    $p.keys != $c.keys ? 'KeySchema: prod ' & $p.keys & ', catalog ' & $c.keys,
    $p.attributes != $c.attributes ? 'AttributeDefinitions: prod ' & $p.attributes & ', catalog ' & $c.attributes),
    $indexes), $local)`;

/**
 * The state's input without the description, and `failure` (SchemaDrift) where the prod table
 * would be imported as another table than the catalog says: the differences, and what to do.
 */
function compareWithCatalog(shapes: Record<string, SchemaShape>, catalogFile: string): string {
  const table = "$states.input.table";
  const fix = (text: string) => literal(text);
  const cause = [
    `${table}`,
    fix(` in prod differs from its tableCreationParameters in ${catalogFile}: `),
    `$join($differences, '; ')`,
    fix(
      ". Nothing was exported: an import would create another table than prod's. Update the entry (npx datarefresh catalog import --tables ",
    ),
    table,
    fix(` --out ${catalogFile}), then deploy both stacks`),
  ].join(" & ");
  return `(
    $d := $states.input.described.Table;
    $c := $lookup(${jsonataValue(shapes as unknown as JsonValue)}, ${table});
    $differences := (${DIFFERENCES});
    $merge([
      $sift($states.input, function($v, $k) { $k != 'described' }),
      $count($differences) > 0
        ? {'failure': {'status': 'FAILED', 'error': 'SchemaDrift', 'cause': $substring(${cause}, 0, ${OUTCOME_CAUSE_CHARS})}}
        : {}
    ])
  )`;
}

/**
 * Before an `s3-export` table is exported: its keys, attribute definitions and global secondary
 * indexes in prod (DescribeTable) must be those of the catalog's `tableCreationParameters`, and it
 * must have no local secondary index, or the import would create another table; the table then
 * fails `SchemaDrift` with the differences. The description is dropped at once, so the state
 * stays small. Goes on to `next`.
 */
export function checkSchema(model: StackModel, next: string): Flow {
  const shapes = Object.fromEntries(
    model.tables
      .filter((t) => t.method === "s3-export" && t.tableCreationParameters !== undefined)
      .map((t) => [t.name, shapeOfCreation(t.tableCreationParameters!)]),
  );
  return Flow.start()
    .call(CHECK_SCHEMA, sdkCall("dynamodb", "describeTable", { TableName: $("$.table") }), "read", {
      ResultPath: "$.described",
      Catch: [catchAll("Export could not start")],
    })
    .compute(COMPARE_SCHEMA, jsonata(compareWithCatalog(shapes, model.files.catalog)))
    .choice("Has its schema drifted?", [when(Condition.isPresent("$.failure"), REPORT_FAILURE)], {
      Default: next,
    });
}
