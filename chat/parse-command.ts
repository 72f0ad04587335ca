import { COPY_DATE } from "../asl/machines/restore-input";

/** What a chat message asks for. A refresh without `tables` is a refresh of every table. */
export type ChatCommand =
  | { kind: "refresh"; environment: string; tables?: string[]; copyDate?: string }
  | { kind: "status"; execution: string }
  | { kind: "list"; environment?: string }
  | { kind: "help" };

export type ParsedCommand =
  | { ok: true; command: ChatCommand }
  | {
      ok: false;
      /** What was wrong, in one sentence. */
      problem: string;
      /** The right form(s) of the command. */
      usage: string;
      /** Both, ready to post. */
      message: string;
    };

type Verb = "dynamodb" | "status" | "list" | "help";

/** The forms of each command, as `help` shows them. */
export const USAGE: Record<Verb, string> = {
  dynamodb: [
    "dynamodb <environment> <table>... [--date YYYY-MM-DD]   refresh these tables",
    "dynamodb <environment> --all [--date YYYY-MM-DD]        refresh every table",
  ].join("\n"),
  status: "status <execution name or ARN>                     how a refresh is going",
  list: "list [environment]                                  running and recent refreshes",
  help: "help                                                these forms",
};

export const HELP = [
  USAGE.dynamodb,
  USAGE.status,
  USAGE.list,
  USAGE.help,
  "",
  "Example: dynamodb dev-3 Following Users --date 2026-11-25 (the copy of that UTC day; default: the newest)",
].join("\n");

const VERBS = Object.keys(USAGE) as Verb[];

function refusal(problem: string, usage: string): ParsedCommand {
  return { ok: false, problem, usage, message: `${problem}\n${usage}` };
}

/** A date that is both what the machine takes and a day of the calendar (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!COPY_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * Words of a chat message. A leading mention of the bot (`<@U0BOT>`) is dropped; dashes that chat
 * clients put in place of `--` (`—all`, `–date`) are read as `--`; commas separate like spaces.
 */
function words(text: string): string[] {
  return text
    .replace(/^\s*<@[^>]+>/, "")
    .split(/[\s,]+/)
    .filter((w) => w !== "")
    .map((w) => w.replace(/^[\u2013\u2014]/, "--"));
}

/** The arguments of a refresh, however given (chat words or command-line flags). */
export interface RefreshArgs {
  environment?: string;
  tables: string[];
  all: boolean;
  /** The raw `--date`, still to be checked. */
  date?: string;
}

/** Checks the form of a refresh's arguments: an environment, tables or --all, a calendar date. */
export function refreshCommandOf(args: RefreshArgs): ParsedCommand {
  const usage = USAGE.dynamodb;
  const { environment, tables, all, date } = args;
  if (environment === undefined || environment.startsWith("--"))
    return refusal("Name the environment to refresh, such as dev-3.", usage);
  if (date !== undefined && !isCalendarDate(date))
    return refusal(
      `--date must be a UTC date such as 2026-11-25 (YYYY-MM-DD), not ${JSON.stringify(date)}.`,
      usage,
    );
  if (all && tables.length > 0)
    return refusal(`Give table names or --all, not both (tables: ${tables.join(", ")}).`, usage);
  if (!all && tables.length === 0)
    return refusal("Name the tables to refresh, or give --all for every table.", usage);
  return {
    ok: true,
    command: {
      kind: "refresh",
      environment,
      ...(all ? {} : { tables }),
      ...(date === undefined ? {} : { copyDate: date }),
    },
  };
}

function parseRefresh(words: string[]): ParsedCommand {
  const usage = USAGE.dynamodb;
  const [environment, ...rest] = words;
  const args: RefreshArgs = { tables: [], all: false };
  if (environment !== undefined) args.environment = environment;
  for (let i = 0; i < rest.length; i += 1) {
    const word = rest[i]!;
    if (!word.startsWith("--")) {
      args.tables.push(word);
      continue;
    }
    const [flag, inline] = word.split("=", 2) as [string, string | undefined];
    if (flag === "--all" && inline === undefined) {
      args.all = true;
    } else if (flag === "--date") {
      if (args.date !== undefined) return refusal("--date is given twice.", usage);
      const value = inline ?? rest[i + 1];
      if (inline === undefined) i += 1;
      if (value === undefined || value.startsWith("--"))
        return refusal("--date needs a UTC date such as 2026-11-25.", usage);
      args.date = value;
    } else {
      return refusal(`Unknown option ${word}; the options are --all and --date.`, usage);
    }
  }
  return refreshCommandOf(args);
}

/**
 * Reads a chat message: `dynamodb dev-3 Following Users`, `dynamodb dev-3 --all --date
 * 2026-11-25`, `status <execution>`, `list [dev-3]`, `help`. Only the form is checked here; whether
 * the environment and tables exist is for `startRefresh`, which checks them as the machine does.
 */
export function parseCommand(text: string): ParsedCommand {
  const [first, ...args] = words(text);
  if (first === undefined) return refusal("No command given.", HELP);
  const verb = first.toLowerCase();
  if (!(VERBS as string[]).includes(verb))
    return refusal(
      `Unknown command ${JSON.stringify(first)}; the commands are ${VERBS.join(", ")}.`,
      HELP,
    );
  const option = args.find((a) => a.startsWith("--"));
  if (verb !== "dynamodb" && option !== undefined)
    return refusal(`${verb} takes no option ${option}.`, USAGE[verb as Verb]);
  switch (verb as Verb) {
    case "dynamodb":
      return parseRefresh(args);
    case "status":
      if (args.length !== 1)
        return refusal(
          args.length === 0
            ? "Name the refresh: its execution name (as list shows it) or ARN."
            : `status takes one execution, not ${args.length}.`,
          USAGE.status,
        );
      return { ok: true, command: { kind: "status", execution: args[0]! } };
    case "list":
      if (args.length > 1)
        return refusal(`list takes at most one environment, not ${args.length}.`, USAGE.list);
      return {
        ok: true,
        command: { kind: "list", ...(args[0] === undefined ? {} : { environment: args[0] }) },
      };
    case "help":
      if (args.length > 0)
        return refusal(`help takes nothing, not ${JSON.stringify(args.join(" "))}.`, USAGE.help);
      return { ok: true, command: { kind: "help" } };
  }
}
