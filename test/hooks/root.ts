import { onMachineBuilt, type StateMachineDefinition } from "../../asl";
import { validateDefinition } from "../../stack/synth-files";
import { polyfillPromiseWithResolvers } from "../../rehearsal/polyfill";

polyfillPromiseWithResolvers();

// mocha's command line sets no limit. 25 frames are plenty to read a failure by, and whole stacks
// cost time where errors are thrown by the thousand (the simulated services' refusals).
Error.stackTraceLimit = 25;

let built: StateMachineDefinition[] = [];
onMachineBuilt((definition) => built.push(definition));

/** Every definition that any test builds must be one AWS would accept (asl-validator). */
export const mochaHooks = {
  beforeEach(): void {
    built = [];
  },
  afterEach(this: Mocha.Context): void {
    // A property test builds a machine for each catalog it draws: validating them all takes time.
    this.timeout(120_000);
    const definitions = built;
    built = [];
    // validateDefinition checks each distinct definition once a process.
    definitions.forEach((definition, i) =>
      validateDefinition(`definition #${i + 1} of this test`, definition),
    );
  },
};
