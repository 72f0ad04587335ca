import { randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { UsageError } from "./exit";

/**
 * A folder whose files are all written by one command, which lists them in a manifest: written
 * anew each time, so that it never holds a file of an earlier run that this one would not write.
 */
export interface OwnedFolder {
  /** The option that names the folder, for messages. */
  option: string;
  /** The files an earlier run wrote, as its manifest (`manifest.json`) lists them; undefined if it is not one. */
  filesOfManifest: (manifest: unknown) => string[] | undefined;
}

const MANIFEST = "manifest.json";

function readManifest(folder: string): unknown {
  try {
    return JSON.parse(readFileSync(path.join(folder, MANIFEST), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before any work, a folder that could not be replaced without loss: a path that is a
 * file, or a non-empty folder that an earlier run did not write (or that holds more than it wrote).
 */
export function checkOwnedFolder(folder: string, owner: OwnedFolder): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new UsageError(`${owner.option} ${folder}: cannot be read (${(error as Error).message})`);
  }
  if (!isDirectory) {
    throw new UsageError(
      `${owner.option} ${folder}: is a file; expected a folder (created if missing)`,
    );
  }
  const entries = readdirSync(folder);
  if (entries.length === 0) return;
  const listed = owner.filesOfManifest(readManifest(folder));
  if (listed === undefined) {
    throw new UsageError(
      `${owner.option} ${folder}: holds files and no ${MANIFEST} of an earlier synth; give a new or empty folder, or one synth wrote`,
    );
  }
  const known = new Set([MANIFEST, ...listed]);
  const foreign = entries.filter((entry) => !known.has(entry));
  if (foreign.length > 0) {
    throw new UsageError(
      `${owner.option} ${folder}: holds files an earlier synth did not write (${foreign.join(", ")}); move them out, or give another folder`,
    );
  }
}

/** A new folder with the usual permissions (mkdtemp's are the owner's only), hidden beside `base`. */
function newFolderBeside(parent: string, base: string, role: "new" | "old"): string {
  const folder = path.join(parent, `.${base}.${role}-${randomUUID()}`);
  mkdirSync(folder);
  return folder;
}

/**
 * Makes `folder` hold exactly `files`: written into a new folder beside it, then swapped in for
 * the old one, which is removed last. If the swap fails, the old folder is put back.
 */
export function replaceFolder(folder: string, files: ReadonlyMap<string, string>): void {
  const parent = path.dirname(folder);
  mkdirSync(parent, { recursive: true });
  const base = path.basename(folder);
  const fresh = newFolderBeside(parent, base, "new");
  try {
    for (const [name, text] of files) writeFileSync(path.join(fresh, name), text);
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  // The old folder goes into a holder of its own beside it, to be put back if the swap fails.
  const holder = existsSync(folder) ? newFolderBeside(parent, base, "old") : undefined;
  const old = holder === undefined ? undefined : path.join(holder, base);
  const cleanUp = () => {
    rmSync(fresh, { recursive: true, force: true });
    if (holder !== undefined) rmSync(holder, { recursive: true, force: true });
  };
  try {
    if (old !== undefined) renameSync(folder, old);
  } catch (error) {
    cleanUp();
    throw error;
  }
  try {
    renameSync(fresh, folder);
  } catch (error) {
    if (old !== undefined) renameSync(old, folder);
    cleanUp();
    throw error;
  }
  cleanUp();
}
