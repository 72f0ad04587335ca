import { expect } from "chai";
import { allStates, iamActionOfResource } from "../../asl";
import type { PolicyDocument, Statement } from "../../policies/document";
import { planStack, type StackPlan } from "../../stack/plan";
import { scratchProject, withChat } from "../helpers/project";
import { models } from "../helpers/rehearsal";

/** The example stacks with chat channels, whose roles Amazon Q Developer assumes. */
const plans = () => {
  const { prod, dev } = models({}, withChat(scratchProject()));
  return { prod: planStack(prod), dev: planStack(dev) };
};

function doc(plan: StackPlan, name: string): PolicyDocument {
  const found = plan.policies.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no policy ${name} in ${plan.stack}`);
  return found.document;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const allowed = (document: PolicyDocument) =>
  document.Statement.filter((s) => s.Effect === "Allow").flatMap((s: Statement) =>
    list(s.Action).map((action) => ({
      action,
      resources: list(s.Resource),
      condition: s.Condition,
    })),
  );

describe("policies derived from the definitions", () => {
  it("allow every SDK action each machine calls with its own role, and nothing it does not call", () => {
    for (const plan of Object.values(plans())) {
      const role = plan.machines[0]!.role;
      const granted = new Set(allowed(doc(plan, `${role}.identity`)).map((a) => a.action));
      const called = new Set<string>();
      for (const machine of plan.machines) {
        for (const { state } of allStates(machine.definition)) {
          if (state.Type !== "Task" || state.Credentials !== undefined) continue;
          const action = iamActionOfResource(state.Resource);
          if (action !== undefined) called.add(action);
        }
      }
      for (const action of called)
        expect(granted.has(action), `${plan.stack}: ${action}`).to.equal(true);
      const sdkGranted = [...granted].filter((a) => /^(backup|dynamodb):/.test(a));
      for (const action of sdkGranted)
        expect(called.has(action), `${plan.stack}: ${action} is not called`).to.equal(true);
    }
  });

  it("give the prod machines no DynamoDB action at all: they cannot change a production table", () => {
    const { prod } = plans();
    const actions = allowed(doc(prod, "datarefresh-backup-and-copy-machine.identity")).map(
      (a) => a.action,
    );
    expect(actions.filter((a) => a.startsWith("dynamodb:"))).to.deep.equal([]);
  });

  it("let the restore machine change only <environment>-* tables of the dev account, and the state table", () => {
    const { dev } = plans();
    for (const grant of allowed(doc(dev, "datarefresh-restore-machine.identity"))) {
      if (!grant.action.startsWith("dynamodb:")) continue;
      for (const resource of grant.resources) {
        expect(resource, grant.action).to.match(
          /^arn:aws:dynamodb:eu-west-1:222222222222:table\/(dev-[1-5]-\*|datarefresh-state)$/,
        );
      }
    }
  });

  it("pass only the backup and restore service roles, and only to AWS Backup", () => {
    const { prod, dev } = plans();
    const passes = [
      ...allowed(doc(prod, "datarefresh-backup-and-copy-machine.identity")),
      ...allowed(doc(dev, "datarefresh-restore-machine.identity")),
    ].filter((a) => a.action === "iam:PassRole");
    expect(passes.map((p) => p.resources)).to.deep.equal([
      ["arn:aws:iam::111111111111:role/datarefresh-backup-service"],
      ["arn:aws:iam::222222222222:role/datarefresh-restore-service"],
    ]);
    for (const p of passes)
      expect(p.condition).to.deep.equal({
        StringEquals: { "iam:PassedToService": "backup.amazonaws.com" },
      });
  });

  it("let the copy recorder, assumed from prod, only put items in the state table", () => {
    const { dev } = plans();
    expect(allowed(doc(dev, "datarefresh-copy-recorder.identity"))).to.deep.equal([
      {
        action: "dynamodb:PutItem",
        resources: ["arn:aws:dynamodb:eu-west-1:222222222222:table/datarefresh-state"],
        condition: undefined,
      },
    ]);
    const trust = doc(dev, "datarefresh-copy-recorder.trust").Statement[0]!;
    // The prod account as principal, pinned to the machine role: the trust can be created before
    // the prod role exists, and keeps matching if it is re-created.
    expect(trust.Principal).to.deep.equal({ AWS: "arn:aws:iam::111111111111:root" });
    expect(trust.Condition).to.deep.equal({
      ArnEquals: {
        "aws:PrincipalArn": "arn:aws:iam::111111111111:role/datarefresh-backup-and-copy-machine",
      },
      StringEquals: {
        "sts:ExternalId":
          "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-table",
      },
    });
  });

  it("trust services in the forms AWS documents, and name no role or user as a principal", () => {
    const documented: Record<string, (account: string) => unknown> = {
      "states.amazonaws.com": (account) => ({
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": `arn:aws:states:eu-west-1:${account}:stateMachine:*` },
      }),
      "backup.amazonaws.com": () => undefined,
      "events.amazonaws.com": (account) => ({ StringEquals: { "aws:SourceAccount": account } }),
      "chatbot.amazonaws.com": () => undefined,
    };
    const seen = new Set<string>();
    for (const [stack, plan] of Object.entries(plans())) {
      const account = stack === "prod" ? "111111111111" : "222222222222";
      for (const p of plan.policies.filter((x) => x.kind === "trust")) {
        for (const statement of p.document.Statement) {
          const principal = statement.Principal as { Service?: string; AWS?: string };
          if (principal.Service !== undefined) {
            seen.add(principal.Service);
            expect(statement.Condition, p.name).to.deep.equal(
              documented[principal.Service]!(account),
            );
          } else expect(principal.AWS, p.name).to.match(/^arn:aws:iam::\d{12}:root$/);
        }
      }
    }
    expect([...seen].sort()).to.deep.equal(Object.keys(documented).sort());
  });

  it("keep the restore service role to environment tables, whatever a restore job asks", () => {
    const { dev } = plans();
    const [guard] = doc(dev, "datarefresh-restore-service.identity").Statement;
    expect(guard!.Effect).to.equal("Deny");
    expect(list(guard!.Action)).to.include("dynamodb:RestoreTableFromAwsBackup");
    expect(list(guard!.NotResource)).to.include(
      "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-3-*",
    );
  });
});
