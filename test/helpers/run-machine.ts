import type { StateMachineDefinition } from "../../asl";
import { interpreterModule } from "../../rehearsal/interpreter";
import { validateAsl } from "../../stack/asl-validation";

export type TaskHandler = (input: Record<string, unknown>) => Promise<unknown>;

/**
 * Runs a definition in aws-local-stepfunctions with every Wait and retry made instant and each
 * named Task answered by a local handler. Resolves to the output, or rejects with the execution's error.
 */
export async function runMachine(
  definition: StateMachineDefinition,
  input: unknown,
  handlers: Record<string, TaskHandler>,
): Promise<unknown> {
  const { StateMachine } = interpreterModule();
  const waits: Record<string, number> = {};
  collectWaits(definition, waits);
  // The interpreter's own check is asl-validator with these options, but it compiles the
  // validator's schemas anew for each machine: validateAsl compiles them once.
  const verdict = validateAsl(definition);
  if (!verdict.isValid) throw new Error(`the definition is invalid: ${verdict.problems}`);
  const machine = new StateMachine(
    structuredClone(definition) as never,
    { validationOptions: { noValidate: true } } as never,
  );
  const execution = machine.run(
    input as never,
    {
      overrides: {
        waitTimeOverrides: waits,
        taskResourceLocalHandlers: handlers,
        // Retries at once: the interpreter would wait each retrier's interval in real time.
        retryIntervalOverrides: new Proxy({}, { get: () => 0 }),
      },
    } as never,
  );
  return execution.result;
}

function collectWaits(
  graph: { States: Record<string, unknown> },
  waits: Record<string, number>,
): void {
  for (const [name, state] of Object.entries(graph.States) as [string, Record<string, unknown>][]) {
    if (state.Type === "Wait") waits[name] = 0;
    if (state.Type === "Map") collectWaits(state.ItemProcessor as never, waits);
    if (state.Type === "Parallel")
      for (const b of state.Branches as never[]) collectWaits(b, waits);
  }
}
