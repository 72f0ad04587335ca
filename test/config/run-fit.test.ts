import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { benchCatalog } from "../../bench/catalog";
import { loadConfig } from "../../config/load";
import { DEFAULT_CONCURRENCY } from "../../config/run-fit";
import { jobSeconds } from "../../stack/job-rates";
import {
  dailySeconds,
  leastConcurrency,
  makespanSeconds,
  refreshSeconds,
} from "../../stack/run-durations";
import { configProblems, editYaml, scratchProject } from "../helpers/project";

function projectWith(tables: unknown[], settings: Record<string, Record<string, unknown>> = {}) {
  const project = scratchProject();
  writeFileSync(path.join(project, "catalog.yaml"), stringify({ tables }));
  for (const [stack, values] of Object.entries(settings))
    for (const [key, value] of Object.entries(values))
      editYaml(path.join(project, `Pulumi.${stack}.yaml`), ["config", `datarefresh:${key}`], value);
  return project;
}

describe("how long runs take, from the catalog's sizes and the job-rate model", () => {
  it("takes the largest first, each place taking the next table as it frees", () => {
    expect(makespanSeconds([2, 3, 2, 3, 2], 2)).to.equal(7);
    expect(makespanSeconds([5], 3)).to.equal(5);
    expect(makespanSeconds([], 4)).to.equal(0);
    expect(makespanSeconds([1, 1, 1, 1], 1)).to.equal(4);
  });

  it("plans a table's daily part as its backup and copy, or its export, seen a tenth late", () => {
    const backup = jobSeconds("backup", 10) + jobSeconds("copy", 10);
    expect(dailySeconds({ sizeGb: 10, method: "backup" })).to.equal(Math.round(backup * 1.1));
    expect(dailySeconds({ sizeGb: 10, method: "s3-export" })).to.equal(
      Math.round(jobSeconds("export", 10) * 1.1),
    );
    expect(refreshSeconds({ sizeGb: 10, method: "backup" })).to.be.above(
      jobSeconds("restore", 10) * 1.1,
    );
  });

  it("finds the least concurrency that fits, or none", () => {
    expect(leastConcurrency([3600, 3600, 3600], 1, 10)).to.equal(3);
    expect(leastConcurrency([3600, 3600, 3600], 3, 10)).to.equal(1);
    expect(leastConcurrency([7200], 1, 10)).to.equal(undefined);
  });
});

describe("maxConcurrency at config load", () => {
  it(`is ${DEFAULT_CONCURRENCY} for the example stacks, where nothing needs more`, () => {
    const project = scratchProject();
    for (const stack of ["prod", "dev"])
      expect(loadConfig(project, stack).settings.maxConcurrency).to.equal(DEFAULT_CONCURRENCY);
  });

  it("is raised, where not set, until a 1,000-table catalog's runs fit their windows", () => {
    const tables = benchCatalog(1000, 1);
    const project = projectWith(tables);
    const prod = loadConfig(project, "prod").settings.maxConcurrency;
    const dev = loadConfig(project, "dev").settings.maxConcurrency;
    const daily = tables.map(dailySeconds);
    const refresh = tables.map(refreshSeconds);
    expect(makespanSeconds(daily, prod)).to.be.at.most(24 * 3600);
    expect(makespanSeconds(refresh, dev)).to.be.at.most(48 * 3600);
    expect(dev).to.be.above(DEFAULT_CONCURRENCY);
    expect(makespanSeconds(refresh, dev - 1)).to.be.above(48 * 3600);
  });

  it("refuses a set value too low for the catalog, naming the value that fits", () => {
    const problems = configProblems(
      projectWith(benchCatalog(1000, 1), { dev: { maxConcurrency: 10 } }),
      "dev",
    );
    expect(problems.join("\n")).to.match(
      /Pulumi\.dev\.yaml: config\.datarefresh:maxConcurrency: 10 makes a refresh of every table take about [\d.]+ hours, more than maxCopyAgeHours \(48\); \d+ or more would fit/,
    );
  });

  it("refuses a catalog no concurrency can run in time, saying what would", () => {
    const huge = Array.from({ length: 1000 }, (_, i) => ({ name: `Big${i}`, sizeGb: 300 }));
    const problems = configProblems(projectWith(huge), "prod");
    expect(problems.join("\n")).to.match(
      /config\.datarefresh:maxConcurrency: is not set, and the daily run would take about [\d.]+ hours even at 40 tables at once, more than the 24 hours cron\(0 3 \* \* \? \*\) may leave between runs: a schedule with a longer gap between runs, or fewer tables in this project/,
    );
  });
});
