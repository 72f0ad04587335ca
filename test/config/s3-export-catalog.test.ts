import { expect } from "chai";
import path from "node:path";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { planStack } from "../../stack/plan";
import { configProblems, editYaml, EVENTS_TABLE, scratchProject } from "../helpers/project";

/** A project whose catalog gets `entry` as a fourth table; the problems loading `stack` reports. */
function loadWith(entry: unknown, stack: "prod" | "dev" = "prod"): string[] {
  const project = scratchProject();
  editYaml(path.join(project, "catalog.yaml"), ["tables", 3], entry);
  return configProblems(project, stack);
}

describe("the catalog's s3-export method", () => {
  it("loads a table with what ImportTable needs, in the SDK's names", () => {
    expect(loadWith(EVENTS_TABLE)).to.deep.equal([]);
  });

  for (const stack of ["prod", "dev"] as const) {
    it(`refuses an s3-export table with local secondary indexes (${stack} stack), saying why and what to use`, () => {
      const problems = loadWith(
        { ...EVENTS_TABLE, localSecondaryIndexes: ["bySk", "byKind"] },
        stack,
      );
      expect(problems.join("\n")).to.match(
        /catalog\.yaml: tables\[3\]\.localSecondaryIndexes: Events has local secondary indexes \(bySk, byKind\), and DynamoDB import from S3 cannot create them: use method: backup for this table/,
      );
    });
  }

  it("refuses it before a plan can be made: no definition, no policy", () => {
    const project = scratchProject();
    editYaml(path.join(project, "catalog.yaml"), ["tables", 3], {
      ...EVENTS_TABLE,
      localSecondaryIndexes: ["bySk"],
    });
    let plan: unknown;
    expect(() => {
      plan = planStack(toModel(loadConfig(project, "prod")));
    }).to.throw(ConfigError);
    expect(plan).to.equal(undefined);
  });

  it("keeps LSIs allowed on backup tables", () => {
    expect(loadWith({ name: "Orders", localSecondaryIndexes: ["byDate"] })).to.deep.equal([]);
  });

  const cases: [string, unknown, RegExp][] = [
    [
      "an s3-export table without TableCreationParameters",
      { name: "Events", method: "s3-export" },
      /tables\[3\]\.tableCreationParameters: method: s3-export needs what ImportTable creates the table with/,
    ],
    [
      "TableCreationParameters on a backup table",
      { ...EVENTS_TABLE, method: "backup" },
      /tables\[3\]\.tableCreationParameters: is only for method: s3-export/,
    ],
    [
      "an unknown method",
      { ...EVENTS_TABLE, method: "s3" },
      /tables\[3\]\.method: expected backup or s3-export/,
    ],
    [
      "a LocalSecondaryIndexes key in TableCreationParameters",
      {
        ...EVENTS_TABLE,
        tableCreationParameters: {
          ...EVENTS_TABLE.tableCreationParameters,
          LocalSecondaryIndexes: [],
        },
      },
      /tableCreationParameters\.LocalSecondaryIndexes: DynamoDB import from S3 cannot create local secondary indexes: use method: backup/,
    ],
    [
      "a key attribute left out of AttributeDefinitions",
      {
        ...EVENTS_TABLE,
        tableCreationParameters: {
          ...EVENTS_TABLE.tableCreationParameters,
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        },
      },
      /KeySchema\[1\]\.AttributeName: "sk" is a key attribute: define it in AttributeDefinitions/,
    ],
    [
      "a RANGE key first",
      {
        ...EVENTS_TABLE,
        tableCreationParameters: {
          ...EVENTS_TABLE.tableCreationParameters,
          KeySchema: [{ AttributeName: "pk", KeyType: "RANGE" }],
        },
      },
      /KeySchema: expected the HASH key first, then at most one RANGE key/,
    ],
    [
      "PROVISIONED without throughput",
      {
        ...EVENTS_TABLE,
        tableCreationParameters: {
          ...EVENTS_TABLE.tableCreationParameters,
          BillingMode: "PROVISIONED",
        },
      },
      /ProvisionedThroughput: BillingMode PROVISIONED needs ProvisionedThroughput/,
    ],
    [
      "a misspelled SDK field",
      {
        ...EVENTS_TABLE,
        tableCreationParameters: {
          ...EVENTS_TABLE.tableCreationParameters,
          Billingmode: "PROVISIONED",
        },
      },
      /tableCreationParameters\.Billingmode: unknown key; expected one of: AttributeDefinitions, KeySchema, BillingMode/,
    ],
  ];
  for (const [what, entry, expected] of cases) {
    it(`refuses ${what}`, () => {
      expect(loadWith(entry).join("\n")).to.match(expected);
    });
  }
});
