// npm run mutate: Stryker (stryker.config.json) with the temporary directory of a run of its own.
// Stryker kills a test process that runs past its timeout, and a killed process cleans up nothing:
// what it leaves goes into this directory, removed when Stryker ends, however it ends. A signal
// that stops this script (Ctrl-C, kill) is passed on to Stryker, so that no run goes on orphaned.
const { spawn } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const temp = mkdtempSync(path.join(os.tmpdir(), "datarefresh-mutate-"));
const core = path.dirname(require.resolve("@stryker-mutator/core/package.json"));
const stryker = path.join(core, require(`${core}/package.json`).bin.stryker);
const run = spawn(process.execPath, [stryker, "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TMPDIR: temp, DATAREFRESH_TEST_TEMP: temp },
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => run.kill(signal));
run.on("exit", (code) => {
  rmSync(temp, { recursive: true, force: true });
  process.exitCode = code ?? 1;
});
