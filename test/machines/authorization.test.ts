import { expect } from "chai";
import type { Statement } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { afterDailyBackup, copiesOf, outcomesOf, rehearsal } from "../helpers/rehearsal";

describe("the rehearsal checks every call against the synthesized policies", () => {
  it("authorizes every call of a daily backup and a refresh, assumed roles included", async () => {
    const r = await afterDailyBackup();
    await r.refresh({ environment: "dev-1", requestedBy: "test" });
    expect(r.world.calls.length).to.be.greaterThan(50);
    const unchecked = r.world.calls.filter((c) => c.authorized !== true);
    expect(unchecked.map((c) => `${c.call} ${c.denied ?? ""}`)).to.deep.equal([]);
    expect(r.world.calls.some((c) => c.call === "sts:assumeRole")).to.equal(true);
  });

  it("fails a table with AccessDenied when the restore role lacks an action the machine needs", async () => {
    const r = await afterDailyBackup();
    const role = r.arns.restoreMachineRole;
    const plan = r.dev;
    const identity = planStack(plan).policies.find(
      (p) => p.name === "datarefresh-restore-machine.identity",
    )!;
    const withoutUpdate = identity.document.Statement.map((s: Statement) => ({
      ...s,
      Action: [s.Action].flat().filter((a) => a !== "dynamodb:UpdateTable"),
    }));
    r.world.authorizer!.setIdentity(role, [{ Version: "2012-10-17", Statement: withoutUpdate }]);
    const run = await r.refresh({ environment: "dev-1", tables: ["Following"] });
    const [outcome] = outcomesOf(r, run);
    // DynamoDB's model declares no AccessDeniedException: Step Functions reports its base exception.
    expect(outcome).to.include({ status: "FAILED", error: "DynamoDb.DynamoDbException" });
    expect(outcome!.cause).to.match(
      /^AccessDeniedException: .*datarefresh-restore-machine is not authorized to perform: dynamodb:UpdateTable on resource: .*table\/dev-1-Following/,
    );
  });

  it("fails the restore job when the dev key's policy leaves the restore role and IAM out", async () => {
    const r = await afterDailyBackup();
    const key = r.world.accounts.dev.backup.vault("datarefresh-dev").key!;
    key.policy = {
      ...key.policy,
      // Neither names the role nor lets the account's IAM policies decide.
      Statement: key.policy.Statement.filter(
        (s) => s.Sid !== "RestoreRoleUsesKey" && s.Sid !== "AccountAdministersKey",
      ),
    };
    const run = await r.refresh({ environment: "dev-1", tables: ["Sessions"] });
    const [outcome] = outcomesOf(r, run);
    expect(outcome!.status).to.equal("FAILED");
    expect(outcome!.cause).to.match(
      /key policy of .*key\/datarefresh-dev-backup does not let the job decrypt/,
    );
    expect(r.world.accounts.dev.dynamodb.tables.has("dev-1-Sessions")).to.equal(false);
  });

  it("fails the copy when the dev key's policy does not let the prod account encrypt with it", async () => {
    const r = rehearsal();
    const key = r.world.accounts.dev.backup.vault("datarefresh-dev").key!;
    key.policy = {
      ...key.policy,
      Statement: key.policy.Statement.filter((s) => s.Sid !== "ProdAccountCopiesIn"),
    };
    const run = await r.backupAndCopy({ tables: ["Sessions"] });
    const [outcome] = copiesOf(r, run);
    expect(outcome!.error).to.equal("CopyFailed");
    expect(outcome!.cause).to.match(/does not let the job encrypt/);
  });

  it("fails the backup when the prod key's policy leaves the backup role and IAM out", async () => {
    const r = rehearsal();
    const key = r.world.accounts.prod.backup.vault("datarefresh-prod").key!;
    key.policy = {
      ...key.policy,
      // Neither names the role nor lets the account's IAM policies decide.
      Statement: key.policy.Statement.filter(
        (s) => s.Sid !== "BackupRoleUsesKey" && s.Sid !== "AccountAdministersKey",
      ),
    };
    const run = await r.backupAndCopy({ tables: ["Sessions"] });
    const [outcome] = copiesOf(r, run);
    expect(outcome!.error).to.equal("BackupFailed");
    expect(outcome!.cause).to.match(/key\/datarefresh-prod-backup does not let the job encrypt/);
  });

  it("refuses the copy recorder to a machine whose ARN is not the trusted external ID", async () => {
    const r = rehearsal();
    const recorder = r.arns.copyRecorderRole;
    const trust = r.world.authorizer!.trustOf(recorder)!;
    const tampered = structuredClone(trust);
    tampered.Statement[0]!.Condition = {
      StringEquals: {
        "sts:ExternalId": "arn:aws:states:eu-west-1:111111111111:stateMachine:other",
      },
    };
    (r.world.authorizer as unknown as { trust: Map<string, unknown> }).trust.set(
      recorder,
      tampered,
    );
    const run = await r.backupAndCopy({ tables: ["Sessions"] });
    const [outcome] = copiesOf(r, run);
    expect(outcome).to.include({ error: "States.TaskFailed" });
    expect(outcome!.cause).to.match(/not authorized to perform: sts:AssumeRole/);
    expect(r.world.accounts.dev.dynamodb.items.get("datarefresh-state")?.size ?? 0).to.equal(0);
  });

  it("would deny the restore role any table outside the environments, and any prod table", async () => {
    const r = rehearsal();
    const principal = r.arns.restoreMachineRole;
    for (const resource of [
      "arn:aws:dynamodb:eu-west-1:222222222222:table/Users",
      "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-9-Users",
      "arn:aws:dynamodb:eu-west-1:111111111111:table/dev-1-Users",
    ]) {
      const decision = await r.world.authorizer!.decide({
        principal,
        action: "dynamodb:DeleteTable",
        resource,
      });
      expect(decision.allowed, resource).to.equal(false);
    }
    const allowed = await r.world.authorizer!.decide({
      principal,
      action: "dynamodb:DeleteTable",
      resource: "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-1-Users",
    });
    expect(allowed.allowed).to.equal(true);
  });
});
