import { expect } from "chai";
import { run } from "../../cli/main";
import { captureIo } from "../helpers/io";
import { scratchProject } from "../helpers/project";

describe("datarefresh rehearse", () => {
  it("runs the daily backup and a refresh on simulated accounts, and says how each table went", async () => {
    const io = captureIo();
    const code = await run(
      ["rehearse", "--environment", "dev-2", "--project", scratchProject()],
      io,
    );
    expect(code, io.stderr).to.equal(0);
    expect(io.stdout).to.match(
      /daily backup and copy \(prod\):\n {2}SUCCEEDED after \d+ simulated minutes/,
    );
    for (const table of ["Following", "Users", "Sessions"]) {
      expect(io.stdout).to.match(new RegExp(`^ {4}${table} +COPIED$`, "m"));
      expect(io.stdout).to.match(new RegExp(`^ {4}dev-2-${table} +RESTORED$`, "m"));
    }
  });

  it("exits 1 and shows the machine's own refusal for an environment that is not configured", async () => {
    const io = captureIo();
    const code = await run(["rehearse", "--environment", "qa", "--project", scratchProject()], io);
    expect(code).to.equal(1);
    expect(io.stdout).to.match(
      /FAILED after 0 simulated minutes: InvalidInput: environment "qa" is not configured/,
    );
  });
});
