import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Folders made during the current test, and those made outside any (in a describe or a before). */
const ofTest: string[] = [];
const ofFile: string[] = [];
let inTest = false;

/**
 * A new empty folder in the system's temporary directory, removed after the test that made it
 * (or, made outside a test, after the file's tests): see the hooks in test/hooks/root.ts.
 */
export function scratchDir(prefix = "datarefresh-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  (inTest ? ofTest : ofFile).push(dir);
  return dir;
}

function removeAll(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const scratchHooks = {
  beforeEach(): void {
    inTest = true;
  },
  afterEach(): void {
    inTest = false;
    removeAll(ofTest);
  },
  afterAll(): void {
    removeAll(ofFile);
  },
};
