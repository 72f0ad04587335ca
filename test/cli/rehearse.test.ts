import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { run } from "../../cli/main";
import type { RehearsalSummary } from "../../cli/rehearse";
import { captureIo } from "../helpers/io";
import { scratchProject } from "../helpers/project";

async function rehearse(...args: string[]) {
  const io = captureIo();
  const code = await run(["rehearse", "--project", scratchProject(), ...args], io);
  return { code, ...io, stdout: io.stdout, stderr: io.stderr };
}

describe("datarefresh rehearse (npm start)", function () {
  this.timeout(120_000);

  it("runs the daily backup and a refresh, shows each table as it ends, and a summary", async () => {
    const result = await rehearse("--env", "dev-2");
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(
      /daily backup and copy of 3 tables \(prod\)\.\.\.\n {2}SUCCEEDED after \d+m \(simulated\)/,
    );
    for (const table of ["Following", "Users", "Sessions"]) {
      expect(result.stdout).to.match(new RegExp(`^ {2}dev-2-${table} +RESTORED after `, "m"));
      expect(result.stdout).to.match(
        new RegExp(`^dev-2-${table} +RESTORED +.+? +\\d+ +arn:aws:backup:`, "m"),
      );
    }
    expect(result.stdout).to.match(/refresh of dev-2: SUCCEEDED in .* of simulated time/);
  });

  it("prints the summary as JSON with --json, for the tables asked", async () => {
    const result = await rehearse("--env", "dev-1", "--tables", "Users,Sessions", "--json");
    expect(result.code).to.equal(0);
    const summary = JSON.parse(result.stdout) as RehearsalSummary;
    expect(summary.environment).to.equal("dev-1");
    expect(summary.tables.map((t) => [t.table, t.status]).sort()).to.deep.equal([
      ["Sessions", "RESTORED"],
      ["Users", "RESTORED"],
    ]);
    expect(summary.tables.find((t) => t.table === "Users")!.sizeGb).to.equal(40);
    expect(summary.refresh.simulatedSeconds).to.be.greaterThan(3600);
  });

  it("reads another catalog with --catalog", async () => {
    const project = scratchProject();
    const file = path.join(project, "other.yaml");
    writeFileSync(file, "tables:\n  - name: Orders\n    sizeGb: 2\n");
    const io = captureIo();
    const code = await run(["rehearse", "--project", project, "--catalog", file, "--json"], io);
    expect(code).to.equal(0);
    expect(
      (JSON.parse(io.stdout) as RehearsalSummary).tables.map((t) => t.targetTable),
    ).to.deep.equal(["dev-1-Orders"]);
  });

  it("exits 1 when a table fails (every job fails with --faults 1), and the same seed gives the same run", async () => {
    const a = await rehearse("--tables", "Sessions", "--faults", "1", "--seed", "5", "--json");
    const b = await rehearse("--tables", "Sessions", "--faults", "1", "--seed", "5", "--json");
    expect(a.code).to.equal(1);
    expect(a.stdout).to.equal(b.stdout);
  });

  for (const [args, message] of [
    [["--env", "qa"], /--env: "qa" is not configured; expected one of: dev-1/],
    [["--tables", "Users,Orders"], /--tables: "Orders" is not in the catalog/],
    [["--faults", "2"], /argument '2' is invalid\. expected a probability from 0 to 1/],
    [["--seed", "x"], /argument 'x' is invalid\. expected a whole number/],
    [["--catalog", "/nonexistent.yaml"], /nonexistent\.yaml: file not found/],
  ] as const) {
    it(`exits 2 for ${args.join(" ")}`, async () => {
      const result = await rehearse(...args);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(message);
    });
  }
});
