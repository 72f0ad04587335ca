import path from "node:path";
import { expect } from "chai";
import { scheduleProblem } from "../../config/schedule";
import { configProblems, editYaml, scratchProject } from "../helpers/project";

describe("EventBridge schedule expressions", () => {
  const valid = [
    "cron(0 3 * * ? *)",
    "cron(5,35 14 * * ? *)",
    "cron(15 10 ? * 6L 2019-2022)",
    "cron(0/15 * * * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0 9 ? * 3#2 *)",
    "cron(0 9 15W * ? *)",
    "cron(0 9 L * ? *)",
    "cron(*/10 0-6,22-23 ? JAN-MAR,DEC mon-fri *)",
    "rate(1 day)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
  ];
  for (const expression of valid) {
    it(`accepts ${expression}`, () => expect(scheduleProblem(expression)).to.equal(undefined));
  }

  const invalid: [string, RegExp][] = [
    [
      "cron(0 3 * *)",
      /expected 6 fields \(minutes hours day-of-month month day-of-week year\), found 4/,
    ],
    ["cron(99 99 * * ? *)", /minutes "99" is outside 0-59/],
    ["cron(0 24 * * ? *)", /hours "24" is outside 0-23/],
    ["cron(0 3 32 * ? *)", /day-of-month "32" is outside 1-31/],
    ["cron(0 3 ? 13 MON *)", /month "13" is outside 1-12 or JAN-DEC/],
    ["cron(0 3 ? * 8 *)", /day-of-week "8" is outside 1-7 or SUN-SAT/],
    ["cron(0 3 ? * FUN *)", /day-of-week "FUN" is outside/],
    ["cron(0 3 * * ? 1969)", /year "1969" is outside 1970-2199/],
    ["cron(0 3 * * * *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(0 3 ? * ? *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(0 3 1 * MON *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(? 3 * * ? *)", /minutes "\?": \? is only for the day fields/],
    ["cron(0/0 3 * * ? *)", /minutes "0\/0": the step after \/ must be a whole number from 1/],
    ["cron(0 3 ? * 3#2,5 *)", /with #, the day-of-week field holds that one expression only/],
    ["cron(0 3 ? * 3#6 *)", /# takes a day .* and a week from 1 to 5/],
    ["cron(0 3 40W * ? *)", /W needs a day from 1 to 31/],
    ["cron(0 3 1-2-3 * ? *)", /day-of-month "1-2-3" is outside 1-31/],
    ["rate(1 days)", /with 1, the unit is singular: rate\(1 day\)/],
    ["rate(5 hour)", /with 5, the unit is plural: rate\(5 hours\)/],
    ["rate(0 minutes)", /the value must be 1 or more/],
    ["rate(1 week)", /expected rate\(<whole number> <minute\(s\), hour\(s\) or day\(s\)>\)/],
    [
      "at(2026-01-01T00:00:00)",
      /expected an EventBridge schedule such as cron\(0 3 \* \* \? \*\) or rate\(1 day\)/,
    ],
  ];
  for (const [expression, problem] of invalid) {
    it(`refuses ${expression}`, () => expect(scheduleProblem(expression)).to.match(problem));
  }

  it("are checked when the prod stack's file loads, naming the file, key and value", () => {
    const project = scratchProject();
    const file = path.join(project, "Pulumi.prod.yaml");
    editYaml(file, ["config", "datarefresh:schedule"], "cron(0 3 * *)");
    expect(configProblems(project, "prod")).to.deep.equal([
      "Pulumi.prod.yaml: config.datarefresh:schedule: cron(0 3 * *): expected 6 fields (minutes hours day-of-month month day-of-week year), found 4",
    ]);
  });
});
