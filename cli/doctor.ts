import path from "node:path";
import { BackupClient } from "@aws-sdk/client-backup";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SFNClient } from "@aws-sdk/client-sfn";
import { STSClient } from "@aws-sdk/client-sts";
import { type Command, Option } from "commander";
import { loadBothStacks } from "../config/agreement";
import { isRegion, STACKS, type StackName } from "../config/stack-config";
import type { CheckResult, DoctorClients } from "../doctor/check";
import { runDoctor } from "../doctor/run-doctor";
import { CommandFailed, UsageError } from "./exit";
import type { Io } from "./io";

export interface DoctorDeps {
  now?: () => Date;
}

interface DoctorOptions {
  stack: StackName;
  profile?: string;
  region?: string;
  json?: boolean;
  project: string;
}

const MARK: Record<CheckResult["status"], string> = {
  ok: "ok",
  missing: "MISSING",
  unknown: "?",
  note: "note",
};
const FIX_LABEL: Record<CheckResult["status"], string> = {
  ok: "",
  missing: "to do",
  unknown: "to check",
  note: "to consider",
};

export function formatDoctor(header: string, results: readonly CheckResult[]): string {
  const width = Math.max(...Object.values(MARK).map((m) => m.length));
  const lines = [header];
  for (const r of results) {
    lines.push(`  ${MARK[r.status].padEnd(width)}  ${r.check}: ${r.detail}`);
    if (r.fix !== undefined) lines.push(`  ${" ".repeat(width)}  ${FIX_LABEL[r.status]}: ${r.fix}`);
  }
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  const notes = count("note") === 0 ? "" : `, ${count("note")} to consider`;
  lines.push(
    `${count("ok")} ok, ${count("missing")} missing, ${count("unknown")} could not be checked (not counted as missing)${notes}`,
  );
  return `${lines.join("\n")}\n`;
}

/** The read-only clients doctor calls, through the SDK's standard credential chain. */
export function clientsFor(region: string, profile: string | undefined): DoctorClients {
  const config = { region, ...(profile === undefined ? {} : { profile }) };
  return {
    sts: new STSClient(config),
    organizations: new OrganizationsClient(config),
    backup: new BackupClient(config),
    kms: new KMSClient(config),
    dynamodb: new DynamoDBClient(config),
    sfn: new SFNClient(config),
  };
}

export function addDoctorCommand(
  program: Command,
  io: Io,
  projectDir: string,
  deps: DoctorDeps = {},
): void {
  program
    .command("doctor")
    .description(
      "check, with read-only AWS calls, what the pipeline needs in a stack's account outside its stacks",
    )
    .addOption(
      new Option("--stack <stack>", "the stack whose account to check")
        .choices(STACKS)
        .makeOptionMandatory(),
    )
    .option("--profile <name>", "the AWS profile of that account (default: the SDK's usual chain)")
    .option("--region <region>", "the Region (default: the stack's)")
    .option("--json", "print the checks as JSON")
    .option("--project <dir>", "the project folder holding Pulumi.<stack>.yaml", projectDir)
    .action(async (options: DoctorOptions) => {
      // Both files: the checks name the other account too, and the files must agree on it.
      const model = loadBothStacks(path.resolve(options.project))[options.stack];
      const region = options.region ?? model.region;
      if (!isRegion(region))
        throw new UsageError(`--region: ${JSON.stringify(region)} is not an AWS Region`);
      const results = await runDoctor({
        model: { ...model, region },
        clients: clientsFor(region, options.profile),
        now: (deps.now ?? (() => new Date()))(),
      });
      if (options.json === true) io.out(`${JSON.stringify(results, null, 2)}\n`);
      else {
        const account = model.stack === "prod" ? model.accounts.prod : model.accounts.dev;
        io.out(formatDoctor(`doctor ${model.stack} (account ${account}, ${region}):`, results));
      }
      if (results.some((r) => r.status === "missing"))
        throw new CommandFailed("something the pipeline needs is missing");
    });
}
