import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import fc from "fast-check";
import { checkSchema, COMPARE_SCHEMA } from "../../asl/machines/schema-drift";
import type { JsonValue } from "../../asl/types";
import { driftDifferences, shapeOfCreation, shapeOfDescription } from "../../catalog/schema-shape";
import type { TableCreation } from "../../config/table-creation";
import { evaluateOutput } from "../../rehearsal/jsonata-states";
import { EVENTS_TABLE, s3ExportProject } from "../helpers/project";
import { copiesOf, models, rehearsal } from "../helpers/rehearsal";
import { JSONATA_CONTEXT } from "../helpers/jsonata-context";

const PROJECT = s3ExportProject();

const CONTEXT = JSONATA_CONTEXT;

/**
 * The Output of the JSONata state that compares a table with the catalog, as the export branch
 * builds it for a catalog of one table (the flow's own state: a machine built per run would be
 * validated per run, which is slow).
 */
function comparisonOf(parameters: TableCreation): JsonValue {
  const { prod } = models({}, PROJECT);
  const events = prod.tables.find((t) => t.name === "Events")!;
  const model = {
    ...prod,
    tables: [{ ...events, name: "Odd.table-1", tableCreationParameters: parameters }],
  };
  const state = checkSchema(model, "next").states.find((s) => s.name === COMPARE_SCHEMA)!;
  return state.fields.Output as JsonValue;
}

/** The cause the run gives for these differences of table Odd.table-1. */
const causeFor = (differences: string[]) =>
  `Odd.table-1 in prod differs from its tableCreationParameters in catalog.yaml: ${differences.join("; ")}. Nothing was exported: an import would create another table than prod's. Update the entry (npx datarefresh catalog import --tables Odd.table-1 --out catalog.yaml), then deploy both stacks`;

// Names that JSON, JSONata or a JavaScript object could take for something else.
const attributeName = fc.constantFrom("pk", "sk", "kind", "a'b", 'q"t', "b\\s", "é", "constructor");
const keySchema = fc.oneof(
  fc.tuple(attributeName).map(([h]) => [{ AttributeName: h, KeyType: "HASH" as const }]),
  fc.tuple(attributeName, attributeName).map(([h, r]) => [
    { AttributeName: h, KeyType: "HASH" as const },
    { AttributeName: r, KeyType: "RANGE" as const },
  ]),
);
const attributes = fc.array(
  fc.record({ AttributeName: attributeName, AttributeType: fc.constantFrom("S", "N", "B") }),
  { minLength: 1, maxLength: 4 },
);
const projection = fc.oneof(
  fc.record({ ProjectionType: fc.constantFrom("ALL", "KEYS_ONLY") }),
  fc.record({
    ProjectionType: fc.constant("INCLUDE"),
    NonKeyAttributes: fc.array(attributeName, { minLength: 1, maxLength: 3 }),
  }),
);
const indexes = fc.uniqueArray(
  fc.record({
    IndexName: fc.constantFrom("byKind", "by.dot", "constructor", "zeta"),
    KeySchema: keySchema,
    Projection: projection,
  }),
  { selector: (g) => g.IndexName, maxLength: 3 },
);
const parameters = fc.record({
  AttributeDefinitions: attributes,
  KeySchema: keySchema,
  BillingMode: fc.constant("PAY_PER_REQUEST" as const),
  GlobalSecondaryIndexes: indexes,
}) as fc.Arbitrary<TableCreation>;

/** A prod description: the catalog's own schema (no drift), or another one. */
const descriptionOf = (p: TableCreation): fc.Arbitrary<TableDescription> =>
  fc.record({
    KeySchema: fc.oneof(fc.constant(p.KeySchema), keySchema),
    AttributeDefinitions: fc.oneof(fc.constant([...p.AttributeDefinitions].reverse()), attributes),
    GlobalSecondaryIndexes: fc.oneof(
      fc.constant(p.GlobalSecondaryIndexes),
      fc.constant(undefined),
      indexes,
    ),
    LocalSecondaryIndexes: fc.oneof(
      fc.constant(undefined),
      fc.constant([]),
      fc.constant([{ IndexName: "byTime" }, { IndexName: "byDay" }]),
    ),
  }) as fc.Arbitrary<TableDescription>;

describe("the daily run's schema check, before an s3-export table is exported", () => {
  it("finds the differences catalog/schema-shape.ts finds, in its words and order, and none where there are none", async () => {
    await fc.assert(
      fc.asyncProperty(
        parameters.chain((p) => fc.tuple(fc.constant(p), descriptionOf(p))),
        async ([p, description]) => {
          const output = (await evaluateOutput(
            comparisonOf(p),
            { table: "Odd.table-1", described: { Table: description }, kept: 1 },
            CONTEXT,
          )) as { described?: unknown; kept: number; failure?: { cause: string } };
          const expected = driftDifferences(shapeOfCreation(p), shapeOfDescription(description));
          expect(output.described).to.equal(undefined);
          expect(output.kept).to.equal(1);
          if (expected.length === 0) expect(output.failure).to.equal(undefined);
          else
            expect(output.failure).to.deep.equal({
              status: "FAILED",
              error: "SchemaDrift",
              cause: causeFor(expected),
            });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150), seed: 18 },
    );
  });

  it("names each kind of difference: keys, attribute definitions, an index added, changed or gone, local indexes", () => {
    const catalog = shapeOfCreation(EVENTS_TABLE.tableCreationParameters as TableCreation);
    const prod = shapeOfDescription({
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "kind", AttributeType: "N" },
        { AttributeName: "user", AttributeType: "S" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byKind",
          KeySchema: [{ AttributeName: "kind", KeyType: "HASH" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["z", "a"] },
        },
        {
          IndexName: "byUser",
          KeySchema: [{ AttributeName: "user", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      LocalSecondaryIndexes: [{ IndexName: "byTime" }],
    });
    expect(driftDifferences(catalog, prod)).to.deep.equal([
      "KeySchema: prod [pk HASH], catalog [pk HASH, sk RANGE]",
      "AttributeDefinitions: prod [kind N, pk S, user S], catalog [kind S, pk S, sk S]",
      "index byKind: prod [kind HASH] INCLUDE (a, z), catalog [kind HASH] KEYS_ONLY",
      "index byUser: prod [user HASH] ALL, catalog none",
      "local secondary indexes in prod: byTime (an import cannot create them)",
    ]);
    expect(
      driftDifferences(catalog, { ...shapeOfDescription({}), ...catalog, indexes: {} }),
    ).to.deep.equal(["index byKind: prod none, catalog [kind HASH] KEYS_ONLY"]);
  });

  describe("in the rehearsal", () => {
    it("fails a table whose prod schema differs with SchemaDrift and the difference, exports nothing of it, and copies the others", async () => {
      const r = rehearsal({}, PROJECT);
      const events = r.world.accounts.prod.dynamodb.tables.get("Events")!;
      events.schema.globalIndexes.push("byUser");
      events.schema.indexShapes!.byUser = {
        KeySchema: [{ AttributeName: "user", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      };
      events.schema.attributes!.push({ AttributeName: "user", AttributeType: "S" });
      const run = await r.backupAndCopy();
      expect(run.status).to.equal("FAILED");
      expect(run.error?.Error).to.equal("TablesFailed");
      const outcomes = Object.fromEntries(copiesOf(r, run).map((o) => [o.table, o]));
      expect(outcomes.Events).to.deep.equal({
        table: "Events",
        status: "FAILED",
        error: "SchemaDrift",
        cause:
          "Events in prod differs from its tableCreationParameters in catalog.yaml: AttributeDefinitions: prod [kind S, pk S, sk S, user S], catalog [kind S, pk S, sk S]; index byUser: prod [user HASH] ALL, catalog none. Nothing was exported: an import would create another table than prod's. Update the entry (npx datarefresh catalog import --tables Events --out catalog.yaml), then deploy both stacks",
      });
      for (const table of ["Following", "Users", "Sessions"])
        expect(outcomes[table]!.status, table).to.equal("COPIED");
      expect(r.world.callsTo("prod", "dynamodb:exportTableToPointInTime")).to.deep.equal([]);
      expect(r.world.callsTo("prod", "dynamodb:describeContinuousBackups")).to.deep.equal([]);
      expect(
        r.world
          .callsTo("prod", "dynamodb:putItem")
          .filter((c) => JSON.stringify(c.params).includes("copy#Events")),
      ).to.deep.equal([]);
      expect(r.world.calls.filter((c) => c.authorized !== true).map((c) => c.call)).to.deep.equal(
        [],
      );
    });

    it("fails a table with a local secondary index in prod the same way, naming it", async () => {
      const r = rehearsal({}, PROJECT);
      r.world.accounts.prod.dynamodb.tables.get("Events")!.schema.localIndexes.push("byTime");
      const run = await r.backupAndCopy({ tables: ["Events"] });
      const [events] = copiesOf(r, run);
      expect(events).to.deep.include({ status: "FAILED", error: "SchemaDrift" });
      expect(events!.cause).to.include(
        "catalog.yaml: local secondary indexes in prod: byTime (an import cannot create them).",
      );
      expect(r.world.callsTo("prod", "dynamodb:exportTableToPointInTime")).to.deep.equal([]);
    });

    it("exports a table whose schema matches, having described it as its own role may", async () => {
      const r = rehearsal({}, PROJECT);
      const run = await r.backupAndCopy({ tables: ["Events"] });
      expect(run.status).to.equal("SUCCEEDED");
      expect(copiesOf(r, run)[0]!.status).to.equal("EXPORTED");
      const described = r.world.callsTo("prod", "dynamodb:describeTable");
      expect(described.map((c) => [c.params.TableName, c.authorized])).to.deep.equal([
        ["Events", true],
      ]);
      // What the per-table execution passed on: the description was not carried past the check.
      const child = [...r.world.executions.values()].find(
        (e) => e.machine === "datarefresh-backup-table",
      )!;
      expect(JSON.stringify(child.output)).to.not.include("AttributeDefinitions");
    });

    it("fails the table as AWS words it when the prod table is gone", async () => {
      const r = rehearsal({}, PROJECT);
      r.world.accounts.prod.dynamodb.tables.delete("Events");
      const run = await r.backupAndCopy({ tables: ["Events"] });
      expect(copiesOf(r, run)[0]).to.deep.include({
        status: "FAILED",
        error: "DynamoDb.ResourceNotFoundException",
      });
      expect(r.world.callsTo("prod", "dynamodb:exportTableToPointInTime")).to.deep.equal([]);
    });
  });
});
