import { expect } from "chai";
import type { StateMachineDefinition } from "../../asl";
import { definitionProblems } from "../../stack/definition-rules";
import { validateDefinition } from "../../stack/synth-files";

/** A machine of one Task and one Fail, with the given fields on each. */
function machine(task: object, fail: object = {}): StateMachineDefinition {
  return {
    StartAt: "Read",
    States: {
      Read: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
        Parameters: { TableName: "t" },
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed", ResultPath: "$.error" }],
        End: true,
        ...task,
      },
      Failed: { Type: "Fail", ErrorPath: "$.error.Error", CausePath: "$.error.Cause", ...fail },
    },
  } as StateMachineDefinition;
}

describe("what AWS refuses in a definition that asl-validator lets through", () => {
  it("takes paths, null, and an intrinsic function as a Fail's cause", () => {
    expect(definitionProblems(machine({ ResultPath: null, OutputPath: "$.table" }))).to.deep.equal(
      [],
    );
    expect(
      definitionProblems(machine({}, { CausePath: "States.Format('{}', $.error.Cause)" })),
    ).to.deep.equal([]);
  });

  it("refuses an empty or relative path, naming the state and the field", () => {
    expect(
      definitionProblems(
        machine(
          {
            ResultPath: "",
            InputPath: "table",
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed", ResultPath: "" }],
          },
          { ErrorPath: "" },
        ),
      ),
    ).to.deep.equal([
      'Read: InputPath "table" is not a path',
      'Read: ResultPath "" is not a path',
      'Read Catch #1: ResultPath "" is not a path',
      'Failed: ErrorPath "" is not a path',
    ]);
  });

  it("makes validateDefinition refuse what asl-validator refuses, naming the machine", () => {
    const noResource = { Resource: undefined };
    expect(() => validateDefinition("m", machine(noResource))).to.throw(
      /^state machine m: .*\/States\/Read/,
    );
  });

  it("makes validateDefinition refuse what asl-validator lets through: a Catch's, a Fail's", () => {
    const catcher = { Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed", ResultPath: "" }] };
    expect(() => validateDefinition("m", machine(catcher))).to.throw(
      'state machine m: Read Catch #1: ResultPath "" is not a path',
    );
    expect(() => validateDefinition("m", machine({}, { CausePath: "" }))).to.throw(
      'state machine m: Failed: CausePath "" is not a path',
    );
  });

  it("refuses a Retry or Catch that names no error", () => {
    const task = {
      Retry: [{ ErrorEquals: [] }, { ErrorEquals: ["States.Timeout", 7] }],
      Catch: [
        { ErrorEquals: [""], Next: "Failed" },
        { ErrorEquals: ["States.ALL", ""], Next: "Failed" },
      ],
    };
    expect(definitionProblems(machine(task))).to.deep.equal([
      "Read Retry #1: ErrorEquals [] names no error",
      'Read Retry #2: ErrorEquals ["States.Timeout",7] names no error',
      'Read Catch #1: ErrorEquals [""] names no error',
      'Read Catch #2: ErrorEquals ["States.ALL",""] names no error',
    ]);
  });
});
