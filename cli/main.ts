import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config/errors";
import { STACKS } from "../config/stack-config";
import { addCatalogCommand } from "./catalog";
import { addCostCommand } from "./cost";
import { addDevelopmentCommands, type PackageCheck } from "./development-commands";
import { addDoctorCommand, type DoctorDeps } from "./doctor";
import { CommandFailed, EXIT, UsageError } from "./exit";
import { processIo, type Io } from "./io";
import { addRefreshCommands, type RefreshDeps } from "./refresh";
import { synth } from "./synth";

export { EXIT };

/**
 * What tests replace: in the commands that call AWS, the clock, waiting, the working folder; and
 * whether a package is installed (the development dependencies of `rehearse` and `bench`).
 */
export type CommandDeps = RefreshDeps & DoctorDeps & { installed?: PackageCheck };

const PROJECT_DIR = path.resolve(__dirname, "..");

export type { Io } from "./io";

export function buildProgram(io: Io, deps: CommandDeps = {}): Command {
  const program = new Command("datarefresh")
    .description(
      "Keep development copies of production DynamoDB tables fresh, across AWS accounts.",
    )
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError("(run datarefresh --help for usage)");

  program
    .command("synth")
    .description(
      "write the state machines and policies a stack deploys, without AWS or the Pulumi CLI",
    )
    .addOption(
      new Option("--stack <stack>", "the stack to synthesize")
        .choices(STACKS)
        .makeOptionMandatory(),
    )
    .requiredOption("--out <dir>", "folder to write into (created if missing)")
    .option("--project <dir>", "the project folder holding Pulumi.<stack>.yaml", PROJECT_DIR)
    .action((options: { stack: string; out: string; project: string }) => {
      const files = synth(path.resolve(options.project), options.stack, path.resolve(options.out));
      io.out(`synth ${options.stack}: wrote ${files.size} files to ${options.out}\n`);
    });

  addCostCommand(program, io, PROJECT_DIR);
  addDevelopmentCommands(
    program,
    io,
    PROJECT_DIR,
    () => {
      throw new CommandFailed("the rehearsal did not succeed");
    },
    deps.installed,
  );
  addRefreshCommands(program, io, PROJECT_DIR, deps);
  addDoctorCommand(program, io, PROJECT_DIR, deps);
  addCatalogCommand(program, io, PROJECT_DIR);

  return program;
}

/** Runs the CLI and returns its exit code; never throws for user errors. */
export async function run(
  argv: string[],
  io: Io = processIo,
  deps: CommandDeps = {},
): Promise<number> {
  try {
    await buildProgram(io, deps).parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CommandFailed) return EXIT.failed;
    if (error instanceof UsageError) {
      io.err(`datarefresh: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return EXIT.usage;
    }
    io.err(`datarefresh: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
