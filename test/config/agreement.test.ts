import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { expect } from "chai";
import { loadBothStacks } from "../../config/agreement";
import { ConfigError } from "../../config/errors";
import { run } from "../../cli/main";
import { Rehearsal } from "../../rehearsal/pair";
import { captureIo } from "../helpers/io";
import { editYaml, EVENTS_TABLE, PROJECT_DIR, scratchProject } from "../helpers/project";
import { models } from "../helpers/rehearsal";

const inDev = (project: string, key: string, value: unknown) =>
  editYaml(path.join(project, "Pulumi.dev.yaml"), ["config", key], value);

function problemsOf(project: string): string[] {
  try {
    loadBothStacks(project);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n");
    throw error;
  }
  return [];
}

describe("both stack files agree", () => {
  it("the example's do", () => {
    expect(problemsOf(PROJECT_DIR)).to.deep.equal([]);
  });

  const cases: [string, (project: string) => void, string][] = [
    [
      "on the prod account",
      (p) => inDev(p, "datarefresh:prodAccountId", "999999999999"),
      "Pulumi.dev.yaml: config.datarefresh:prodAccountId: is 999999999999, but Pulumi.prod.yaml says 111111111111: both stack files must name the same accounts",
    ],
    [
      "on the dev account",
      (p) => inDev(p, "datarefresh:devAccountId", "333333333333"),
      "Pulumi.dev.yaml: config.datarefresh:devAccountId: is 333333333333, but Pulumi.prod.yaml says 222222222222: both stack files must name the same accounts",
    ],
    [
      "on the Region",
      (p) => inDev(p, "aws:region", "eu-central-1"),
      "Pulumi.dev.yaml: config.aws:region: is eu-central-1, but Pulumi.prod.yaml says eu-west-1: both stacks must be in one Region",
    ],
    [
      "on the environments",
      (p) => inDev(p, "datarefresh:environments", ["dev-1"]),
      "Pulumi.dev.yaml: config.datarefresh:environments: is [dev-1], but Pulumi.prod.yaml says [dev-1, dev-2, dev-3, dev-4, dev-5]: both stack files must list the same environments",
    ],
    [
      "on the catalog",
      (p) => {
        writeFileSync(path.join(p, "dev-catalog.yaml"), stringify({ tables: [EVENTS_TABLE] }));
        inDev(p, "datarefresh:catalog", "dev-catalog.yaml");
      },
      "Pulumi.dev.yaml: config.datarefresh:catalog: dev-catalog.yaml and catalog.yaml (of Pulumi.prod.yaml) differ on Following, Users, Sessions, Events: both stacks must read the same catalog",
    ],
  ];
  for (const [what, edit, problem] of cases) {
    it(`refuses files that differ ${what}, saying both values`, () => {
      const project = scratchProject();
      edit(project);
      expect(problemsOf(project)).to.deep.equal([problem]);
    });
  }

  it("reports a problem of each file and their disagreement together", () => {
    const project = scratchProject();
    editYaml(path.join(project, "Pulumi.prod.yaml"), ["config", "datarefresh:maxConcurrency"], 0);
    expect(problemsOf(project)).to.have.length(1);
    inDev(project, "datarefresh:maxConcurrency", 0);
    expect(problemsOf(project)).to.have.length(2);
  });

  it("are required by the rehearsal, which runs one pair of accounts", () => {
    const { prod, dev } = models();
    const other = { ...dev, settings: { ...dev.settings, prodAccountId: "999999999999" } };
    expect(() => new Rehearsal(prod, other)).to.throw(
      ConfigError,
      /prodAccountId: is 999999999999/,
    );
  });

  it("are required by rehearse and doctor: one line per problem, exit code 2, nothing run", async () => {
    const project = scratchProject();
    inDev(project, "datarefresh:prodAccountId", "999999999999");
    for (const argv of [
      ["rehearse", "--project", project],
      ["doctor", "--stack", "prod", "--project", project],
    ]) {
      const io = captureIo();
      expect(await run(argv, io), argv[0]).to.equal(2);
      expect(io.stderr).to.equal(
        "Pulumi.dev.yaml: config.datarefresh:prodAccountId: is 999999999999, but Pulumi.prod.yaml says 111111111111: both stack files must name the same accounts\n",
      );
      expect(io.stdout).to.equal("");
    }
  });

  it("do not stop synth of one stack, which reads its own file only", async () => {
    const project = scratchProject();
    inDev(project, "datarefresh:prodAccountId", "999999999999");
    const out = path.join(scratchProject(), "out");
    expect(
      await run(["synth", "--stack", "prod", "--project", project, "--out", out], captureIo()),
    ).to.equal(0);
  });
});
