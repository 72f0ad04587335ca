import { expect } from "chai";
import { type ChatCommand, parseCommand, USAGE } from "../../chat/parse-command";

/** [chat text, the command it is] */
const VALID: [string, ChatCommand][] = [
  [
    "dynamodb dev-3 Following Users",
    { kind: "refresh", environment: "dev-3", tables: ["Following", "Users"] },
  ],
  ["dynamodb dev-3 --all", { kind: "refresh", environment: "dev-3" }],
  [
    "dynamodb dev-3 Following --date 2026-11-25",
    { kind: "refresh", environment: "dev-3", tables: ["Following"], copyDate: "2026-11-25" },
  ],
  [
    "dynamodb dev-3 --date=2026-11-25 --all",
    { kind: "refresh", environment: "dev-3", copyDate: "2026-11-25" },
  ],
  [
    "  DynamoDB   dev-3\tFollowing,Users  ",
    { kind: "refresh", environment: "dev-3", tables: ["Following", "Users"] },
  ],
  [
    "dynamodb dev-3 Following, Users",
    { kind: "refresh", environment: "dev-3", tables: ["Following", "Users"] },
  ],
  ["<@U0BOT> dynamodb dev-3 —all", { kind: "refresh", environment: "dev-3" }],
  [
    "dynamodb dev-3 Users –date 2026-02-28",
    { kind: "refresh", environment: "dev-3", tables: ["Users"], copyDate: "2026-02-28" },
  ],
  [
    "dynamodb dev-3 Users Users",
    { kind: "refresh", environment: "dev-3", tables: ["Users", "Users"] },
  ],
  ["dynamodb dev-9 Orders", { kind: "refresh", environment: "dev-9", tables: ["Orders"] }],
  [
    "status dev-3-20261126T160000Z-slack-U0123",
    { kind: "status", execution: "dev-3-20261126T160000Z-slack-U0123" },
  ],
  [
    "status arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:x",
    {
      kind: "status",
      execution: "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:x",
    },
  ],
  ["list", { kind: "list" }],
  ["list dev-3", { kind: "list", environment: "dev-3" }],
  ["help", { kind: "help" }],
  ["HELP", { kind: "help" }],
];

/** [chat text, what the message must say was wrong, the usage it must show] */
const INVALID: [string, RegExp, string][] = [
  ["", /^No command given\./, "dynamodb <environment> <table>"],
  ["   ", /^No command given\./, "status <execution"],
  ["refresh dev-3 Users", /^Unknown command "refresh"; the commands are dynamodb, status/, "help"],
  ["dynamodb", /^Name the environment to refresh, such as dev-3\./, USAGE.dynamodb],
  ["dynamodb --all", /^Name the environment to refresh/, USAGE.dynamodb],
  ["dynamodb dev-3", /^Name the tables to refresh, or give --all/, USAGE.dynamodb],
  [
    "dynamodb dev-3 Users --all",
    /^Give table names or --all, not both \(tables: Users\)/,
    USAGE.dynamodb,
  ],
  ["dynamodb dev-3 Users --date", /^--date needs a UTC date such as 2026-11-25\./, "--date"],
  ["dynamodb dev-3 Users --date --all", /^--date needs a UTC date/, "--date"],
  [
    "dynamodb dev-3 Users --date yesterday",
    /^--date must be a UTC date such as 2026-11-25 \(YYYY-MM-DD\), not "yesterday"\./,
    "--date",
  ],
  ["dynamodb dev-3 Users --date 2026-02-30", /not "2026-02-30"/, "--date"],
  ["dynamodb dev-3 Users --date 2026-13-01", /not "2026-13-01"/, "--date"],
  ["dynamodb dev-3 Users --date 25.11.2026", /not "25\.11\.2026"/, "--date"],
  ["dynamodb dev-3 Users --date 2026-11-25T10:00:00Z", /must be a UTC date/, "--date"],
  [
    "dynamodb dev-3 Users --date 2026-11-25 --date 2026-11-24",
    /^--date is given twice\./,
    "--date",
  ],
  [
    "dynamodb dev-3 Users --force",
    /^Unknown option --force; the options are --all and --date\./,
    USAGE.dynamodb,
  ],
  ["dynamodb dev-3 --all=yes", /^Unknown option --all=yes/, USAGE.dynamodb],
  ["status", /^Name the refresh: its execution name \(as list shows it\) or ARN\./, USAGE.status],
  ["status a b", /^status takes one execution, not 2\./, USAGE.status],
  ["status --json", /^status takes no option --json\./, USAGE.status],
  ["list dev-3 dev-4", /^list takes at most one environment, not 2\./, USAGE.list],
  ["list --all", /^list takes no option --all\./, USAGE.list],
  ["help me", /^help takes nothing, not "me"\./, USAGE.help],
];

describe("parseCommand: chat text to a typed request", () => {
  for (const [text, command] of VALID) {
    it(`reads ${JSON.stringify(text)}`, () => {
      expect(parseCommand(text)).to.deep.equal({ ok: true, command });
    });
  }

  for (const [text, problem, usage] of INVALID) {
    it(`refuses ${JSON.stringify(text)}, saying what is wrong and the right form`, () => {
      const parsed = parseCommand(text);
      if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.command)}`);
      expect(parsed.problem).to.match(problem);
      expect(parsed.usage).to.include(usage);
      expect(parsed.message).to.equal(`${parsed.problem}\n${parsed.usage}`);
    });
  }
});
