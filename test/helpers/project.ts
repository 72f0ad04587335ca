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

/** A Slack channel and a Teams channel, as a dev stack file lists them under `chat`. */
export const EXAMPLE_DEV_CHANNELS = [
  { name: "dev-refreshes", slack: { workspaceId: "T07QCRPA7", channelId: "C07R9V9KX" } },
  {
    name: "dev-refreshes-teams",
    teams: {
      tenantId: "0ab1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
      teamId: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
      channelId: "19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2",
    },
  },
];

/** The prod stack's channel: it hears how daily runs end. */
export const EXAMPLE_PROD_CHANNELS = [
  { name: "prod-daily-runs", slack: { workspaceId: "T07QCRPA7", channelId: "C07PRODRUN" } },
];

/** Sets `chat` in the stack files of `project`: both, with the examples, unless told otherwise. */
export function withChat(
  project: string,
  channels: { prod?: unknown; dev?: unknown } = {
    prod: EXAMPLE_PROD_CHANNELS,
    dev: EXAMPLE_DEV_CHANNELS,
  },
): string {
  for (const stack of ["prod", "dev"] as const) {
    if (channels[stack] === undefined) continue;
    editYaml(
      path.join(project, `Pulumi.${stack}.yaml`),
      ["config", "datarefresh:chat"],
      channels[stack],
    );
  }
  return project;
}
