import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { countsIn, outcomesQuery, reportIn } from "../../chat/refresh-report";
import { PROJECT_DIR } from "../helpers/project";

/** The code blocks of README's section "The refresh contract", in order, with their language. */
function contractBlocks(): { language: string; code: string }[] {
  const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
  const section = readme.split("## The refresh contract")[1]!.split("\n## ")[0]!;
  return [...section.matchAll(/^ *```(\w+)\n([\s\S]*?)^ *```/gm)].map((m) => ({
    language: m[1]!,
    code: m[2]!,
  }));
}

const ARN = "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:dev-3-x";

describe("a refresh's report", () => {
  it("is read as README's contract shows it", () => {
    const [, report] = contractBlocks().filter((b) => b.language === "json");
    const shown = JSON.parse(report!.code) as unknown;
    expect(reportIn(shown)).to.deep.equal(shown);
    expect(countsIn(shown)).to.deep.equal({ requested: 3, restored: 2, failed: 1 });
  });

  it("gives README's command that reads every table's outcome, on one line", () => {
    const shown = contractBlocks().find((b) => b.code.includes("aws dynamodb query"))!;
    const oneLine = shown.code
      .replace(/\\\n/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace("<execution ARN>", ARN);
    expect(outcomesQuery({ tableName: "datarefresh-state", pk: `refresh#${ARN}` })).to.equal(
      oneLine,
    );
  });

  it("quotes the key for a shell, whatever it holds", () => {
    expect(outcomesQuery({ tableName: "datarefresh-state", pk: "refresh#it's" })).to.include(
      `--expression-attribute-values '{":pk":{"S":"refresh#it'\\''s"}}'`,
    );
  });

  it("is not found in an ending of the form from before it, whose counts come from its outcomes", () => {
    const outcome = (table: string, status: string) => ({
      table,
      targetTable: `dev-3-${table}`,
      status,
    });
    const output = {
      environment: "dev-3",
      tables: [outcome("Users", "RESTORED"), outcome("Following", "RESTORED")],
    };
    const cause = [outcome("Users", "FAILED"), outcome("Following", "RESTORED")];
    expect(reportIn(output)).to.equal(undefined);
    expect(reportIn(cause)).to.equal(undefined);
    expect(countsIn(output)).to.deep.equal({ requested: 2, restored: 2, failed: 0 });
    expect(countsIn(cause)).to.deep.equal({ requested: 2, restored: 1, failed: 1 });
  });

  it("is refused when a count or a failed table is not what the contract says", () => {
    const good = {
      requested: 1,
      restored: 0,
      failed: 1,
      failedTables: [{ table: "Users", error: "RestoreFailed" }],
      notListed: 0,
    };
    expect(reportIn(good)).to.deep.equal(good);
    for (const bad of [
      { ...good, failed: "1" },
      { ...good, notListed: -1 },
      { ...good, requested: 1.5 },
      { ...good, failedTables: [{ table: "Users" }] },
      { ...good, failedTables: [{ table: "Users", error: "RestoreFailed", cause: 7 }] },
      { ...good, failedTables: undefined },
    ])
      expect(reportIn(bad), JSON.stringify(bad)).to.equal(undefined);
    // A location no shell command can name safely is left out, the report kept.
    const odd = reportIn({ ...good, outcomes: { tableName: "state; rm -rf ~", pk: "refresh#x" } });
    expect(odd).to.deep.equal(good);
  });
});
