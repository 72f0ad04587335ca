import { loadConfig } from "../config/load";
import { toModel } from "../config/model";
import { planStack } from "../stack/plan";
import { manifestFiles, synthFiles } from "../stack/synth-files";
import { checkOwnedFolder, replaceFolder, type OwnedFolder } from "./output-folder";

/** The folder `synth --out` writes: exactly the files of one synth. */
const SYNTH_FOLDER: OwnedFolder = { option: "--out", filesOfManifest: manifestFiles };

/**
 * Writes what a stack deploys into `outDir`, without AWS or the Pulumi CLI, so that the folder
 * holds exactly those files. A folder that is a file, or holds files an earlier synth did not
 * write, is refused before anything else; configuration and definitions are checked next: on any
 * error nothing is written, and the folder is as it was.
 */
export function synth(projectDir: string, stack: string, outDir: string): Map<string, string> {
  checkOwnedFolder(outDir, SYNTH_FOLDER);
  const plan = planStack(toModel(loadConfig(projectDir, stack)));
  const files = synthFiles(plan);
  replaceFolder(outDir, files);
  return files;
}
