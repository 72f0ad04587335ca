import type { Command } from "commander";
import type * as BenchCommand from "./bench";
import type { Io } from "./io";
import type * as RehearseCommand from "./rehearse";

/**
 * Packages the rehearsal runs on, which a deploy pipeline's `npm ci --omit=dev` does not install:
 * the ASL interpreter, the JSONata evaluator its JSONata states run on, and the IAM policy
 * evaluator (AGPL, kept out of what is deployed).
 */
export const DEVELOPMENT_PACKAGES = [
  "aws-local-stepfunctions",
  "jsonata",
  "@cloud-copilot/iam-simulate",
];

/** A command that cannot run in this install; it says so in one line. */
export class DevelopmentDependenciesMissing extends Error {
  override readonly name = "DevelopmentDependenciesMissing";
}

/** Is a package installed where this CLI can load it? */
export type PackageCheck = (name: string) => boolean;

export const isInstalled: PackageCheck = (name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

const COMMANDS = [
  ["rehearse", "run the daily backup and a refresh on simulated AWS accounts"],
  ["bench", "time synth and a rehearsed refresh for catalogs of 1 to 1,000 tables"],
] as const;

/**
 * `rehearse` and `bench`, where the development dependencies are installed. Their modules import
 * those packages, so they are loaded only then; otherwise each command is listed, and refuses in
 * one line saying what to install.
 */
export function addDevelopmentCommands(
  program: Command,
  io: Io,
  projectDir: string,
  fail: () => void,
  installed: PackageCheck = isInstalled,
): void {
  const missing = DEVELOPMENT_PACKAGES.filter((name) => !installed(name));
  if (missing.length === 0) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded only once their packages are known to be there */
    const { addRehearseCommand } = require("./rehearse") as typeof RehearseCommand;
    const { addBenchCommand } = require("./bench") as typeof BenchCommand;
    /* eslint-enable @typescript-eslint/no-require-imports */
    addBenchCommand(program, io, projectDir);
    addRehearseCommand(program, io, projectDir, fail);
    return;
  }
  for (const [name, description] of COMMANDS) {
    program
      .command(name)
      .description(`${description} (needs the development dependencies)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .helpOption(false)
      .action(() => {
        throw new DevelopmentDependenciesMissing(
          `${name} needs the development dependencies (${missing.join(", ")} not installed): run npm ci without --omit=dev`,
        );
      });
  }
}
