import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseStatesArn } from "../chat/arns";
import { arns, type StackModel } from "../config/model";
import { isRegion } from "../config/stack-config";
import { UsageError } from "./exit";

/** The file `pulumi stack output --stack dev --json > .datarefresh.json` writes. */
export const TARGET_FILE = ".datarefresh.json";

export interface TargetOptions {
  stateMachineArn?: string;
  /** The target file; default `.datarefresh.json` in the current folder, if there is one. */
  config?: string;
  region?: string;
  profile?: string;
}

/** Where the CLI sends its calls. */
export interface Target {
  stateMachineArn: string;
  region: string;
  profile?: string;
}

// Other keys of the stack's outputs are welcome: the file may be the whole output.
const targetFile = z.looseObject({
  restoreStateMachineArn: z.string().optional(),
  region: z.string().optional(),
  profile: z.string().optional(),
});

function readTargetFile(file: string, given: boolean): z.infer<typeof targetFile> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !given) return {};
    throw new UsageError(`${file}: cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = targetFile.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(top)").join(", ");
    throw new UsageError(
      `${file}: expected {"restoreStateMachineArn": "arn:...", "region"?: "...", "profile"?: "..."}; wrong: ${where}`,
    );
  }
  return parsed.data;
}

/**
 * The restore machine, Region and profile: from the flags, else from the target file. The Region
 * defaults to the machine's own; a `--region` that contradicts it is refused, for the call would
 * only fail.
 */
export function resolveTarget(options: TargetOptions, cwd: string, dev: StackModel): Target {
  const file = path.resolve(cwd, options.config ?? TARGET_FILE);
  const fromFile = readTargetFile(file, options.config !== undefined);
  const source = options.stateMachineArn === undefined ? file : "--state-machine-arn";
  const arn = options.stateMachineArn ?? fromFile.restoreStateMachineArn;
  if (arn === undefined) {
    throw new UsageError(
      [
        "which restore state machine? Give --state-machine-arn, for this config:",
        `  --state-machine-arn ${arns(dev).restoreMachine}`,
        `or write ${TARGET_FILE} from the dev stack's outputs:`,
        `  pulumi stack output --stack dev --json > ${TARGET_FILE}`,
      ].join("\n"),
    );
  }
  const parts = parseStatesArn(arn);
  if (parts === undefined || parts.execution !== undefined) {
    throw new UsageError(
      `${source}: ${JSON.stringify(arn)} is not a state machine ARN such as ${arns(dev).restoreMachine}`,
    );
  }
  const region = options.region ?? fromFile.region ?? parts.region;
  if (!isRegion(region)) throw new UsageError(`${JSON.stringify(region)} is not an AWS Region`);
  if (region !== parts.region) {
    throw new UsageError(
      `the state machine is in ${parts.region}, but the Region given is ${region}: leave --region out or give ${parts.region}`,
    );
  }
  const profile = options.profile ?? fromFile.profile;
  return { stateMachineArn: arn, region, ...(profile === undefined ? {} : { profile }) };
}
