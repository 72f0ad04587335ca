import { performance } from "node:perf_hooks";
import { renderDefinition } from "../asl";
import { loadConfig } from "../config/load";
import { toModel, type StackModel } from "../config/model";
import { renderPolicy } from "../policies/document";
import { TABLE_TIMES } from "../stack/job-rates";
import { Rehearsal } from "../rehearsal/pair";
import type { World } from "../rehearsal/world";
import { machineHistoryBounds } from "../stack/history-bounds";
import { planStack } from "../stack/plan";
import { synthFiles } from "../stack/synth-files";
import { benchCatalog } from "./catalog";
import { idealMakespan } from "./ideal";
import { withBenchProject } from "./project";
import type { BenchRow } from "./row";
import { refreshWithinTarget } from "./targets";

export type { BenchRow } from "./row";

/** Step Functions Standard: USD per state transition. */
const USD_PER_TRANSITION = 0.025 / 1000;

export interface BenchOptions {
  projectDir: string;
  seed: number;
  concurrency: number;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function timed<T>(work: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

/** The time a table's own jobs and table changes take in the simulation: the floor AWS sets. */
function ownSeconds(world: World, target: string): number {
  const restores = [...world.accounts.dev.backup.jobs.values()].filter(
    (j) => j.kind === "restore" && j.fields.target === target,
  );
  const imports = [...world.accounts.dev.imports.all.values()].filter((i) =>
    i.tableArn.endsWith(`:table/${target}`),
  );
  const changes = world.calls.filter(
    (c) => c.side === "dev" && c.params.TableName === target && c.error === undefined,
  );
  return (
    restores.reduce((sum, j) => sum + (j.end.at - j.createdAt), 0) +
    imports.reduce((sum, i) => sum + (i.end.at - i.startedAt), 0) +
    changes.filter((c) => c.call === "dynamodb:deleteTable").length * TABLE_TIMES.delete +
    changes.filter((c) => c.call === "dynamodb:updateTable").length * TABLE_TIMES.update
  );
}

/**
 * How late each restore's or import's end was seen: the first Describe at or after it, against
 * the job's length.
 */
function detection(world: World): BenchRow["polling"] {
  const restores = [...world.accounts.dev.backup.jobs.values()]
    .filter((job) => job.kind === "restore")
    .map((job) => ({ start: job.createdAt, end: job.end.at, key: ["RestoreJobId", job.id] }));
  const imports = [...world.accounts.dev.imports.all.values()].map((i) => ({
    start: i.startedAt,
    end: i.end.at,
    key: ["ImportArn", i.arn],
  }));
  const describes = world.calls.filter(
    (c) => c.call === "backup:describeRestoreJob" || c.call === "dynamodb:describeImport",
  );
  let worstDelay = 0;
  let worstShare = 0;
  for (const job of [...restores, ...imports]) {
    const [field, id] = job.key as [string, string];
    const seen = describes
      .filter((c) => c.params[field] === id && c.at >= job.end)
      .reduce((first, c) => Math.min(first, c.at), Infinity);
    if (seen === Infinity) continue;
    const delay = seen - job.end;
    worstDelay = Math.max(worstDelay, delay);
    worstShare = Math.max(worstShare, delay / Math.max(1, job.end - job.start));
  }
  return { worstDetectionDelaySeconds: worstDelay, worstDelayShareOfJob: round(worstShare) };
}

function staticFigures(models: StackModel[]) {
  const plans = models.map(planStack);
  const machines = plans.flatMap((p) => p.machines);
  const policies = plans.flatMap((p) => p.policies).filter((p) => p.kind === "identity");
  const attempts = models[1]!.settings.restoreAttempts;
  let bound = { events: 0, machine: "" };
  for (const machine of machines) {
    for (const { execution, events } of machineHistoryBounds(machine, attempts)) {
      if (events > bound.events) bound = { events, machine: execution };
    }
  }
  return {
    definitionBytes: Object.fromEntries(
      machines.map((m) => [m.name, Buffer.byteLength(renderDefinition(m.definition))]),
    ),
    longestPolicyChars: Math.max(...policies.map((p) => renderPolicy(p.document).length)),
    bound,
  };
}

/** Synthesizes and rehearses one catalog size: a daily backup, then a refresh of every table. */
export async function benchOneSize(count: number, options: BenchOptions): Promise<BenchRow> {
  const tables = benchCatalog(count, options.seed);
  const settings = {
    maxConcurrency: options.concurrency,
    // The daily run of a large catalog takes longer than the default 48 h allows; the bench times the refresh.
    maxCopyAgeHours: 24 * 365,
  };
  const { synthTime, prod, dev } = withBenchProject(
    options.projectDir,
    tables,
    settings,
    (project) => ({
      // What `synth` does but the writing: load, plan, render, validate both stacks.
      synthTime: timed(() => {
        for (const stack of ["prod", "dev"])
          synthFiles(planStack(toModel(loadConfig(project, stack))));
      }),
      prod: toModel(loadConfig(project, "prod")),
      dev: toModel(loadConfig(project, "dev")),
    }),
  );
  const figures = staticFigures([prod, dev]);
  const environment = dev.settings.environments[0]!;

  const start = performance.now();
  const r = new Rehearsal(prod, dev);
  const backup = await r.backupAndCopy();
  r.later(3600);
  const refresh = await r.refresh({ environment, requestedBy: "bench" });
  const rehearsalSeconds = (performance.now() - start) / 1000;

  const children = [...r.world.executions.values()].filter(
    (e) => e.machine === "datarefresh-restore-table",
  );
  const own = tables.map((t) => ownSeconds(r.world, `${environment}-${t.name}`));
  const ideal = Math.round(idealMakespan(own, options.concurrency));
  const simulated = (refresh.stoppedAt ?? refresh.startedAt) - refresh.startedAt;
  const poll = dev.settings.pollIntervalSeconds;
  const transitions =
    refresh.history.transitions + children.reduce((sum, c) => sum + c.history.transitions, 0);
  const report = refresh.output as { restored?: number } | undefined;
  return {
    tables: count,
    concurrency: options.concurrency,
    pollIntervalSeconds: poll,
    refresh: {
      status: refresh.status,
      restored: report?.restored ?? 0,
      simulatedSeconds: simulated,
      idealSeconds: ideal,
      slowestTableSeconds: Math.max(...own),
      ratio: round(simulated / Math.max(1, ideal)),
      overheadSeconds: simulated - ideal,
      withinTarget: refreshWithinTarget(simulated, ideal, poll),
    },
    dailyBackupSimulatedSeconds: (backup.stoppedAt ?? backup.startedAt) - backup.startedAt,
    history: {
      mostEventsObserved: Math.max(
        ...[...r.world.executions.values()].map((e) =>
          Math.max(e.history.events, e.history.mapRunChildEvents ?? 0),
        ),
      ),
      mostEventsBound: figures.bound.events,
      machine: figures.bound.machine,
    },
    largestStateBytes: Math.max(
      ...[...r.world.executions.values()].map((e) => e.history.largestStateBytes ?? 0),
    ),
    transitions: {
      perTable: round(transitions / count, 1),
      usdPerTable: round((transitions / count) * USD_PER_TRANSITION, 6),
      usdPerRefresh: round(transitions * USD_PER_TRANSITION, 4),
    },
    definitionBytes: figures.definitionBytes,
    longestPolicyChars: figures.longestPolicyChars,
    polling: detection(r.world),
    wallSeconds: { synth: round(synthTime.seconds, 2), rehearsal: round(rehearsalSeconds, 2) },
  };
}
