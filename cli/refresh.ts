import os from "node:os";
import path from "node:path";
import { SFNClient } from "@aws-sdk/client-sfn";
import { type Command, InvalidArgumentError } from "commander";
import { fillIn } from "../asl/machines/name-list-rules";
import { checkRestoreInput, restoreRefusals, restoreRulesOf } from "../asl/machines/restore-input";
import { refreshClient, type RefreshClient } from "../chat/client";
import { describeRefresh } from "../chat/describe-refresh";
import { RequestRefused } from "../chat/errors";
import { followRefresh } from "../chat/follow-refresh";
import { descriptionText, listText, startedText } from "../chat/format-text";
import { listRefreshes } from "../chat/list-refreshes";
import { refreshCommandOf } from "../chat/parse-command";
import { startRefresh } from "../chat/start-refresh";
import { loadConfig } from "../config/load";
import { toModel, type StackModel } from "../config/model";
import { CommandFailed, UsageError } from "./exit";
import type { Io } from "./io";
import { refreshProgress } from "./refresh-progress";
import { resolveTarget, TARGET_FILE, type TargetOptions } from "./refresh-target";

/** What tests replace: the clock, the wait between looks, the folder of `.datarefresh.json`. */
export interface RefreshDeps {
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  cwd?: string;
}

interface CommonOptions extends TargetOptions {
  json?: boolean;
  project: string;
}

const ENDED_BADLY = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError("expected a whole number");
  return Number(text);
}

function withCommonOptions(command: Command, projectDir: string): Command {
  return command
    .option("--json", "print the result as JSON")
    .option(
      "--state-machine-arn <arn>",
      `the dev stack's restore machine (default: restoreStateMachineArn of ${TARGET_FILE})`,
    )
    .option("--config <file>", `where the stack's outputs are (default: ./${TARGET_FILE})`)
    .option("--profile <name>", "the AWS profile to use (default: the SDK's usual chain)")
    .option("--region <region>", "the AWS Region (default: the state machine's)")
    .option("--project <dir>", "the project folder holding Pulumi.dev.yaml", projectDir);
}

const devModelOf = (options: CommonOptions) =>
  toModel(loadConfig(path.resolve(options.project), "dev"));

/** The client of the dev stack: its rules from Pulumi.dev.yaml, its machine from flags or file. */
function clientOf(
  options: CommonOptions,
  deps: RefreshDeps,
  dev: StackModel = devModelOf(options),
): RefreshClient {
  const target = resolveTarget(options, deps.cwd ?? process.cwd(), dev);
  const sfn = new SFNClient({
    region: target.region,
    ...(target.profile === undefined ? {} : { profile: target.profile }),
  });
  return refreshClient({
    sfn,
    stateMachineArn: target.stateMachineArn,
    rules: restoreRulesOf(dev),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
}

/** Refusals of the request are usage errors (exit 2): the command line asked for the impossible. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RequestRefused) throw new UsageError(error.reason);
    throw error;
  }
}

function defaultRequester(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return "cli";
  }
}

const printJson = (io: Io, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);

export function addRefreshCommands(
  program: Command,
  io: Io,
  projectDir: string,
  deps: RefreshDeps = {},
): void {
  const now = deps.now ?? (() => new Date());

  withCommonOptions(
    program
      .command("refresh")
      .description("refresh tables of a dev environment from the newest (or a dated) copy")
      .argument("<environment>", "the dev environment, such as dev-3")
      .argument("[tables...]", "the tables to refresh (or --all)")
      .option("--all", "refresh every catalogued table")
      .option("--date <YYYY-MM-DD>", "the copy of this UTC day (default: the newest)")
      .option("--requested-by <who>", "who asks, for the record (default: cli:<your user name>)")
      .option("--wait", "follow the refresh until it ends, showing each table")
      .option("--interval <seconds>", "seconds between looks with --wait", wholeNumber, 15),
    projectDir,
  ).action(
    async (
      environment: string,
      tables: string[],
      options: CommonOptions & {
        all?: boolean;
        date?: string;
        requestedBy?: string;
        wait?: boolean;
        interval: number;
      },
    ) => {
      const parsed = refreshCommandOf({
        environment,
        tables,
        all: options.all === true,
        ...(options.date === undefined ? {} : { date: options.date }),
      });
      if (!parsed.ok) throw new UsageError(parsed.problem);
      if (parsed.command.kind !== "refresh") throw new Error("not a refresh");
      const { kind: _kind, ...fields } = parsed.command;
      const request = { ...fields, requestedBy: options.requestedBy ?? defaultRequester() };
      const dev = devModelOf(options);
      // startRefresh checks it too; checked first, a refused request needs no AWS client at all.
      const checked = checkRestoreInput(request, restoreRulesOf(dev));
      if (!checked.ok) throw new UsageError(checked.cause);
      const client = clientOf(options, deps, dev);
      const started = await asUsage(() => startRefresh(client, request));
      if (options.wait !== true) {
        if (options.json === true) printJson(io, started);
        else io.out(`${startedText(started)}\n`);
        return;
      }
      if (options.json !== true) io.out(`${startedText(started)}\n`);
      const show =
        options.json === true ? undefined : refreshProgress(io, io.interactive === true, now);
      const last = await followRefresh(client, started.executionArn, {
        intervalMs: options.interval * 1000,
        ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
        ...(show === undefined ? {} : { onUpdate: show }),
        onRetry: (error) => io.err(`datarefresh: ${error.message}; looking again\n`),
      });
      if (options.json === true) printJson(io, last);
      if (last.status !== "SUCCEEDED") throw new CommandFailed(`the refresh ${last.status}`);
    },
  );

  withCommonOptions(
    program
      .command("status")
      .description("how a refresh is going, table by table")
      .argument("<execution>", "the refresh's execution name or ARN"),
    projectDir,
  ).action(async (execution: string, options: CommonOptions) => {
    const client = clientOf(options, deps);
    const description = await asUsage(() => describeRefresh(client, execution));
    if (options.json === true) printJson(io, description);
    else io.out(`${descriptionText(description, now())}\n`);
    if (ENDED_BADLY.has(description.status))
      throw new CommandFailed(`the refresh ${description.status}`);
  });

  withCommonOptions(
    program
      .command("list")
      .description("running and recent refreshes")
      .argument("[environment]", "only this dev environment's")
      .option("--limit <n>", "at most this many", wholeNumber, 10),
    projectDir,
  ).action(async (environment: string | undefined, options: CommonOptions & { limit: number }) => {
    const dev = devModelOf(options);
    const rules = restoreRulesOf(dev);
    if (environment !== undefined && !rules.environments.includes(environment))
      throw new UsageError(fillIn(restoreRefusals(rules).environment, environment));
    const client = clientOf(options, deps, dev);
    const list = await asUsage(() =>
      listRefreshes(client, {
        limit: options.limit,
        ...(environment === undefined ? {} : { environment }),
      }),
    );
    if (options.json === true) printJson(io, list);
    else io.out(`${listText(list, environment)}\n`);
  });
}
