import { expect } from "chai";
import { Flow } from "../../asl/flow";
import { buildStateMachine } from "../../asl/machine";
import { takeEndedChild } from "../../asl/machines/child-run";
import { evaluateOutput, withJsonataPassesAsTasks } from "../../rehearsal/jsonata-states";
import { runMachine, type TaskHandler } from "../helpers/run-machine";

const CHILD = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore-table";
const EXECUTION =
  "arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore-table:run-1-0";
const READ = "Run it: read the run that ended";
const CONTEXT = {
  Execution: { Id: "e", Name: "run-1", StartTime: "2026-11-26T16:00:00.000Z", Input: {} },
  StateMachine: { Id: "m", Name: "datarefresh-restore" },
  State: { Name: "s", EnteredTime: "2026-11-26T16:00:00.000Z" },
};

/**
 * The states that follow a start refused ExecutionAlreadyExists, run on their own: the rehearsal
 * lets a retried start join its child while the child runs, and its children end before any
 * retry could find them ended. `describe` answers DescribeExecution (or throws).
 */
async function afterAlreadyExists(describe: (params: Record<string, unknown>) => unknown) {
  const flow = Flow.start()
    .then(
      takeEndedChild("Run it", CHILD, {
        onResult: "Took its result",
        onFailure: "Took its failure",
      }),
    )
    .pass("Took its result", { Result: "result", ResultPath: "$.took", End: true })
    .pass("Took its failure", { Result: "failure", ResultPath: "$.took", End: true });
  const { definition, outputs } = withJsonataPassesAsTasks(buildStateMachine(flow));
  const asked: Record<string, unknown>[] = [];
  const handlers: Record<string, TaskHandler> = Object.fromEntries(
    [...outputs].map(([name, output]) => [
      name,
      async (input: Record<string, unknown>) => evaluateOutput(output, input, CONTEXT),
    ]),
  );
  handlers[READ] = async (params: Record<string, unknown>) => {
    asked.push(params);
    return describe(params);
  };
  const caught = { Error: "StepFunctions.ExecutionAlreadyExistsException", Cause: "exists" };
  const output = (await runMachine(definition, { name: "run-1-0", failure: caught }, handlers)) as {
    took: string;
    run?: unknown;
    failure?: unknown;
  };
  return { output, asked };
}

describe("a child found already ended when its start was retried", () => {
  it("reads the child by its name, and takes its output as the Task's result", async () => {
    const { output, asked } = await afterAlreadyExists(() => ({
      Status: "SUCCEEDED",
      Output: '{"table":"Following","status":"RESTORED"}',
    }));
    expect(asked).to.deep.equal([{ ExecutionArn: EXECUTION }]);
    expect(output.took).to.equal("result");
    expect(output.run).to.deep.equal({ outcome: { table: "Following", status: "RESTORED" } });
  });

  it("takes a failed child's error and cause; one stopped without them, its status", async () => {
    const failed = await afterAlreadyExists(() => ({
      Status: "FAILED",
      Error: "TableProtected",
      Cause: "dev-1-Following is protected",
    }));
    expect([failed.output.took, failed.output.failure]).to.deep.equal([
      "failure",
      { Error: "TableProtected", Cause: "dev-1-Following is protected" },
    ]);
    const aborted = await afterAlreadyExists(() => ({ Status: "ABORTED" }));
    expect(aborted.output.failure).to.deep.equal({
      Error: "States.ABORTED",
      Cause: "the run ended ABORTED",
    });
  });

  it("leaves the refusal as caught when the child still runs (another input) or cannot be read", async () => {
    const caught = { Error: "StepFunctions.ExecutionAlreadyExistsException", Cause: "exists" };
    const running = await afterAlreadyExists(() => ({ Status: "RUNNING" }));
    expect([running.output.took, running.output.failure]).to.deep.equal(["failure", caught]);
    const unreadable = await afterAlreadyExists(() => {
      throw new Error("AccessDenied");
    });
    expect([unreadable.output.took, unreadable.output.failure]).to.deep.equal(["failure", caught]);
  });
});
