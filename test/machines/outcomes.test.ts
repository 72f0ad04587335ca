import { expect } from "chai";
import fc from "fast-check";
import type { TableSpec } from "../../config/catalog";
import { Rehearsal } from "../../rehearsal/pair";
import type { ErrorNaming } from "../../rehearsal/error-names";
import type { ExecutionRecord, Fault } from "../../rehearsal/world";
import { expectCatalogSettings } from "../helpers/dev-settings";
import {
  expectedCopies,
  expectedRefresh,
  IMPORT_CALL,
  PER_TABLE_CALLS,
  RIDDEN_OUT,
  UNLIMITED,
  type DevTables,
  type Expected,
  type ExpectedCopy,
  type Scenario,
} from "../helpers/expected-outcomes";
import { propertyRuns } from "../helpers/property-runs";
import { BAD_JOB_ENDS, sharedCatalogs, withCatalog } from "../helpers/random-catalog";
import { childrenOf, copiesOf, models, outcomesOf, reportOf } from "../helpers/rehearsal";

const ENVIRONMENTS = ["dev-1", "dev-2"] as const;
const BASE = models();

/** A refresh request: some of the catalog's tables, or (undefined) all of them. */
interface Request {
  tables: string[] | undefined;
}

/**
 * A dev table there before the refreshes: as a developer left it, or still being made by a
 * stopped refresh's restore (`settling`) or import that will fail and take it away (`vanishing`).
 */
interface Seeded {
  target: string;
  deletionProtection: boolean;
  busy: "no" | "settling" | "vanishing";
}

/** Seeded tables are busy this long: the refreshes wait for them. */
const BUSY_SECONDS = 3600;

interface Drawn extends Scenario {
  seeded: Seeded[];
  /** dev-1's refresh; dev-2's, at the same time; a second of dev-1's, at the same time. */
  dev1: Request;
  dev2: Request | undefined;
  rival: Request | undefined;
  /** A refresh of dev-1 after the others have ended, of the daily run's copies by date. */
  later: Request | undefined;
}

/** Drawn for one table in three. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

/** A job of `kinds` that ends badly, `times` times. */
const jobFault = (
  table: string,
  kinds: readonly (keyof typeof BAD_JOB_ENDS)[],
  times: fc.Arbitrary<number>,
): fc.Arbitrary<Extract<Fault, { kind: "job" }>> =>
  fc
    .record({
      end: fc.constantFrom(
        ...kinds.flatMap((job) => BAD_JOB_ENDS[job].map((state) => ({ job, state }))),
      ),
      times,
    })
    .map(({ end, times }) => ({ kind: "job" as const, table, ...end, times }));

/** A call of every refresh of the table on `target` failing a few times in a row, or for good. */
const callFault = (table: TableSpec, target: string): fc.Arbitrary<Fault> =>
  fc.record({
    kind: fc.constant("error" as const),
    table: fc.constant(target),
    call: fc.constantFrom(
      ...PER_TABLE_CALLS,
      ...(table.method === "s3-export" ? [IMPORT_CALL] : []),
    ),
    code: fc.constantFrom(
      "ThrottlingException",
      "ProvisionedThroughputExceededException",
      "InternalServerError",
      "ServiceUnavailable",
    ),
    times: fc.oneof(fc.integer({ min: 1, max: RIDDEN_OUT }), fc.constant(UNLIMITED)),
  });

const seed = (target: string): fc.Arbitrary<Seeded> =>
  fc.record({
    target: fc.constant(target),
    deletionProtection: fc.boolean(),
    busy: fc.constantFrom("no" as const, "settling" as const, "vanishing" as const),
  });

/**
 * What befalls one table: its daily backup or copy (export) ending badly once or on every start;
 * its restore (import) once, or every one of every environment; a call on its dev tables; a dev
 * table there before.
 */
const fate = (table: TableSpec) =>
  fc.record({
    daily: sometimes(
      jobFault(
        table.name,
        table.method === "backup" ? ["backup", "copy"] : ["export"],
        fc.constantFrom(1, 2),
      ),
    ),
    refresh: sometimes(
      jobFault(
        table.name,
        table.method === "backup" ? ["restore"] : ["import"],
        fc.constantFrom(1, UNLIMITED),
      ),
    ),
    calls: fc.tuple(...ENVIRONMENTS.map((e) => sometimes(callFault(table, `${e}-${table.name}`)))),
    seeded: fc.tuple(...ENVIRONMENTS.map((e) => sometimes(seed(`${e}-${table.name}`)))),
  });

const request = (catalog: TableSpec[]): fc.Arbitrary<Request> =>
  fc.record({
    tables: fc.option(
      fc.subarray(
        catalog.map((t) => t.name),
        { minLength: 1 },
      ),
      { nil: undefined, freq: 2 },
    ),
  });

const { parameters, timeoutMs } = propertyRuns<[Drawn]>(9, 4);

const defined = <T>(values: (T | undefined)[]): T[] => values.filter((v) => v !== undefined);

const scenarios: fc.Arbitrary<Drawn> = sharedCatalogs(10, parameters, 3).chain((catalog) =>
  fc
    .record({
      fates: fc.tuple(...catalog.map(fate)),
      naming: fc.constantFrom<ErrorNaming>("per-service", "per-operation"),
      dev1: request(catalog),
      dev2: fc.option(request(catalog), { nil: undefined }),
      rival: fc.option(request(catalog), { nil: undefined }),
      later: fc.option(request(catalog), { nil: undefined }),
    })
    .map(({ fates, ...rest }) => ({
      catalog,
      restoreAttempts: BASE.dev.settings.restoreAttempts,
      dailyFaults: defined(fates.map((f) => f.daily)),
      refreshFaults: defined(fates.flatMap((f) => [f.refresh, ...f.calls])),
      seeded: defined(fates.flatMap((f) => f.seeded)),
      ...rest,
    })),
);

const asked = (s: Drawn, r: Request) => r.tables ?? s.catalog.map((t) => t.name);

type Outcome = Expected | ExpectedCopy;

const said = (o: Outcome) => (o.status === "FAILED" ? `FAILED ${o.error}` : o.status);

/**
 * Each key's outcome is the expected one, and no key is missing or extra; the message names every
 * difference (fast-check's report of a failed run shows no diff).
 */
function expectSame(label: string, actual: Map<string, string>, expected: Map<string, string>) {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])];
  const wrong = keys
    .filter((k) => actual.get(k) !== expected.get(k))
    .map((k) => `${k} ${actual.get(k) ?? "absent"}, expected ${expected.get(k) ?? "absent"}`);
  expect(wrong.length, `${label}: ${wrong.join("; ")}`).to.equal(0);
}

const saying = (outcomes: Map<string, Outcome>) =>
  new Map([...outcomes].map(([table, o]) => [table, said(o)]));

function judgeDaily(r: Rehearsal, run: ExecutionRecord, expected: Map<string, ExpectedCopy>) {
  const actual = copiesOf(r, run).map((c): [string, string] => [
    c.table,
    said(c.status === "FAILED" ? { status: "FAILED", error: c.error! } : { status: c.status }),
  ]);
  expectSame("the daily run's tables", new Map(actual), saying(expected));
  const failed = [...expected.values()].some((e) => e.status === "FAILED");
  expect(run.error?.Error, "the daily run").to.equal(failed ? "TablesFailed" : undefined);
}

/**
 * The refresh's outcome of each table is the one expected; so are its report and its status; a
 * RESTORED table has the catalog's settings and the data of its table's copy.
 */
function judgeRefresh(
  r: Rehearsal,
  s: Drawn,
  run: ExecutionRecord,
  expected: Map<string, Expected>,
  daily: ExecutionRecord,
) {
  const outcomes = outcomesOf(r, run);
  const actual = outcomes.map((o): [string, string] => [
    o.table,
    said(o.status === "FAILED" ? { status: "FAILED", error: o.error! } : { status: "RESTORED" }),
  ]);
  expectSame(`the tables of ${run.arn}`, new Map(actual), saying(expected));

  const failed = [...expected].filter(([, e]) => e.status === "FAILED");
  expect(run.error?.Error, run.arn).to.equal(failed.length > 0 ? "TablesFailed" : undefined);
  const report = reportOf(run);
  expect(
    [report.requested, report.restored, report.failed, report.notListed],
    `${run.arn}: requested, restored, failed, not listed`,
  ).to.deep.equal([expected.size, expected.size - failed.length, failed.length, 0]);
  expectSame(
    `the failed tables ${run.arn} reports`,
    new Map(report.failedTables.map((f) => [f.table, `FAILED ${f.error}`])),
    saying(new Map(failed)),
  );

  const copies = new Map(copiesOf(r, daily).map((c) => [c.table, c]));
  for (const outcome of outcomes.filter((o) => o.status === "RESTORED")) {
    const spec = s.catalog.find((t) => t.name === outcome.table)!;
    expectCatalogSettings(r.world, outcome, spec);
    const copy = copies.get(outcome.table)!;
    expect(
      [outcome.recoveryPointArn, outcome.exportArn],
      `${outcome.targetTable}: the copy of ${outcome.table}`,
    ).to.deep.equal([copy.recoveryPointArn ?? null, copy.exportArn ?? null]);
    const made = r.world.accounts.dev.dynamodb.tables.get(outcome.targetTable)!;
    const source = r.world.accounts.prod.dynamodb.tables.get(outcome.table)!;
    expect(made.itemCount, `${outcome.targetTable}: the items of ${outcome.table}`).to.equal(
      source.itemCount,
    );
  }
}

/** The dev tables are those expected, no other, each protected as expected. */
function judgeDevTables(r: Rehearsal, expected: DevTables) {
  const dynamodb = r.world.accounts.dev.dynamodb;
  dynamodb.settle(r.world.now);
  const protection = (t: { deletionProtection: boolean }) =>
    t.deletionProtection ? "protected" : "unprotected";
  const actual = [...dynamodb.tables.values()]
    .filter((t) => t.name.startsWith("dev-"))
    .map((t): [string, string] => [t.name, protection(t)]);
  expectSame(
    "the dev tables",
    new Map(actual),
    new Map([...expected].map(([name, t]) => [name, protection(t)])),
  );
}

/**
 * Two refreshes of dev-1 at once: one runs, the other is refused naming it, and touches nothing
 * but the lock. Which one wins the race is not something a user relies on. Returns the winner.
 */
function judgeRace(r: Rehearsal, a: ExecutionRecord, b: ExecutionRecord): ExecutionRecord {
  const refused = [a, b].filter((run) => run.error?.Error === "RefreshInProgress");
  expect(
    refused.map((run) => run.arn),
    "refused of two dev-1 refreshes at once",
  ).to.have.length(1);
  const loser = refused[0]!;
  const winner = loser === a ? b : a;
  expect(loser.error!.Cause).to.include(winner.arn);
  expect(childrenOf(r, loser)).to.deep.equal([]);
  // It reads the lock's holder and says it was refused (its notice); it touches no table or job.
  const touched = r.world.calls.filter(
    (c) =>
      c.execution === loser.arn &&
      /^(dynamodb|backup):/.test(c.call) &&
      c.params.TableName !== "datarefresh-state",
  );
  expect(touched.map((c) => c.call).join(", "), "calls of the refused").to.equal("");
  return winner;
}

async function rehearse(s: Drawn): Promise<void> {
  const { prod, dev } = withCatalog(BASE, s.catalog);
  const r = new Rehearsal(prod, dev);
  // What each call may do is judged by properties.test.ts; here, only what the machines make of faults.
  r.world.authorizer = undefined;
  r.world.errorNaming = s.naming;
  for (const fault of s.dailyFaults) r.world.inject(fault);
  const daily = await r.backupAndCopy();
  judgeDaily(r, daily, expectedCopies(s));
  r.later(3600);

  for (const fault of s.refreshFaults) r.world.inject(fault);
  for (const t of s.seeded) {
    r.world.seedDevTable(
      t.target,
      { deletionProtection: t.deletionProtection, vanishes: t.busy === "vanishing" },
      t.busy === "no" ? 0 : BUSY_SECONDS,
    );
  }
  const refresh = (environment: string, req: Request, name: string, copyDate?: string) =>
    r.refresh(
      {
        environment,
        requestedBy: name,
        ...(req.tables === undefined ? {} : { tables: req.tables }),
        ...(copyDate === undefined ? {} : { copyDate }),
      },
      name,
    );
  const [first, second, rival] = await Promise.all([
    refresh("dev-1", s.dev1, "dev-1-first"),
    s.dev2 === undefined ? undefined : refresh("dev-2", s.dev2, "dev-2"),
    s.rival === undefined ? undefined : refresh("dev-1", s.rival, "dev-1-rival"),
  ]);
  const dev1 = rival === undefined ? first : judgeRace(r, first, rival);
  const runs: [ExecutionRecord, string, Request][] = [
    [dev1, "dev-1", dev1 === first ? s.dev1 : s.rival!],
    ...(second === undefined
      ? []
      : [[second, "dev-2", s.dev2!] as [ExecutionRecord, string, Request]]),
  ];
  let tables: DevTables = new Map(
    s.seeded
      .filter((t) => t.busy !== "vanishing")
      .map((t) => [t.target, { deletionProtection: t.deletionProtection }]),
  );
  for (const [run, environment, req] of runs) {
    const expected = expectedRefresh(s, environment, asked(s, req), tables);
    judgeRefresh(r, s, run, expected.outcomes, daily);
    tables = expected.after;
  }
  // Once every seeded table has settled, those left alone included.
  r.later(BUSY_SECONDS);
  judgeDevTables(r, tables);

  if (s.later === undefined) return;
  const day = new Date(daily.startedAt * 1000).toISOString().slice(0, 10);
  const later = await refresh("dev-1", s.later, "dev-1-later", day);
  const expected = expectedRefresh(s, "dev-1", asked(s, s.later), tables);
  judgeRefresh(r, s, later, expected.outcomes, daily);
  judgeDevTables(r, expected.after);
}

describe("outcomes over random scenarios: each table as its faults say, exactly", function () {
  this.timeout(timeoutMs);

  it("restores every table no fault stops, with the catalog's settings, and fails each other one with the error of the fault that stops it", async () => {
    await fc.assert(fc.asyncProperty(scenarios, rehearse), parameters);
  });
});
