import { onMachineBuilt, type StateMachineDefinition } from "../../asl";
import { validateDefinition } from "../../stack/synth-files";
import { polyfillPromiseWithResolvers } from "../../rehearsal/polyfill";

polyfillPromiseWithResolvers();

let built: StateMachineDefinition[] = [];
/** Definitions already validated, by their JSON: property tests build the same ones many times. */
const valid = new Set<string>();
onMachineBuilt((definition) => built.push(definition));

/** Every definition that any test builds must be one AWS would accept (asl-validator). */
export const mochaHooks = {
  beforeEach(): void {
    built = [];
  },
  afterEach(this: Mocha.Context): void {
    const definitions = built;
    built = [];
    definitions.forEach((definition, i) => {
      const json = JSON.stringify(definition);
      if (valid.has(json)) return;
      validateDefinition(`definition #${i + 1} of this test`, definition);
      valid.add(json);
    });
  },
};
