import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { scratchHooks } from "../helpers/scratch";

/**
 * The run's own temporary directory. Each test process points TMPDIR into a folder of its own
 * there (mocha's workers run files one at a time), so whatever a file's tests, or the code and
 * processes they run, leave behind is found after the file, and fails it; the whole directory
 * is removed when the run ends, and the system's temporary directory is left as it was.
 */
const RUN_TEMP = "DATAREFRESH_TEST_TEMP";

/** tsx's compile cache: tsx makes it in the temporary directory of a process it starts in. */
const NOT_LEFT_BY_TESTS = /^tsx-/;

export function mochaGlobalSetup(): void {
  process.env[RUN_TEMP] = mkdtempSync(path.join(os.tmpdir(), "datarefresh-test-run-"));
}

export function mochaGlobalTeardown(): void {
  const runTemp = process.env[RUN_TEMP];
  if (runTemp !== undefined) rmSync(runTemp, { recursive: true, force: true });
}

/** This process's folder in the run's directory, once `beforeAll` has made it. */
let own:
  { folder: string; runTemp: string; madeHere: boolean; tmpdir: string | undefined } | undefined;

export const mochaHooks = {
  beforeAll(): void {
    // A runner that skips mocha's global setup (Stryker's) gets a run directory of its own.
    const given = process.env[RUN_TEMP];
    const runTemp = given ?? mkdtempSync(path.join(os.tmpdir(), "datarefresh-test-run-"));
    const folder = path.join(runTemp, String(process.pid));
    mkdirSync(folder, { recursive: true });
    own = { folder, runTemp, madeHere: given === undefined, tmpdir: process.env.TMPDIR };
    process.env.TMPDIR = folder;
  },
  beforeEach: scratchHooks.beforeEach,
  afterEach: scratchHooks.afterEach,
  afterAll(this: Mocha.Context): void {
    scratchHooks.afterAll();
    // Only ever the folder made above: never the temporary directory it was made in.
    if (own === undefined) return;
    const { folder, runTemp, madeHere, tmpdir } = own;
    own = undefined;
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    const left = readdirSync(folder).filter((name) => !NOT_LEFT_BY_TESTS.test(name));
    for (const name of left) rmSync(path.join(folder, name), { recursive: true, force: true });
    if (madeHere) rmSync(runTemp, { recursive: true, force: true });
    if (left.length > 0) {
      const files = new Set(this.test?.parent?.suites.map((suite) => suite.file));
      throw new Error(
        `${[...files].join(", ")} left temporary folders or files behind: ${left.join(", ")}`,
      );
    }
  },
};
