import "../helpers/quiet-sdk";
import {
  SFNClient,
  StartExecutionCommand,
  type StartExecutionCommandInput,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import fc from "fast-check";
import { maxRequestChars, restoreRulesOf } from "../../asl/machines/restore-input";
import { refreshClient } from "../../chat/client";
import { RequestRefused } from "../../chat/errors";
import { startRefresh, type RefreshRequest } from "../../chat/start-refresh";
import type { Rehearsal } from "../../rehearsal/pair";
import { afterDailyBackup, models, outcomesOf, reportOf } from "../helpers/rehearsal";

const RESTORE = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore";
const CATALOG = ["Following", "Users", "Sessions"];
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

/** A value for each key of a request: a good one, often; a bad one of each kind, sometimes. */
const ABSENT = Symbol("absent");
const maybe = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(ABSENT) },
    { weight: 4, arbitrary: good },
    { weight: 1, arbitrary: bad },
  );
const notText = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant(["x"]));

const environment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("dev-1", "dev-3", "dev-5") },
  { weight: 1, arbitrary: fc.constant(ABSENT) },
  { weight: 1, arbitrary: fc.constantFrom("dev-9", "DEV-3", "dev-3 ", "", "prod") },
  { weight: 1, arbitrary: notText },
);
const tables = maybe(
  fc.subarray(CATALOG, { minLength: 1 }),
  fc.oneof(
    fc.constant([]),
    fc.constant(["Users", "Users"]),
    fc.subarray(CATALOG).map((names) => [...names, "Orders"]),
    fc.constantFrom("Users", null, { Users: true }, [7], [null]),
  ),
);
const requestedBy = maybe(fc.constantFrom("slack:U0123", "cli:ana", "rehearsal"), notText);
/** Dates and near-dates: months 0 to 14, days 0 to 33, with and without leading zeros. */
const dateLike = fc
  .tuple(
    fc.integer({ min: 0, max: 10000 }),
    fc.integer({ min: 0, max: 14 }),
    fc.integer({ min: 0, max: 33 }),
    fc.boolean(),
  )
  .map(([y, m, d, padded]) =>
    padded
      ? `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
      : `${y}-${m}-${d}`,
  );
const copyDate = maybe(
  fc.constantFrom("2026-11-26", "2026-11-25", "2026-02-30"),
  fc.oneof(
    dateLike,
    fc.constantFrom("latest", "yesterday", "26-11-25", "2026-11-25T00:00:00Z", ""),
    notText,
  ),
);
const extraKey = fc.oneof(
  { weight: 8, arbitrary: fc.constant(ABSENT) },
  { weight: 1, arbitrary: fc.constantFrom("table", "Tables", "force") },
);

const request = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "dev-3", ["dev-3"], 3, {}) },
  {
    weight: 12,
    arbitrary: fc
      .tuple(environment, tables, requestedBy, copyDate, extraKey)
      .map(([env, t, by, date, extra]) => {
        const input: Record<string, unknown> = {};
        if (env !== ABSENT) input.environment = env;
        if (t !== ABSENT) input.tables = t;
        if (by !== ABSENT) input.requestedBy = by;
        if (date !== ABSENT) input.copyDate = date;
        if (extra !== ABSENT) input[extra] = true;
        return input as unknown;
      }),
  },
);

describe("the shared validation: the client and the restore machine refuse the same requests", function () {
  this.timeout(120_000);
  let sfn: ReturnType<typeof mockClient>;
  let r: Rehearsal;
  let clock = Date.parse("2026-11-26T16:00:00Z");
  const client = refreshClient({
    sfn: new SFNClient({ region: "eu-west-1" }),
    stateMachineArn: RESTORE,
    rules: restoreRulesOf(models().dev),
    // Each request a second later: their names never clash.
    now: () => new Date((clock += 1000)),
  });

  before(async () => {
    sfn = mockClient(SFNClient);
    r = await afterDailyBackup();
  });
  after(() => sfn.restore());

  /** The client's verdict: the input it sent to StartExecution, or why it refused. */
  async function clientVerdict(input: unknown) {
    sfn.reset();
    sfn.on(StartExecutionCommand).callsFake((params: StartExecutionCommandInput) => ({
      executionArn: `${RESTORE.replace(":stateMachine:", ":execution:")}:${params.name}`,
      startDate: new Date(clock),
    }));
    try {
      await startRefresh(client, input as RefreshRequest);
      const [call] = sfn.commandCalls(StartExecutionCommand);
      return { sent: call!.args[0].input };
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      expect(
        sfn.commandCalls(StartExecutionCommand),
        "a refused request reached AWS",
      ).to.have.length(0);
      return { refused: error.reason };
    }
  }

  let accepted = 0;
  let refused = 0;
  /** The day the daily run filed its copies under. */
  const copyDay = () => {
    const daily = [...r.world.executions.values()].find(
      (e) => e.machine === "datarefresh-backup-and-copy",
    )!;
    return new Date(daily.startedAt * 1000).toISOString().slice(0, 10);
  };

  it(`on ${RUNS} random requests: accepted by both, or refused by both with the same cause`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        run += 1;
        const verdict = await clientVerdict(input);
        if (verdict.refused !== undefined) {
          refused += 1;
          const machine = await r.refresh(input, `refused-${run}`);
          expect(machine.status, JSON.stringify(input)).to.equal("FAILED");
          expect(machine.error?.Error).to.equal("InvalidInput");
          expect(machine.error?.Cause).to.equal(verdict.refused);
          return;
        }
        accepted += 1;
        const sent = verdict.sent!;
        const machine = await r.refresh(JSON.parse(sent.input!), sent.name!);
        expect(machine.error?.Error, `${sent.input} ${machine.error?.Cause}`).to.not.equal(
          "InvalidInput",
        );
        const { tables, copyDate } = JSON.parse(sent.input!) as {
          tables?: string[];
          copyDate?: string;
        };
        const asked = tables ?? CATALOG;
        // The daily run left copies of one day: a request for another day finds none.
        if (copyDate !== undefined && copyDate !== "latest" && copyDate !== copyDay()) {
          expect(machine.error?.Error, sent.input).to.equal("TablesFailed");
          expect(new Set(reportOf(machine).failedTables.map((t) => t.error))).to.deep.equal(
            new Set(["NoRecoveryPoint"]),
          );
        } else {
          expect(machine.status, `${sent.input} ${machine.error?.Cause}`).to.equal("SUCCEEDED");
        }
        expect(reportOf(machine).requested).to.equal(asked.length);
        const outcomes = outcomesOf(r, machine).map((o) => o.table);
        expect(outcomes.sort()).to.deep.equal([...asked].sort());
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261126) },
    );
    expect(accepted, "no request was accepted: the generator is off").to.be.greaterThan(3);
    expect(refused, "no request was refused: the generator is off").to.be.greaterThan(3);
  });

  const LONGEST_ENVIRONMENT = [...models().dev.settings.environments].sort(
    (a, b) => b.length - a.length,
  )[0]!;
  const LONGEST = { tables: CATALOG, requestedBy: "\u0000".repeat(256), copyDate: "2026-11-25" };

  /** Requests at the edges of each rule, each checked by the client and by the machine. */
  const EDGES: unknown[] = [
    { environment: "dev-3", copyDate: "2026-13-01" },
    { environment: "dev-3", copyDate: "2026-00-10" },
    { environment: "dev-3", copyDate: "2026-12-32" },
    { environment: "dev-3", copyDate: "2026-12-00" },
    { environment: "dev-3", copyDate: "2026-12-31" },
    { environment: "dev-3", copyDate: "2026-02-30" },
    { environment: "dev-3", copyDate: "2026-1-01" },
    { environment: "dev-3", copyDate: " 2026-11-25" },
    { environment: "dev-3", copyDate: "+2026-11-25" },
    { environment: "dev-3", copyDate: "20261125" },
    { environment: "dev-3", copyDate: ["2026-11-25"] },
    { environment: "dev-3", tables: [""] },
    { environment: "dev-3", tables: ["users"] },
    { environment: "dev-3", tables: ["Users", "Orders", "Orders"] },
    { environment: "dev-3", tables: CATALOG },
    { environment: "dev-3", tables: [...CATALOG, "Users"] },
    { environment: "dev-3", requestedBy: "" },
    { environment: "dev-3", requestedBy: null },
    { environment: "dev-3", requestedBy: "slack:U0123", extra: null },
    { environment: "dév-3" },
    { environment: "dev-3", tables: ["Users"], requestedBy: 1, copyDate: "x" },
    { environment: "dev-9", tables: ["Orders"], copyDate: "x", more: 1 },
    { environment: "dev-3", tables: [...CATALOG, "Users"], requestedBy: 7 },
    { environment: "dev-3", requestedBy: "x".repeat(257) },
    { environment: "dev-3", tables: ["Users"], requestedBy: "x".repeat(256) },
    { environment: "d".repeat(5000) },
    { environment: "dev-3", copyDate: "y".repeat(300) },
    { environment: "dev-3", extra: "z".repeat(300) },
    // The longest request the machine takes, to the character, and one character more.
    { ...LONGEST, environment: LONGEST_ENVIRONMENT },
    { ...LONGEST, environment: `${LONGEST_ENVIRONMENT}x` },
  ];

  it("takes the longest request to the character, and refuses one character more as too long", async () => {
    const longest = await clientVerdict({ ...LONGEST, environment: LONGEST_ENVIRONMENT });
    expect(longest.refused).to.equal(undefined);
    const over = await clientVerdict({ ...LONGEST, environment: `${LONGEST_ENVIRONMENT}x` });
    expect(over.refused).to.match(
      /^the input has \d+ characters of JSON; a request has at most \d+$/,
    );
    const [chars, most] = over.refused!.match(/\d+/g)!.map(Number);
    expect(chars).to.equal(most! + 1);
  });

  it("counts the longest environment in the longest request, wherever the config lists it", () => {
    const tables = ["Users"];
    const most = (environments: string[]) => maxRequestChars({ environments, tables });
    expect(most(["dev-1", "staging-2"])).to.equal(most(["staging-2", "dev-1"]));
    expect(most(["staging-2", "dev-1"]) - most(["dev-1"])).to.equal("staging-2".length - 5);
  });

  it(`on ${EDGES.length} requests at the edges of the rules: the same verdict and cause`, async () => {
    for (const [i, input] of EDGES.entries()) {
      const verdict = await clientVerdict(input);
      const machine =
        verdict.refused === undefined
          ? await r.refresh(JSON.parse(verdict.sent!.input!), verdict.sent!.name!)
          : await r.refresh(input, `edge-${i}`);
      const what = `${JSON.stringify(input)}: ${machine.error?.Error} ${machine.error?.Cause}`;
      if (verdict.refused === undefined) {
        expect(machine.error?.Error, what).to.not.equal("InvalidInput");
      } else {
        expect(machine.error?.Error, what).to.equal("InvalidInput");
        expect(machine.error?.Cause, what).to.equal(verdict.refused);
      }
    }
  });

  it("sends exactly the request it checked, and refuses one table named twice before the machine would", async () => {
    const good = await clientVerdict({
      environment: "dev-3",
      tables: ["Users"],
      requestedBy: "slack:U0123",
      copyDate: "2026-11-26",
    });
    expect(JSON.parse(good.sent!.input!)).to.deep.equal({
      environment: "dev-3",
      tables: ["Users"],
      requestedBy: "slack:U0123",
      copyDate: "2026-11-26",
    });
    const twice = await clientVerdict({ environment: "dev-3", tables: ["Users", "Users"] });
    expect(twice.refused).to.equal('tables names a table more than once: ["Users","Users"]');
  });
});
