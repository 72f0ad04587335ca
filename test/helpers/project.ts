import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { scratchDir } from "./scratch";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** A copy of the project's stack files and catalog in a scratch folder, to break on purpose. */
export function scratchProject(): string {
  const dir = scratchDir();
  for (const file of ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "catalog.yaml"]) {
    cpSync(path.join(PROJECT_DIR, file), path.join(dir, file));
  }
  return dir;
}

/** Sets (or, with `undefined`, deletes) the value at `keyPath` in a YAML file, keeping the rest. */
export function editYaml(file: string, keyPath: (string | number)[], value: unknown): void {
  const doc = parseDocument(readFileSync(file, "utf8"));
  if (value === undefined) doc.deleteIn(keyPath);
  else doc.setIn(keyPath, value);
  writeFileSync(file, doc.toString());
}

/** An `s3-export` table as a catalog lists it: what ImportTable creates it with, in the SDK's names. */
export const EVENTS_TABLE = {
  name: "Events",
  method: "s3-export",
  sizeGb: 8,
  tableCreationParameters: {
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "kind", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [
      {
        IndexName: "byKind",
        KeySchema: [{ AttributeName: "kind", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  },
  dev: { ttlAttribute: "expiresAt", tags: { team: "analytics" } },
};

/** The example project with a fourth table, Events, copied by S3 export and import. */
export function s3ExportProject(): string {
  const project = scratchProject();
  editYaml(path.join(project, "catalog.yaml"), ["tables", 3], EVENTS_TABLE);
  return project;
}

/** A chat bot as the commented example of Pulumi.dev.yaml configures it: a role in a third account. */
export const EXAMPLE_CHAT_BOT = {
  principal: "arn:aws:iam::333333333333:role/chat-bot",
  externalId: "datarefresh-chat-example",
};

/** Sets `chatBot` in the dev stack's file of `project` (the example leaves it out). */
export function withChatBot(project: string, chatBot: unknown = EXAMPLE_CHAT_BOT): string {
  editYaml(path.join(project, "Pulumi.dev.yaml"), ["config", "datarefresh:chatBot"], chatBot);
  return project;
}

/** The problems loading `stack` of `project` reports, one line each; none when it loads. */
export function configProblems(project: string, stack: "prod" | "dev"): string[] {
  try {
    loadConfig(project, stack);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n");
    throw error;
  }
  return [];
}
