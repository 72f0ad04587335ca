import type { Command } from "commander";
import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import { Rehearsal } from "../rehearsal/pair";
import type { ExecutionRecord } from "../rehearsal/world";
import type { Io } from "./io";

const minutes = (run: ExecutionRecord) =>
  Math.round(((run.stoppedAt ?? run.startedAt) - run.startedAt) / 60);

function describeRun(run: ExecutionRecord): string {
  const output = (run.output ?? {}) as {
    tables?: { table: string; status: string; error?: string }[];
  };
  const tables =
    output.tables ?? (run.error?.Error === "TablesFailed" ? JSON.parse(run.error.Cause) : []);
  const lines = (
    tables as { table: string; status: string; error?: string; targetTable?: string }[]
  ).map(
    (t) =>
      `    ${(t.targetTable ?? t.table).padEnd(24)} ${t.status}${t.error === undefined ? "" : ` (${t.error})`}`,
  );
  const error =
    run.error === undefined || run.error.Error === "TablesFailed"
      ? ""
      : `: ${run.error.Error}: ${run.error.Cause}`;
  return [`  ${run.status} after ${minutes(run)} simulated minutes${error}`, ...lines].join("\n");
}

/**
 * The pipeline on simulated accounts: the daily backup in prod, then a refresh of one dev
 * environment, run by the deployed definitions in aws-local-stepfunctions.
 */
export async function rehearse(
  projectDir: string,
  environment: string | undefined,
  io: Io,
): Promise<boolean> {
  const prod = toModel(loadConfig(projectDir, "prod"));
  const dev = toModel(loadConfig(projectDir, "dev"));
  const env = environment ?? dev.settings.environments[0]!;
  const r = new Rehearsal(prod, dev);
  io.out(
    `rehearsal: ${prod.tables.length} tables, accounts ${prod.accounts.prod} (prod) and ${prod.accounts.dev} (dev)\n`,
  );
  io.out("daily backup and copy (prod):\n");
  const backup = await r.backupAndCopy();
  io.out(`${describeRun(backup)}\n`);
  r.later(3600);
  for (const table of dev.tables)
    r.world.seedDevTable(`${env}-${table.name}`, { deletionProtection: false });
  io.out(`refresh of ${env} (dev), requested by rehearsal:\n`);
  const refresh = await r.refresh({ environment: env, requestedBy: "rehearsal" });
  io.out(`${describeRun(refresh)}\n`);
  return backup.status === "SUCCEEDED" && refresh.status === "SUCCEEDED";
}

export function addRehearseCommand(
  program: Command,
  io: Io,
  projectDir: string,
  fail: () => void,
): void {
  program
    .command("rehearse")
    .description(
      "run the daily backup and a refresh on simulated AWS accounts, no credentials needed",
    )
    .option(
      "--environment <name>",
      "the dev environment to refresh (default: the first configured)",
    )
    .option("--project <dir>", "the project folder holding Pulumi.<stack>.yaml", projectDir)
    .action(async (options: { environment?: string; project: string }) => {
      if (!(await rehearse(options.project, options.environment, io))) fail();
    });
}
