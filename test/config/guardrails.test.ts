import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { longestScheduleGapHours } from "../../config/guardrails";
import { configProblems, editYaml, scratchProject } from "../helpers/project";

/** The problems loading `stack` reports after `edit`, one line each. */
function problemsAfter(stack: "prod" | "dev", edit: (project: string) => void): string[] {
  const project = scratchProject();
  edit(project);
  return configProblems(project, stack);
}

const set = (stack: string, key: string, value: unknown) => (project: string) =>
  editYaml(path.join(project, `Pulumi.${stack}.yaml`), ["config", `datarefresh:${key}`], value);

describe("guardrails at config load", () => {
  it("load the example stacks without a problem", () => {
    expect(problemsAfter("prod", () => undefined)).to.deep.equal([]);
    expect(problemsAfter("dev", () => undefined)).to.deep.equal([]);
  });

  const cases: [string, "prod" | "dev", (project: string) => void, RegExp][] = [
    [
      "the same account on both sides",
      "dev",
      set("dev", "devAccountId", "111111111111"),
      /Pulumi\.dev\.yaml: config\.datarefresh:devAccountId: is the prod account \(111111111111\)/,
    ],
    [
      "an environment that is a prefix of another",
      "dev",
      set("dev", "environments", ["dev-1", "dev-1-a"]),
      /environments\[1\]: "dev-1-a" starts with "dev-1-": tables of dev-1-a would also be tables of dev-1/,
    ],
    [
      "an environment listed twice",
      "dev",
      set("dev", "environments", ["dev-1", "dev-1"]),
      /environments\[1\]: "dev-1" is listed twice/,
    ],
    [
      "an environment that makes table names too long",
      "dev",
      (project) => {
        set("dev", "environments", [`dev-${"a".repeat(60)}`])(project);
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({ tables: [{ name: "T".repeat(200), dev: {} }] }),
        );
      },
      /would be longer than DynamoDB's 255 characters/,
    ],
    [
      "an environment name of more than 64 characters",
      "dev",
      set("dev", "environments", [`dev-${"a".repeat(61)}`]),
      /environments\[0\]: expected a name of at most 64 characters/,
    ],
    [
      "a tag value DynamoDB refuses",
      "dev",
      (project) =>
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({ tables: [{ name: "Users", dev: { tags: { owner: "alice@example.com" } } }] }),
        ),
      /tables\[0\]\.dev\.tags\.owner: a tag value has at most 256 letters, digits, spaces or _\.:\/=\+- \(DynamoDB takes no other\)/,
    ],
    [
      "a tag key under this project's own prefix",
      "dev",
      (project) =>
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({ tables: [{ name: "Users", dev: { tags: { "datarefresh:x": "y" } } }] }),
        ),
      /a tag key has 1 to 128 letters, digits, spaces or _\.:\/=\+- and does not start with aws: or datarefresh:/,
    ],
    [
      "more tables than a project holds",
      "dev",
      (project) =>
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({ tables: Array.from({ length: 1001 }, (_, i) => ({ name: `Table${i}` })) }),
        ),
      /catalog\.yaml: tables: at most 1000 tables in one project/,
    ],
    [
      "table names longer together than a refresh's state is bounded for",
      "dev",
      (project) =>
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({
            tables: Array.from({ length: 200 }, (_, i) => ({ name: `T${i}`.padEnd(250, "x") })),
          }),
        ),
      /catalog\.yaml: tables: the table names take \d+ bytes together, more than the 40000/,
    ],
    [
      "an empty environment name",
      "dev",
      set("dev", "environments", [""]),
      /environments\[0\]: expected a name such as dev-3/,
    ],
    [
      "a prod key in the dev stack's file",
      "dev",
      set("dev", "schedule", "rate(1 day)"),
      /config\.datarefresh:schedule: configures the prod stack's parts; move it to Pulumi\.prod\.yaml/,
    ],
    [
      "a dev key in the prod stack's file",
      "prod",
      set("prod", "restoreAttempts", 3),
      /config\.datarefresh:restoreAttempts: configures the dev stack's parts; move it to Pulumi\.dev\.yaml/,
    ],
    [
      "dev copies kept for less than the time between runs",
      "prod",
      set("prod", "schedule", "rate(7 days)"),
      /devRetentionDays: 3 days is shorter than the 7 days rate\(7 days\) may leave between runs/,
    ],
    [
      "backups kept for less than a weekly cron's gap",
      "prod",
      (project) => {
        set("prod", "schedule", "cron(0 3 ? * MON *)")(project);
        set("prod", "prodRetentionDays", 2)(project);
      },
      /prodRetentionDays: 2 days is shorter than the 7 days/,
    ],
    [
      "a catalog name DynamoDB refuses",
      "dev",
      (project) =>
        writeFileSync(
          path.join(project, "catalog.yaml"),
          stringify({ tables: [{ name: "Bad Name!", dev: {} }] }),
        ),
      /catalog\.yaml: tables\[0\]\.name: expected a DynamoDB table name/,
    ],
  ];
  for (const [what, stack, edit, expected] of cases) {
    it(`refuse ${what}`, () => {
      const problems = problemsAfter(stack, edit);
      expect(
        problems.some((p) => expected.test(p)),
        problems.join("\n"),
      ).to.equal(true);
    });
  }

  it("report every problem at once", () => {
    const problems = problemsAfter("dev", (project) => {
      set("dev", "devAccountId", "111111111111")(project);
      set("dev", "environments", ["dev-1", "dev-1-a"])(project);
      set("dev", "prodRetentionDays", 9)(project);
    });
    expect(problems).to.have.length(3);
  });

  it("reckon the longest gap a schedule leaves between runs", () => {
    expect(longestScheduleGapHours("rate(1 day)")).to.equal(24);
    expect(longestScheduleGapHours("rate(12 hours)")).to.equal(12);
    expect(longestScheduleGapHours("rate(30 minutes)")).to.equal(0.5);
    expect(longestScheduleGapHours("cron(0 3 * * ? *)")).to.equal(24);
    expect(longestScheduleGapHours("cron(0 3 ? * MON-FRI *)")).to.equal(168);
    expect(longestScheduleGapHours("cron(0 3 1 * ? *)")).to.equal(744);
    expect(longestScheduleGapHours("cron(0 */6 * * ? *)")).to.equal(1);
  });
});
