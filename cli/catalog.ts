import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { type Command, InvalidArgumentError } from "commander";
import { changeCounts, changeLine } from "../catalog/changes";
import { importCatalog, TablesNotInProd } from "../catalog/import";
import { prodStackDefaults } from "../catalog/project-defaults";
import { isRegion } from "../config/stack-config";
import { DYNAMODB_TABLE_NAME } from "../config/zod-helpers";
import { DEFAULT_USAGE } from "../cost/estimate";
import { loadPrices } from "../cost/prices";
import { DEFAULT_PRICES, nonNegative } from "./cost";
import { UsageError } from "./exit";
import type { Io } from "./io";

interface ImportOptions {
  profile?: string;
  region?: string;
  tables?: string[];
  out?: string;
  imports: number;
  prices: string;
  json?: boolean;
  project: string;
}

/** `A,B` as table names, each one DynamoDB takes. */
function tableNames(text: string): string[] {
  const names = [...new Set(text.split(",").map((n) => n.trim()))];
  const bad = names.find((n) => !DYNAMODB_TABLE_NAME.test(n));
  if (bad !== undefined)
    throw new InvalidArgumentError(
      `${JSON.stringify(bad)} is not a DynamoDB table name (3 to 255 of a-z A-Z 0-9 _ - .)`,
    );
  return names;
}

/** The catalog file's text, or undefined where there is none yet. */
function readCatalog(file: string, option: string): string | undefined {
  if (!existsSync(file)) {
    if (!existsSync(path.dirname(file)))
      throw new UsageError(`${option}: the folder ${path.dirname(file)} does not exist`);
    return undefined;
  }
  if (statSync(file).isDirectory()) throw new UsageError(`${option}: ${file} is a folder`);
  return readFileSync(file, "utf8");
}

/** Written aside and moved in place, so that a failed write leaves the catalog as it was. */
function writeCatalog(file: string, text: string): void {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}

export function addCatalogCommand(program: Command, io: Io, projectDir: string): void {
  program
    .command("catalog")
    .description("the table catalog, written from prod")
    .command("import")
    .description(
      "read the prod account's tables (read-only calls) and add or merge them into the catalog",
    )
    .option("--profile <name>", "the prod account's AWS profile (default: the SDK's usual chain)")
    .option(
      "--region <region>",
      "the prod tables' Region (default: aws:region of Pulumi.prod.yaml)",
    )
    .option(
      "--tables <names>",
      "only these tables, comma-separated (default: every table of the account and Region)",
      tableNames,
    )
    .option(
      "--out <file>",
      "write the catalog there, merged into what it holds (default: print the project's catalog, merged, and write nothing)",
    )
    .option(
      "--imports <n>",
      "refreshes a month, for the cost model's choice of method",
      nonNegative("a count"),
      DEFAULT_USAGE.imports,
    )
    .option("--prices <file>", "a JSON price file for the cost model", DEFAULT_PRICES)
    .option("--json", "print the changes (and, without --out, the catalog) as JSON")
    .option("--project <dir>", "the project folder holding Pulumi.prod.yaml", projectDir)
    .action(async function (this: Command, options: ImportOptions) {
      const project = path.resolve(options.project);
      const defaults = prodStackDefaults(project);
      const region = options.region ?? defaults.region;
      if (region !== undefined && !isRegion(region))
        throw new UsageError(`--region: ${JSON.stringify(region)} is not an AWS Region`);
      const prices =
        this.getOptionValueSource("prices") === "default"
          ? loadPrices(path.join(projectDir, options.prices), options.prices)
          : loadPrices(path.resolve(options.prices), options.prices);
      const file =
        options.out === undefined
          ? path.join(project, defaults.catalog)
          : path.resolve(options.out);
      const shownAs = options.out ?? defaults.catalog;
      const current = readCatalog(file, options.out === undefined ? "the catalog" : "--out");
      const config = {
        ...(region === undefined ? {} : { region }),
        ...(options.profile === undefined ? {} : { profile: options.profile }),
      };
      const clients = { dynamodb: new DynamoDBClient(config), kms: new KMSClient(config) };
      const resolvedRegion = await clients.dynamodb.config.region().catch(() => {
        throw new UsageError(
          "no Region: give --region, or aws:region in Pulumi.prod.yaml, or AWS_REGION",
        );
      });
      let result;
      try {
        result = await importCatalog({
          clients,
          ...(options.tables === undefined ? {} : { tables: options.tables }),
          current,
          file: shownAs,
          usage: { ...DEFAULT_USAGE, imports: options.imports },
          prices,
        });
      } catch (error) {
        if (error instanceof TablesNotInProd)
          throw new UsageError(`--tables: ${error.tables.join(", ")}: ${error.message}`);
        throw error;
      }
      const write = options.out !== undefined && result.text !== current;
      if (write) writeCatalog(file, result.text);
      if (options.json === true) {
        io.out(
          `${JSON.stringify(
            {
              region: resolvedRegion,
              read: result.read,
              out: options.out ?? null,
              written: write,
              changes: result.changes,
              ...(options.out === undefined ? { catalog: result.text } : {}),
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const counts = changeCounts(result.changes, result.read);
      const summary = [
        `catalog import from prod (${resolvedRegion}): ${result.read} tables read`,
        ...result.changes.map((c) => changeLine(c, shownAs)),
        options.out === undefined
          ? `printed ${shownAs} merged with prod, not written (--out writes it): ${counts}`
          : write
            ? `wrote ${shownAs}: ${counts}`
            : `${shownAs} is already as prod is: ${counts}`,
      ].join("\n");
      if (options.out === undefined) {
        io.out(result.text);
        io.err(`${summary}\n`);
      } else io.out(`${summary}\n`);
    });
}
