import "../helpers/quiet-sdk";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { expect } from "chai";
import { PROD_READS } from "../../catalog/aws-call";
import { run } from "../../cli/main";
import { loadCatalog } from "../../config/load";
import { tableDrift } from "../../doctor/drift";
import { captureIo } from "../helpers/io";
import {
  CUSTOMER_KEY,
  dynamoDbError,
  type FakeTable,
  mockProdAccount,
  prodTables,
} from "../helpers/prod-account";
import { PROJECT_DIR, scratchProject } from "../helpers/project";
import { scratchDir } from "../helpers/scratch";

/** What a new catalog holds for the prod tables of `prodTables()`, at 100 imports a month. */
const NEW_CATALOG = `# One entry per production table. Both stacks read this file.
tables:
  - name: Following
    method: backup
    sizeGb: 12
    localSecondaryIndexes: [byCreatedAt]
    # prod tags, not copied: team=social
    dev:
      billing: { mode: PAY_PER_REQUEST }
  - name: Payments
    method: backup
    sizeGb: 250
    dev:
      billing: { mode: PAY_PER_REQUEST }
  - name: Secrets
    method: backup
    sizeGb: 80
    dev:
      billing: { mode: PAY_PER_REQUEST }
  - name: Sessions
    method: s3-export
    sizeGb: 3
    tableCreationParameters:
      AttributeDefinitions:
        - { AttributeName: id, AttributeType: S }
      KeySchema:
        - { AttributeName: id, KeyType: HASH }
      BillingMode: PAY_PER_REQUEST
    dev:
      billing: { mode: PAY_PER_REQUEST }
      ttlAttribute: until
  - name: orders.v2
    method: s3-export
    sizeGb: 120
    tableCreationParameters:
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
        - { AttributeName: sk, AttributeType: S }
        - { AttributeName: customer, AttributeType: S }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
        - { AttributeName: sk, KeyType: RANGE }
      BillingMode: PAY_PER_REQUEST
      OnDemandThroughput: { MaxReadRequestUnits: 4000 }
      GlobalSecondaryIndexes:
        - IndexName: by.customer
          KeySchema:
            - { AttributeName: customer, KeyType: HASH }
            - { AttributeName: sk, KeyType: RANGE }
          Projection:
            ProjectionType: INCLUDE
            NonKeyAttributes: [total, status]
      SSESpecification: { Enabled: true, SSEType: KMS }
    # prod tags, not copied: team=shop, env=production
    dev:
      billing: { mode: PAY_PER_REQUEST }
      ttlAttribute: expiresAt
`;

/** A catalog a person wrote: comments, blank lines, their own order, dev settings and parameters. */
const WRITTEN = `# Our tables. Reviewed by the SRE team; keep comments.
tables:
  # The social graph.
  - name: Following
    sizeGb: 10 # last measured in 2026-10
    localSecondaryIndexes: [byCreatedAt]
    dev:
      billing:
        { mode: PROVISIONED, read: 5, write: 5, indexes: { byFollower: { read: 2, write: 2 } } }
      stream: NEW_AND_OLD_IMAGES
      tags: { team: social } # who pays

  - name: orders.v2
    method: s3-export # we refresh all day: cheaper for us
    sizeGb: 120
    tableCreationParameters:
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
        - { AttributeName: sk, AttributeType: S }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
        - { AttributeName: sk, KeyType: RANGE }
      # Provisioned in dev: the import is cheaper that way.
      BillingMode: PROVISIONED
      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 }
      SSESpecification: { Enabled: true, SSEType: KMS, KMSMasterKeyId: alias/dev-orders }
    dev:
      billing:
        { mode: PROVISIONED, read: 10, write: 10, indexes: { by.customer: { read: 3, write: 3 } } }
      ttlAttribute: expiresAt

  - name: Users # retired in prod last month
    dev:
      deletionProtection: true
`;

/** WRITTEN after an import: only what prod changed, and the new tables at the end. */
const MERGED = WRITTEN.replace("sizeGb: 10 #", "sizeGb: 12 #")
  .replace(
    `        - { AttributeName: sk, AttributeType: S }
      KeySchema:`,
    `        - { AttributeName: sk, AttributeType: S }
        - { AttributeName: customer, AttributeType: S }
      KeySchema:`,
  )
  .replace(
    `      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 }
`,
    `      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 }
      GlobalSecondaryIndexes:
        - IndexName: by.customer
          KeySchema:
            - { AttributeName: customer, KeyType: HASH }
            - { AttributeName: sk, KeyType: RANGE }
          Projection:
            ProjectionType: INCLUDE
            NonKeyAttributes: [total, status]
          ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 }
`,
  )
  .concat(
    NEW_CATALOG.split("\n")
      .slice(NEW_CATALOG.split("\n").indexOf("  - name: Payments"))
      .join("\n")
      .replace(/ {2}- name: orders\.v2[\s\S]*$/, ""),
  );

describe("datarefresh catalog import", () => {
  let prod: ReturnType<typeof mockProdAccount>;
  const account = (tables: Record<string, FakeTable> = prodTables(), pageSize = 100) =>
    (prod = mockProdAccount(tables, pageSize));
  afterEach(() => prod?.restore());

  const importing = async (...args: string[]) => {
    const io = captureIo();
    const code = await run(["catalog", "import", "--imports", "100", ...args], io);
    return { code, ...io };
  };

  describe("a new catalog", () => {
    it("holds every prod table with the method it can take, its size, LSIs, an import's parameters and on-demand dev copies", async () => {
      account();
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      const { code, stdout, stderr } = await importing("--out", out);
      expect(code, stderr).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(NEW_CATALOG);
      expect(loadCatalog(out).tables.map((t) => t.name)).to.have.length(5);
      expect(stdout.split("\n")).to.deep.equal([
        "catalog import from prod (eu-west-1): 5 tables read",
        "  added    Following: backup, 12 GB (not s3-export: it has local secondary indexes (byCreatedAt), which an import cannot create)",
        `  added    Payments: backup, 250 GB (not s3-export: it is encrypted with a customer managed key (${CUSTOMER_KEY}), which the prod machines may not export with)`,
        "  added    Secrets: backup, 80 GB (not s3-export: it is encrypted with KMS key arn:aws:kms:eu-west-1:111111111111:key/customer-secret, which KMS would not describe to these credentials: taken for a customer managed key, which the prod machines may not export with)",
        "  added    Sessions: s3-export, 3 GB (the cost model: backup $51.64 a month, s3-export $49.66, at 100 imports a month)",
        "  added    orders.v2: s3-export, 120 GB (the cost model: backup $2065.68 a month, s3-export $1986.48, at 100 imports a month)",
        "  note     Sessions: point-in-time recovery is DISABLED, and exports need it: aws dynamodb update-continuous-backups --table-name Sessions --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true, or datarefresh:enablePointInTimeRecovery: true",
        `wrote ${out}: 5 added, 0 updated, 0 gone from prod, 0 unchanged`,
        "",
      ]);
    });

    it("follows the cost model where nothing rules a method out: backup at the default 10 imports a month", async () => {
      account({ Sessions: prodTables().Sessions! });
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      const io = captureIo();
      expect(await run(["catalog", "import", "--out", out], io), io.stderr).to.equal(0);
      expect(loadCatalog(out).tables[0]).to.deep.include({ name: "Sessions", method: "backup" });
      expect(io.stdout).to.include(
        "(the cost model: backup $5.47 a month, s3-export $18.88, at 10 imports a month)",
      );
    });

    it("reads every page of ListTables and of each table's tags, each KMS key once, and makes only read calls", async () => {
      const tables = prodTables();
      tables.Other = {
        ...tables.Payments!,
        description: {
          ...tables.Payments!.description,
          TableName: "Other",
          TableArn: "arn:aws:dynamodb:eu-west-1:111111111111:table/Other",
        },
      };
      account(tables, 2);
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      expect((await importing("--out", out)).code).to.equal(0);
      expect(
        prod.dynamodb.commandCalls(ListTablesCommand).map((c) => c.args[0].input),
      ).to.deep.equal([
        { Limit: 100 },
        { Limit: 100, ExclusiveStartTableName: "Other" },
        { Limit: 100, ExclusiveStartTableName: "Secrets" },
      ]);
      expect(loadCatalog(out).tables.map((t) => t.name)).to.deep.equal([
        "Following",
        "Other",
        "Payments",
        "Secrets",
        "Sessions",
        "orders.v2",
      ]);
      const tagPages = prod.dynamodb
        .commandCalls(ListTagsOfResourceCommand)
        .filter((c) => c.args[0].input.ResourceArn!.endsWith("/orders.v2"));
      expect(tagPages.map((c) => c.args[0].input.NextToken)).to.deep.equal([undefined, "1"]);
      expect(readFileSync(out, "utf8")).to.include(
        "# prod tags, not copied: team=shop, env=production",
      );
      expect(
        prod.kms
          .commandCalls(DescribeKeyCommand)
          .map((c) => c.args[0].input.KeyId)
          .sort(),
      ).to.deep.equal(
        [
          "arn:aws:kms:eu-west-1:111111111111:key/aws-dynamodb",
          CUSTOMER_KEY,
          "arn:aws:kms:eu-west-1:111111111111:key/customer-secret",
        ].sort(),
      );
      const calls = [...prod.dynamodb.calls(), ...prod.kms.calls()].map((c) => {
        const command = (c.args[0] as object).constructor.name.replace(/Command$/, "");
        return `${c.args[0] instanceof DescribeKeyCommand ? "kms" : "dynamodb"}:${command}`;
      });
      expect([...new Set(calls)].filter((call) => !PROD_READS.includes(call))).to.deep.equal([]);
    });
  });

  it("writes a catalog in which doctor finds no drift from the prod it was read from", async () => {
    account();
    const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
    expect((await importing("--out", out)).code).to.equal(0);
    const tables = prodTables();
    const drift = loadCatalog(out).tables.flatMap((entry) =>
      tableDrift(
        { files: { stack: "Pulumi.prod.yaml", catalog: "catalog.yaml" } },
        entry,
        tables[entry.name]!.description,
      ),
    );
    expect(drift).to.deep.equal([]);
  });

  describe("merging into a catalog a person wrote", () => {
    it("keeps comments, order, blank lines, dev settings and their billing and encryption; changes only what prod changed; adds the new tables at the end", async () => {
      account();
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, WRITTEN);
      const { code, stdout, stderr } = await importing("--out", out);
      expect(code, stderr).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(MERGED);
      expect(stdout).to.include("  updated  Following: sizeGb 10 -> 12\n");
      expect(stdout).to.include(
        "  updated  orders.v2: tableCreationParameters.AttributeDefinitions updated; tableCreationParameters.GlobalSecondaryIndexes added\n",
      );
      expect(stdout).to.include(
        `  gone     Users: not in prod; take it out of ${out} (until then doctor reports it missing and the daily run fails it)\n`,
      );
      expect(stdout).to.match(/: 3 added, 2 updated, 1 gone from prod, 0 unchanged\n$/);
    });

    it("writes anew, as block YAML, a catalog written in flow style, whose text cannot be kept", async () => {
      account({ Sessions: prodTables().Sessions! });
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(
        out,
        "# flow\ntables: [{ name: Sessions, sizeGb: 1, dev: { stream: KEYS_ONLY } }]\n",
      );
      expect((await importing("--out", out)).code).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(
        "# flow\ntables: [{ name: Sessions, sizeGb: 3, dev: { stream: KEYS_ONLY } }]\n",
      );
      account({ Sessions: prodTables().Sessions!, Payments: prodTables().Payments! });
      expect((await importing("--out", out)).code).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(
        "# flow\ntables:\n  - { name: Sessions, sizeGb: 3, dev: { stream: KEYS_ONLY } }\n  - name: Payments\n    method: backup\n    sizeGb: 250\n    dev:\n      billing: { mode: PAY_PER_REQUEST }\n",
      );
    });

    it("fills an empty file as a new catalog", async () => {
      account({ Sessions: prodTables().Sessions! });
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, "");
      expect((await importing("--out", out)).code).to.equal(0);
      expect(loadCatalog(out).tables.map((t) => t.name)).to.deep.equal(["Sessions"]);
    });

    it("changes nothing, and writes nothing, when the catalog is already as prod is", async () => {
      account();
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, NEW_CATALOG);
      const { code, stdout } = await importing("--out", out);
      expect(code).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(NEW_CATALOG);
      expect(stdout).to.match(
        /is already as prod is: 0 added, 0 updated, 0 gone from prod, 5 unchanged\n$/,
      );
    });

    it("switches an s3-export entry to backup when prod makes an import impossible, saying why", async () => {
      const tables = prodTables();
      const orders = tables["orders.v2"]!.description;
      orders.LocalSecondaryIndexes = [
        {
          IndexName: "byTotal",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "total", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ];
      account(tables);
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, NEW_CATALOG);
      const { code, stdout } = await importing("--out", out, "--tables", "orders.v2");
      expect(code).to.equal(0);
      const entry = loadCatalog(out).tables.find((t) => t.name === "orders.v2")!;
      expect(entry).to.deep.include({ method: "backup", localSecondaryIndexes: ["byTotal"] });
      expect(entry.tableCreationParameters).to.equal(undefined);
      expect(entry.dev).to.deep.include({ ttlAttribute: "expiresAt" });
      const why = "it has local secondary indexes (byTotal), which an import cannot create";
      expect(stdout).to.include(
        `  updated  orders.v2: method s3-export -> backup (${why}); localSecondaryIndexes none -> [byTotal]; tableCreationParameters removed (${why})\n`,
      );
    });

    it("reads only the tables named by --tables, and reports only those gone", async () => {
      account();
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, WRITTEN);
      const { code, stdout } = await importing("--out", out, "--tables", "Users,Following");
      expect(code).to.equal(0);
      expect(prod.dynamodb.commandCalls(ListTablesCommand)).to.have.length(0);
      expect(
        prod.dynamodb.commandCalls(DescribeTableCommand).map((c) => c.args[0].input.TableName),
      ).to.deep.equal(["Users", "Following"]);
      expect(readFileSync(out, "utf8")).to.equal(WRITTEN.replace("sizeGb: 10 #", "sizeGb: 12 #"));
      expect(stdout).to.match(
        /1 tables read\n {2}updated {2}Following: sizeGb 10 -> 12\n {2}gone {5}Users: /,
      );
    });

    it("without --out, prints the project's catalog merged with prod on stdout, says what changed on stderr, and writes nothing", async () => {
      account();
      const project = scratchProject();
      const before = readFileSync(path.join(project, "catalog.yaml"), "utf8");
      const { code, stdout, stderr } = await importing("--project", project);
      expect(code, stderr).to.equal(0);
      expect(readFileSync(path.join(project, "catalog.yaml"), "utf8")).to.equal(before);
      expect(stdout.startsWith(before)).to.equal(true);
      expect(stdout.slice(before.length)).to.match(
        /^ {2}- name: Payments\n[\s\S]*\n {2}- name: Secrets\n[\s\S]*\n {2}- name: orders\.v2\n {4}method: s3-export\n/,
      );
      expect(stderr).to.match(
        /\nprinted catalog\.yaml merged with prod, not written \(--out writes it\): 3 added, 0 updated, 1 gone from prod, 2 unchanged\n$/,
      );
    });

    it("gives the changes, and the catalog where nothing is written, as JSON with --json", async () => {
      account({ Sessions: prodTables().Sessions! });
      const project = scratchProject();
      const { code, stdout } = await importing(
        "--project",
        project,
        "--json",
        "--tables",
        "Sessions",
      );
      expect(code).to.equal(0);
      const answer = JSON.parse(stdout) as Record<string, unknown>;
      expect(answer).to.deep.include({ region: "eu-west-1", read: 1, out: null, written: false });
      expect(answer.changes).to.deep.equal([
        {
          kind: "note",
          table: "Sessions",
          note: "method backup kept; the cost model: backup $51.64 a month, s3-export $49.66, at 100 imports a month (it would be s3-export)",
        },
        {
          kind: "note",
          table: "Sessions",
          note: "prod expires items by until, the dev copies by none (dev.ttlAttribute, kept)",
        },
      ]);
      expect(answer.catalog).to.equal(readFileSync(path.join(project, "catalog.yaml"), "utf8"));
    });
  });

  describe("refuses a catalog that would not load, with the loader's words, and writes nothing", () => {
    const many = (count: number, name: (i: number) => string) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => {
          const table = structuredClone(prodTables().Sessions!);
          table.description.TableName = name(i);
          table.description.TableArn = `arn:aws:dynamodb:eu-west-1:111111111111:table/${name(i)}`;
          return [name(i), table];
        }),
      );

    it("more than 1,000 tables", async () => {
      account(many(1001, (i) => `T${String(i).padStart(4, "0")}`));
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      const { code, stderr } = await importing("--out", out);
      expect(code).to.equal(2);
      expect(stderr).to.equal(
        `${out}: tables: at most 1000 tables in one project (every state of a run is bounded for that many); split the catalog into two projects\n`,
      );
      expect(existsSync(out)).to.equal(false);
    });

    it("names longer than a refresh's state is bounded for", async () => {
      account(many(160, (i) => `${String(i).padStart(3, "0")}${"n".repeat(252)}`));
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      writeFileSync(out, NEW_CATALOG);
      const { code, stderr } = await importing("--out", out);
      expect(code).to.equal(2);
      expect(stderr).to.match(
        /: tables: the table names take \d+ bytes together, more than the 40000 a refresh's state is bounded for; split the catalog into two projects\n$/,
      );
      expect(readFileSync(out, "utf8")).to.equal(NEW_CATALOG);
    });

    it("a tag DynamoDB does not take, written by a person", async () => {
      account();
      const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
      const written = WRITTEN.replace("tags: { team: social }", 'tags: { team: "social@example" }');
      writeFileSync(out, written);
      const { code, stderr } = await importing("--out", out);
      expect(code).to.equal(2);
      expect(stderr).to.equal(
        `${out}: tables[0].dev.tags.team: a tag value has at most 256 letters, digits, spaces or _.:/=+- (DynamoDB takes no other)\n`,
      );
      expect(readFileSync(out, "utf8")).to.equal(written);
    });
  });

  describe("AWS's refusals: exit 1, one line saying what the command needs, nothing written", () => {
    const denied = (call: string, message: string) =>
      `datarefresh: AWS denied ${call} (AccessDeniedException: ${message}): catalog import needs dynamodb:ListTables, dynamodb:DescribeTable, dynamodb:DescribeTimeToLive, dynamodb:ListTagsOfResource, dynamodb:DescribeContinuousBackups, kms:DescribeKey in the prod account; check --profile\n`;
    for (const [what, refuse, line] of [
      [
        "ListTables",
        (m: ReturnType<typeof mockProdAccount>) =>
          m.dynamodb
            .on(ListTablesCommand)
            .rejects(
              dynamoDbError(
                "AccessDeniedException",
                "User: ana is not authorized to perform: dynamodb:ListTables",
              ),
            ),
        denied(
          "ListTables on the account",
          "User: ana is not authorized to perform: dynamodb:ListTables",
        ),
      ],
      [
        "DescribeContinuousBackups",
        (m: ReturnType<typeof mockProdAccount>) =>
          m.dynamodb
            .on(DescribeContinuousBackupsCommand)
            .rejects(dynamoDbError("AccessDeniedException", "denied")),
        denied("DescribeContinuousBackups on Sessions", "denied"),
      ],
      [
        "DescribeTable, throttled past the SDK's retries",
        (m: ReturnType<typeof mockProdAccount>) =>
          m.dynamodb
            .on(DescribeTableCommand)
            .rejects(dynamoDbError("ThrottlingException", "Rate exceeded")),
        "datarefresh: AWS is throttling DescribeTable calls (ThrottlingException), even after the SDK's retries: try again in a minute\n",
      ],
    ] as const) {
      it(what, async () => {
        refuse(account());
        const out = path.join(scratchDir("datarefresh-catalog-"), "catalog.yaml");
        writeFileSync(out, WRITTEN);
        const { code, stderr } = await importing("--out", out);
        expect(code).to.equal(1);
        expect(stderr).to.equal(line);
        expect(readFileSync(out, "utf8")).to.equal(WRITTEN);
      });
    }
  });

  describe("bad usage: exit 2 and a line naming the flag and value, before AWS is called", () => {
    for (const [args, message] of [
      [
        ["--tables", "Users,,x"],
        /option '--tables <names>' argument 'Users,,x' is invalid\. "" is not a DynamoDB table name/,
      ],
      [["--region", "mars-1"], /^datarefresh: --region: "mars-1" is not an AWS Region\n$/],
      [
        ["--imports", "-1"],
        /option '--imports <n>' argument '-1' is invalid\. expected a count, a number >= 0/,
      ],
      [
        ["--out", "/no/such/folder/catalog.yaml"],
        /^datarefresh: --out: the folder \/no\/such\/folder does not exist\n$/,
      ],
      [["--out", os.tmpdir()], /^datarefresh: --out: .* is a folder\n$/],
      [["--prices", "/no/such/prices.json"], /^\/no\/such\/prices\.json: file not found\n$/],
    ] as const) {
      it(args.join(" "), async () => {
        account();
        const { code, stderr } = await importing(...args);
        expect(code).to.equal(2);
        expect(stderr).to.match(message);
        expect(prod.dynamodb.calls()).to.have.length(0);
      });
    }

    it("no Region: none given, none in the project, none in the environment", async () => {
      account();
      const saved = { ...process.env };
      for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"])
        delete process.env[name];
      process.env.AWS_CONFIG_FILE = path.join(scratchDir("datarefresh-catalog-"), "none");
      try {
        const { code, stderr } = await importing("--project", scratchDir("datarefresh-catalog-"));
        expect(code).to.equal(2);
        expect(stderr).to.equal(
          "datarefresh: no Region: give --region, or aws:region in Pulumi.prod.yaml, or AWS_REGION\n",
        );
      } finally {
        process.env = saved;
      }
    });

    it("--tables naming a table neither in prod nor in the catalog", async () => {
      account();
      const { code, stderr } = await importing(
        "--project",
        PROJECT_DIR,
        "--tables",
        "Nope,Following",
      );
      expect(code).to.equal(2);
      expect(stderr).to.equal(
        "datarefresh: --tables: Nope: not in prod, nor in the catalog: Nope\n",
      );
    });
  });
});
