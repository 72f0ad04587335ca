import { onMachineBuilt, type StateMachineDefinition } from "../../asl";
import { forgetPlans } from "../../stack/plan";
import { validateDefinition } from "../../stack/synth-files";
import { polyfillPromiseWithResolvers } from "../../rehearsal/polyfill";

polyfillPromiseWithResolvers();

// mocha's command line sets no limit. 25 frames are plenty to read a failure by, and whole stacks
// cost time where errors are thrown by the thousand (the simulated services' refusals).
Error.stackTraceLimit = 25;

let built: StateMachineDefinition[] = [];
onMachineBuilt((definition) => built.push(definition));

/**
 * Every definition that any test builds must be one AWS would accept (asl-validator): one built
 * in a `before` hook or when a file loads is checked after the next test.
 */
export const mochaHooks = {
  beforeEach(): void {
    // A mutation run (Stryker) credits each test with the code it runs, and runs a mutant only
    // against the tests so credited: each test plans its stacks anew instead of reusing a plan.
    if ("__stryker__" in globalThis) forgetPlans();
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
