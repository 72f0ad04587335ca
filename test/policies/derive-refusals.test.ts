import { expect } from "chai";
import type { StateMachineDefinition } from "../../asl";
import { callsOf, iamActionsOfResource, MAP_RUN_ACTIONS } from "../../policies/derive";

/** A definition of one Task, as a builder could never make it but a hand could. */
const oneTask = (task: Record<string, unknown>): StateMachineDefinition =>
  ({ StartAt: "Call", States: { Call: { Type: "Task", End: true, ...task } } }) as never;

const DESCRIBE = "arn:aws:states:::aws-sdk:dynamodb:describeTable";

describe("deriving a policy from a definition", () => {
  it("refuses a Task whose resource it knows no IAM action for", () => {
    expect(() => callsOf(oneTask({ Resource: "arn:aws:states:::lambda:invoke" }))).to.throw(
      'State "Call": no IAM actions are known for resource arn:aws:states:::lambda:invoke',
    );
  });

  it("refuses Credentials whose role is not a fixed ARN", () => {
    const task = { Resource: DESCRIBE, Credentials: { "RoleArn.$": "$.role" } };
    expect(() => callsOf(oneTask(task))).to.throw(
      'State "Call": Credentials must name a fixed RoleArn so that policies can be derived',
    );
  });

  it("refuses a role handed on (IamRoleArn) that is not a fixed ARN, and scopes one that is", () => {
    const importing = "arn:aws:states:::aws-sdk:dynamodb:importTable";
    expect(() =>
      callsOf(oneTask({ Resource: importing, Parameters: { "IamRoleArn.$": "$.role" } })),
    ).to.throw('State "Call": IamRoleArn must be a fixed ARN so that iam:PassRole can be scoped');
    const fixed = "arn:aws:iam::222222222222:role/import";
    const calls = callsOf(oneTask({ Resource: importing, Parameters: { IamRoleArn: fixed } }));
    expect([...calls.passedRoles]).to.deep.equal([fixed]);
  });

  it("derives a Task that takes no parameters at all (JSONata's take Arguments)", () => {
    const calls = callsOf(oneTask({ Resource: DESCRIBE, QueryLanguage: "JSONata" }));
    expect([...calls.own]).to.deep.equal(["dynamodb:DescribeTable"]);
    expect([...calls.passedRoles]).to.deep.equal([]);
  });

  it("asks of a nested execution what its integration does: start; with .sync, follow and stop it", () => {
    expect(iamActionsOfResource("arn:aws:states:::states:startExecution")).to.deep.equal([
      "states:StartExecution",
    ]);
    for (const sync of [".sync", ".sync:2"])
      expect(iamActionsOfResource(`arn:aws:states:::states:startExecution${sync}`)).to.deep.equal([
        "states:StartExecution",
        "states:DescribeExecution",
        "states:StopExecution",
        "events:PutTargets",
        "events:PutRule",
        "events:DescribeRule",
      ]);
  });

  it("gives a Distributed Map its Map Run's actions, and an inline Map none", () => {
    const map = (mode: "DISTRIBUTED" | "INLINE") =>
      ({
        StartAt: "Each",
        States: {
          Each: {
            Type: "Map",
            End: true,
            ItemProcessor: {
              ProcessorConfig: {
                Mode: mode,
                ...(mode === "DISTRIBUTED" ? { ExecutionType: "STANDARD" } : {}),
              },
              StartAt: "Pass",
              States: { Pass: { Type: "Pass", End: true } },
            },
          },
        },
      }) as never as StateMachineDefinition;
    expect([...callsOf(map("DISTRIBUTED")).own].sort()).to.deep.equal([...MAP_RUN_ACTIONS].sort());
    expect([...callsOf(map("INLINE")).own]).to.deep.equal([]);
  });
});
