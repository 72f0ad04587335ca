import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { scratchDir } from "../helpers/scratch";

const RUNNER = path.join(__dirname, "fixtures", "run-with-root-hooks.ts");

/** Runs the fixture with `tmp` as the system's temporary directory and `runTemp` as the run's. */
function run(tmp: string, mode: "leave" | "clean", runTemp?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.DATAREFRESH_TEST_TEMP;
  if (runTemp !== undefined) env.DATAREFRESH_TEST_TEMP = runTemp;
  return spawnSync(process.execPath, ["--import", "tsx", RUNNER, mode], { env, encoding: "utf8" });
}

describe("the temporary-folder hooks", function () {
  this.timeout(60_000);

  it("without mocha's global setup, give the run a folder of their own and remove only it", () => {
    const tmp = scratchDir();
    writeFileSync(path.join(tmp, "someone-else.txt"), "keep");
    const result = run(tmp, "clean");
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    expect(readdirSync(tmp).filter((name) => !name.startsWith("tsx-"))).to.deep.equal([
      "someone-else.txt",
    ]);
  });

  it("fail the file that leaves something behind, and remove it, nothing else", () => {
    const tmp = scratchDir();
    writeFileSync(path.join(tmp, "someone-else.txt"), "keep");
    const result = run(tmp, "leave");
    expect(result.status).to.equal(1);
    expect(result.stdout + result.stderr).to.match(
      /left temporary folders or files behind: left\.txt/,
    );
    expect(readdirSync(tmp).filter((name) => !name.startsWith("tsx-"))).to.deep.equal([
      "someone-else.txt",
    ]);
  });

  it("leave the system's temporary directory alone when they cannot make their folder", () => {
    const tmp = scratchDir();
    writeFileSync(path.join(tmp, "someone-else.txt"), "keep");
    const result = run(tmp, "clean", path.join(tmp, "someone-else.txt", "not-a-folder"));
    expect(result.status).to.not.equal(0);
    expect(existsSync(path.join(tmp, "someone-else.txt"))).to.equal(true);
  });
});
