import { expect } from "chai";
import fc from "fast-check";
import type { SdkService } from "../../asl/sdk";
import type { TableSpec } from "../../config/catalog";
import { Rehearsal } from "../../rehearsal/pair";
import { stepFunctionsError, type ErrorNaming } from "../../rehearsal/error-names";
import type { ExecutionRecord, Fault } from "../../rehearsal/world";
import { expectCatalogSettings } from "../helpers/dev-settings";
import { propertyRuns } from "../helpers/property-runs";
import { BAD_JOB_ENDS, sharedCatalogs, withCatalog } from "../helpers/random-catalog";
import { models, outcomesOf, reportOf } from "../helpers/rehearsal";

const ENVIRONMENTS = ["dev-1", "dev-2", "dev-3", "dev-4", "dev-5"];
/** The restore machine's TimeoutSeconds. */
const RESTORE_TIMEOUT = 7 * 24 * 3600;
/** The jobs of the daily run: their faults are injected before it. */
const DAILY_JOBS: readonly string[] = ["backup", "copy", "export"];
const BASE = models();

const jobFault = (tables: number) =>
  fc
    .record({
      job: fc.constantFrom(...(Object.keys(BAD_JOB_ENDS) as (keyof typeof BAD_JOB_ENDS)[])),
      table: fc.integer({ min: 0, max: tables - 1 }).map((i) => `Table${i}`),
      pick: fc.nat(),
      times: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ job, pick, ...rest }): Fault => {
      const ends = BAD_JOB_ENDS[job];
      return { kind: "job", job, state: ends[pick % ends.length]!, ...rest };
    });

const faults = (tables: number): fc.Arbitrary<Fault[]> =>
  fc.array(
    fc.oneof(
      jobFault(tables),
      fc.record({
        kind: fc.constant("error" as const),
        call: fc.constantFrom(
          "dynamodb:updateTable",
          "dynamodb:deleteTable",
          "backup:describeRestoreJob",
          "dynamodb:query",
        ),
        code: fc.constantFrom(
          "ThrottlingException",
          "LimitExceededException",
          "InternalServerError",
          "ServiceUnavailableException",
        ),
        times: fc.integer({ min: 1, max: 4 }),
      }),
    ),
    { maxLength: 4 },
  );

interface Request {
  environment: string;
  everything: boolean;
  seedProtected: boolean;
  stopAfterCalls: number | undefined;
}

const requests: fc.Arbitrary<Request[]> = fc.array(
  fc.record({
    environment: fc.constantFrom("dev-1", "dev-2"),
    everything: fc.boolean(),
    seedProtected: fc.boolean(),
    stopAfterCalls: fc.option(fc.integer({ min: 3, max: 60 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 3 },
);

interface Drawn {
  catalog: TableSpec[];
  injected: Fault[];
  asked: Request[];
  naming: ErrorNaming;
}

/**
 * The errors the drawn scenario can explain for a table of `environment`: a job fault's on that
 * table (a daily job's leaves no copy), any call fault's (they name no table), and protection
 * left on the dev table by a seed or by another refresh of the environment.
 */
function explainable(s: Drawn, table: TableSpec, environment: string): Set<string> {
  const errors = new Set<string>();
  for (const fault of s.injected) {
    if (fault.kind === "error") {
      const [service, action] = fault.call.split(":") as [SdkService, string];
      errors.add(stepFunctionsError(service, action, fault.code, "", s.naming).name);
    } else if (fault.kind === "job" && fault.table === table.name) {
      if (DAILY_JOBS.includes(fault.job)) errors.add("NoRecoveryPoint");
      if (fault.job === "restore") errors.add("RestoreFailed");
      if (fault.job === "import") errors.add("ImportFailed");
    }
  }
  const ofEnvironment = s.asked.filter((q) => q.environment === environment);
  const seeded = table.name === "Table0" && ofEnvironment.some((q) => q.seedProtected);
  const leftByAnother = table.dev.deletionProtection && ofEnvironment.length > 1;
  if (seeded || leftByAnother) errors.add("TableProtected");
  return errors;
}

const MUTATING = [
  "dynamodb:deleteTable",
  "dynamodb:updateTable",
  "dynamodb:updateTimeToLive",
  "dynamodb:tagResource",
  "backup:startRestoreJob",
  "dynamodb:importTable",
];

/** A refresh ends with a report, or is refused for another of its environment, or was stopped. */
function checkEnding(s: Drawn, refresh: ExecutionRecord, i: number): void {
  const request = s.asked[i]!;
  const others = s.asked.filter((q) => q !== request && q.environment === request.environment);
  if (refresh.status === "ABORTED") {
    expect(request.stopAfterCalls, `${refresh.arn} stopped unasked`).to.not.equal(undefined);
    return;
  }
  if (refresh.status === "SUCCEEDED") return;
  const error = refresh.error?.Error;
  if (error === "RefreshInProgress" && others.length > 0) return;
  expect(error, `${refresh.arn}: ${refresh.error?.Cause}`).to.equal("TablesFailed");
}

function checkInvariants(r: Rehearsal, s: Drawn, refreshes: ExecutionRecord[]): void {
  const world = r.world;
  // 5. every execution ended, within its TimeoutSeconds.
  for (const e of world.executions.values()) {
    expect(e.status, e.arn).to.not.equal("RUNNING");
    if (e.machine === "datarefresh-restore")
      expect(e.stoppedAt! - e.startedAt, e.arn).to.be.at.most(RESTORE_TIMEOUT);
  }

  // 6. every call made was authorized by the synthesized policies.
  expect(
    world.calls
      .filter((c) => c.authorized !== true)
      .map((c) => `${c.call}: ${c.denied ?? c.error ?? "unchecked"}`),
  ).to.deep.equal([]);

  // 4. (the guard) no lock is left held by an execution that ended, unless it was stopped half-way.
  for (const item of world.accounts.dev.dynamodb.items.get("datarefresh-state")?.values() ?? []) {
    if (!(item.pk?.S ?? "").startsWith("lock#")) continue;
    const holder = world.executions.get(item.holder?.S ?? "");
    expect(holder?.status, `${item.pk?.S} held by ${item.holder?.S}`).to.equal("ABORTED");
  }

  const children = [...world.executions.values()].filter(
    (e) => e.machine === "datarefresh-restore-table",
  );
  for (const child of children) {
    const input = child.input as { targetTable: string; environment: string };
    const calls = world.calls.filter((c) => c.execution === child.arn);
    // 1. no dev table is deleted unless a copy was resolved first, in the same execution.
    const firstDelete = calls.findIndex((c) => c.call === "dynamodb:deleteTable");
    if (firstDelete >= 0) {
      const resolved = calls
        .slice(0, firstDelete)
        .some((c) => c.call === "dynamodb:query" && (c.found ?? 0) > 0);
      expect(resolved, `${child.arn} deleted ${input.targetTable} without a copy`).to.equal(true);
    }
    // 2. nothing outside <environment>-* is changed, and nothing in prod.
    for (const c of calls.filter((x) => MUTATING.includes(x.call))) {
      expect(c.side).to.equal("dev");
      const named =
        (c.params.TableName as string | undefined) ??
        (c.params.Metadata as { targetTableName?: string } | undefined)?.targetTableName ??
        (c.params.TableCreationParameters as { TableName?: string } | undefined)?.TableName;
      if (named !== undefined)
        expect(named.startsWith(`${input.environment}-`), `${c.call} on ${named}`).to.equal(true);
    }
  }
  expect(
    world.calls.filter((c) => c.side === "prod" && c.execution?.includes(":222222222222:")),
  ).to.deep.equal([]);

  // 3. every requested table is RESTORED with the catalog's settings, or FAILED with an error
  // the scenario explains; a refresh ends with its report, refused, or stopped as asked.
  refreshes.forEach((refresh, i) => {
    checkEnding(s, refresh, i);
    if (refresh.error?.Error !== "TablesFailed" && refresh.status !== "SUCCEEDED") return;
    const outcomes = outcomesOf(r, refresh);
    const report = reportOf(refresh);
    expect(report.requested, refresh.arn).to.equal(outcomes.length);
    expect(report.failed, refresh.arn).to.equal(
      outcomes.filter((o) => o.status === "FAILED").length,
    );
    const environment = s.asked[i]!.environment;
    for (const outcome of outcomes) {
      const spec = s.catalog.find((t) => t.name === outcome.table)!;
      if (outcome.status === "RESTORED") {
        expectCatalogSettings(world, outcome, spec);
        continue;
      }
      const explained = [...explainable(s, spec, environment)];
      expect(explained, `${outcome.targetTable}: ${outcome.error}: ${outcome.cause}`).to.include(
        outcome.error,
      );
    }
  });

  // 4. at most one refresh of an environment got past the lock among those that overlapped.
  for (const env of ENVIRONMENTS) {
    const active = refreshes.filter(
      (r) =>
        (r.input as { environment: string }).environment === env &&
        r.error?.Error !== "RefreshInProgress",
    );
    for (const a of active) {
      for (const b of active) {
        if (a === b) continue;
        const overlap = a.startedAt < b.stoppedAt! && b.startedAt < a.stoppedAt!;
        expect(overlap, `${a.arn} and ${b.arn} both refreshed ${env}`).to.equal(false);
      }
    }
  }
}

async function rehearse(s: Drawn): Promise<void> {
  const { prod, dev } = withCatalog(BASE, s.catalog);
  const r = new Rehearsal(prod, dev);
  r.world.errorNaming = s.naming;
  const daily = (f: Fault) => f.kind === "job" && DAILY_JOBS.includes(f.job);
  for (const fault of s.injected.filter(daily)) r.world.inject(fault);
  await r.backupAndCopy();
  r.later(3600);
  for (const fault of s.injected.filter((f) => !daily(f))) r.world.inject(fault);
  for (const request of s.asked) {
    if (request.seedProtected)
      r.world.seedDevTable(`${request.environment}-Table0`, { deletionProtection: true });
  }
  const refreshes = await Promise.all(
    s.asked.map((request, i) =>
      r.refresh(
        request.everything
          ? { environment: request.environment, requestedBy: `prop-${i}` }
          : { environment: request.environment, tables: ["Table0"], requestedBy: `prop-${i}` },
        {
          name: `request-${i}`,
          ...(request.stopAfterCalls === undefined
            ? {}
            : { stopAfterCalls: request.stopAfterCalls }),
        },
      ),
    ),
  );
  checkInvariants(r, s, refreshes);
}

describe("properties of the pipeline over random catalogs, faults and overlapping requests", function () {
  const { parameters, timeoutMs } = propertyRuns<[Drawn]>(6, 8);
  this.timeout(timeoutMs);

  it("never deletes without a copy, stays in its environment, restores the catalog's settings or fails with an error its faults explain, one refresh at a time", async () => {
    const drawn: fc.Arbitrary<Drawn> = sharedCatalogs(12, parameters, 3).chain((catalog) =>
      fc.record({
        catalog: fc.constant(catalog),
        injected: faults(catalog.length),
        asked: requests,
        naming: fc.constantFrom<ErrorNaming>("per-service", "per-operation"),
      }),
    );
    await fc.assert(fc.asyncProperty(drawn, rehearse), parameters);
  });
});
