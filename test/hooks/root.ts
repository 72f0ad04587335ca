import { onMachineBuilt, type StateMachineDefinition } from "../../asl";
import { validateDefinition } from "../../stack/synth-files";
import { polyfillPromiseWithResolvers } from "../../rehearsal/polyfill";

polyfillPromiseWithResolvers();

// mocha's command line sets no limit: the interpreter's JSONPath library throws an Error for every
// scalar it reads (a million in a run), and capturing whole stacks made a file run take a fifth longer.
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
    definitions.forEach((definition, i) =>
      validateDefinition(`definition #${i + 1} of this test`, definition),
    );
  },
};
