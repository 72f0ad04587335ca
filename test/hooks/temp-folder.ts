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

export const mochaHooks = {
  beforeAll(): void {
    const runTemp = process.env[RUN_TEMP];
    if (runTemp === undefined) throw new Error(`${RUN_TEMP} is not set: run the tests with mocha`);
    const own = path.join(runTemp, String(process.pid));
    mkdirSync(own, { recursive: true });
    process.env.TMPDIR = own;
  },
  beforeEach: scratchHooks.beforeEach,
  afterEach: scratchHooks.afterEach,
  afterAll(this: Mocha.Context): void {
    scratchHooks.afterAll();
    const temp = os.tmpdir();
    const left = readdirSync(temp).filter((name) => !NOT_LEFT_BY_TESTS.test(name));
    for (const name of left) rmSync(path.join(temp, name), { recursive: true, force: true });
    if (left.length > 0) {
      const files = new Set(this.test?.parent?.suites.map((suite) => suite.file));
      throw new Error(
        `${[...files].join(", ")} left temporary folders or files behind: ${left.join(", ")}`,
      );
    }
  },
};
