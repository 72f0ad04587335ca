import { z } from "zod";
import { chatChannelsSchema } from "./chat-channels";
import { scheduleProblem } from "./schedule";
import { strictObject, wholeNumber } from "./zod-helpers";

export const STACKS = ["prod", "dev"] as const;
export type StackName = (typeof STACKS)[number];

export const NAMESPACE = "datarefresh";

/**
 * The most tables a run starts at once: a Distributed Map could start more, but AWS Backup and
 * DynamoDB limit an account's jobs (a refresh's restores over DynamoDB's 50 wait for a place).
 */
export const MAX_CONCURRENCY = 40;

const accountId = z
  .string({ error: "expected a 12-digit AWS account ID in quotes" })
  .regex(/^\d{12}$/, {
    error: "expected a 12-digit AWS account ID in quotes",
  });

const environmentName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, {
    error: "expected a name such as dev-3: lower-case letters, digits and single hyphens",
  })
  .max(64, { error: "expected a name of at most 64 characters" });

/** An EventBridge schedule expression, checked field by field (config/schedule.ts). */
const schedule = z
  .string({ error: "expected an EventBridge schedule such as cron(0 3 * * ? *) or rate(1 day)" })
  .superRefine((expression, ctx) => {
    const problem = scheduleProblem(expression);
    if (problem !== undefined)
      ctx.addIssue({ code: "custom", message: `${expression}: ${problem}` });
  });

/** Who may assume an IAM role: a role, a user or a whole account. */
const principalArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/, {
    error:
      "expected the ARN of an IAM role, user or account such as arn:aws:iam::333333333333:role/chat-bot",
  });

/** STS's rule for an external ID: 2 to 1,224 of letters, digits and `+=,.@:/-_`. */
const externalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, {
  error: "expected an external ID of 2 to 1224 letters, digits or +=,.@:/-_",
});

/** The role the chat bot assumes to start and follow refreshes (dev stack only). */
const chatBot = strictObject({ principal: principalArn, externalId });

/** The keys under the `datarefresh:` namespace of a stack's config, with their defaults. */
export const stackSettingsSchema = strictObject({
  stackRole: z.enum(STACKS, { error: "expected prod or dev" }),
  prodAccountId: accountId,
  devAccountId: accountId,
  /** The table catalog, relative to the project folder. */
  catalog: z.string({ error: "expected the path of the catalog YAML file" }).min(1),
  environments: z
    .array(environmentName, {
      error: "expected a list of environment names such as [dev-1, dev-2]",
    })
    .min(1, { error: "list at least one environment" }),
  schedule: schedule.default("cron(0 3 * * ? *)"),
  prodRetentionDays: wholeNumber(1, 36500).default(7),
  devRetentionDays: wholeNumber(1, 36500).default(3),
  pollIntervalSeconds: wholeNumber(10, 3600).default(60),
  /** Polls of long jobs space out up to this (each wait at most ~10% of the job's run so far). */
  maxPollIntervalSeconds: wholeNumber(10, 3600).default(960),
  /** Tables at once in a run; where not set, the least that fits the run in its window. */
  maxConcurrency: wholeNumber(1, MAX_CONCURRENCY).optional(),
  maxCopyAgeHours: wholeNumber(1, 24 * 365).default(48),
  restoreAttempts: wholeNumber(1, 5).default(2),
  notificationEmails: z.array(z.email({ error: "expected an email address" })).default([]),
  manageRegionSettings: z.boolean({ error: "expected true or false" }).default(true),
  xrayTracing: z.boolean({ error: "expected true or false" }).default(false),
  /**
   * `s3-export` tables need point-in-time recovery: turn it on where it is off (true), or refuse
   * to export such a table (false).
   */
  enablePointInTimeRecovery: z.boolean({ error: "expected true or false" }).default(false),
  chatBot: chatBot.optional(),
  /**
   * Slack or Teams channels bound to Amazon Q Developer in chat applications: in dev, to start
   * and follow refreshes and hear how they end; in prod, to hear how daily runs end.
   */
  chat: chatChannelsSchema.optional(),
}).superRefine((settings, ctx) => {
  if (settings.chatBot !== undefined && settings.stackRole !== "dev") {
    ctx.addIssue({
      code: "custom",
      path: ["chatBot"],
      message: "the chat bot's role is in the dev account: set chatBot in the dev stack's file",
    });
  }
  if (settings.maxPollIntervalSeconds < settings.pollIntervalSeconds) {
    ctx.addIssue({
      code: "custom",
      path: ["maxPollIntervalSeconds"],
      message: `expected at least pollIntervalSeconds (${settings.pollIntervalSeconds})`,
    });
  }
});

/** The settings as the stack file gives them. */
export type ConfiguredSettings = z.infer<typeof stackSettingsSchema>;

/** The settings a stack is built with: `maxConcurrency` set or derived (`config/run-fit.ts`). */
export type StackSettings = Omit<ConfiguredSettings, "maxConcurrency"> & { maxConcurrency: number };

/** The keys outside our namespace that the stacks read. */
export const REGION_KEY = "aws:region";
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function isRegion(value: unknown): value is string {
  return typeof value === "string" && REGION.test(value);
}
