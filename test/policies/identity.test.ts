import { expect } from "chai";
import { identityPolicy, passRoleStatement, type ResourceScopes } from "../../policies/identity";

const TABLE = "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-1-*";
const KEY = "arn:aws:kms:eu-west-1:222222222222:key/*";
const VIA_BACKUP = { StringEquals: { "kms:ViaService": "backup.eu-west-1.amazonaws.com" } };
const VIA_S3 = { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } };

describe("a role's identity policy, from its actions and their scopes", () => {
  it("refuses an action no scope is declared for, naming the role and the action", () => {
    const scopes: ResourceScopes = { "dynamodb:DescribeTable": [TABLE] };
    expect(() =>
      identityPolicy("restore-machine", ["dynamodb:DescribeTable", "dynamodb:DeleteTable"], scopes),
    ).to.throw(
      "role restore-machine: no resource scope is declared for dynamodb:DeleteTable; add one where this role's scopes are declared",
    );
  });

  it("refuses an action whose scope names no resource", () => {
    expect(() =>
      identityPolicy("r", ["dynamodb:DeleteTable"], { "dynamodb:DeleteTable": [] }),
    ).to.throw(/no resource scope is declared for dynamodb:DeleteTable/);
  });

  it("puts actions of the same resources and condition in one statement, and others apart", () => {
    const scopes: ResourceScopes = {
      "dynamodb:DescribeTable": [TABLE],
      "dynamodb:DeleteTable": [TABLE],
      "kms:Decrypt": { resources: [KEY], condition: VIA_BACKUP },
      "kms:DescribeKey": { resources: [KEY], condition: VIA_BACKUP },
      "kms:GenerateDataKey": { resources: [KEY], condition: VIA_S3 },
      "kms:ListAliases": [KEY],
    };
    const document = identityPolicy("r", Object.keys(scopes), scopes);
    expect(document.Statement).to.deep.equal([
      {
        Effect: "Allow",
        Action: ["dynamodb:DeleteTable", "dynamodb:DescribeTable"],
        Resource: TABLE,
      },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: KEY,
        Condition: VIA_BACKUP,
      },
      { Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: KEY, Condition: VIA_S3 },
      { Effect: "Allow", Action: ["kms:ListAliases"], Resource: KEY },
    ]);
  });
});

describe("iam:PassRole of the roles a machine hands to AWS Backup", () => {
  it("is no statement at all when there is no role to hand", () => {
    expect(passRoleStatement([])).to.deep.equal([]);
  });

  it("names each role, for AWS Backup only", () => {
    const roles = ["arn:aws:iam::2:role/b", "arn:aws:iam::2:role/a"];
    expect(passRoleStatement(roles)).to.deep.equal([
      {
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: ["arn:aws:iam::2:role/a", "arn:aws:iam::2:role/b"],
        Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
      },
    ]);
  });
});
