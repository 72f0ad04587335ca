import { expect } from "chai";
import { restoreMachine } from "../../asl/machines/restore";
import { evaluateOutput, withJsonataPassesAsTasks } from "../../rehearsal/jsonata-states";
import { models } from "../helpers/rehearsal";

const ARN = "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:run-1";
const SAY = "Say what stopped the refresh";
const FAIL = "Fail as the refresh did";

/** The value at a reference path of one field, `$.error`. */
const at = (data: unknown, path: string) => (data as Record<string, unknown>)[path.slice(2)];

// No rehearsed fault reaches the Map's own Catch (every table's failure is caught in its child
// execution): the states that end such a refresh are run here on the state it would hold.
describe("a refresh stopped by an error of its own (its Map's), after it released its lock", () => {
  it("fails with that error and the first 30,000 characters of its cause", async () => {
    const definition = restoreMachine(models().dev);
    const said = await evaluateOutput(
      withJsonataPassesAsTasks(definition).outputs.get(SAY)!,
      {
        request: { environment: "dev-3", requestedBy: "slack:U0123", copyDate: "latest" },
        error: { Error: "States.ExceedToleratedFailureThreshold", Cause: "x".repeat(40_000) },
      },
      {
        Execution: { Id: ARN, Name: "run-1", StartTime: "2026-11-26T16:00:00.000Z", Input: {} },
        StateMachine: { Id: "m", Name: "datarefresh-restore" },
        State: { Name: SAY, EnteredTime: "2026-11-26T18:05:30.000Z" },
      },
    );
    const fail = definition.States[FAIL];
    expect(fail?.Type).to.equal("Fail");
    const { ErrorPath, CausePath } = fail as { ErrorPath: string; CausePath: string };
    expect(at(said, ErrorPath)).to.equal("States.ExceedToleratedFailureThreshold");
    expect(at(said, CausePath)).to.equal("x".repeat(30_000));
    expect(definition.States[SAY]).to.deep.include({ Next: FAIL });
  });
});
