import { expect } from "chai";
import { run } from "../../cli/main";
import { captureIo } from "../helpers/io";

/** An install made with `npm ci --omit=dev`: the rehearsal's packages are not there. */
const withoutDevelopmentPackages = { installed: () => false };

describe("the CLI without the development dependencies (npm ci --omit=dev)", () => {
  for (const argv of [
    ["rehearse"],
    ["rehearse", "--env", "dev-3", "--faults", "0.1"],
    ["bench", "--sizes", "1"],
  ]) {
    it(`${argv.join(" ")}: says in one line what it needs, exit code 1`, async () => {
      const io = captureIo();
      expect(await run(argv, io, withoutDevelopmentPackages)).to.equal(1);
      expect(io.stderr).to.equal(
        `datarefresh: ${argv[0]} needs the development dependencies (aws-local-stepfunctions, jsonata, @cloud-copilot/iam-simulate not installed): run npm ci without --omit=dev\n`,
      );
      expect(io.stdout).to.equal("");
    });
  }

  it("--help lists every command, the rehearsal's marked", async () => {
    const io = captureIo();
    expect(await run(["--help"], io, withoutDevelopmentPackages)).to.equal(0);
    for (const command of ["synth", "cost", "refresh", "status", "list", "doctor"])
      expect(io.stdout).to.match(new RegExp(`\\n  ${command} `));
    expect(io.stdout).to.match(/\n {2}rehearse .*\(needs the development dependencies\)/);
    expect(io.stdout).to.match(/\n {2}bench .*\(needs the development dependencies\)/);
  });

  it("with them installed, rehearse and bench are the real commands", async () => {
    const io = captureIo();
    expect(await run(["rehearse", "--help"], io)).to.equal(0);
    expect(io.stdout).to.include("--faults <probability>");
  });
});
