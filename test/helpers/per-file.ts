/** Stryker's global in a mutation run: `activeMutant` is set while a mutant's tests run. */
interface StrykerGlobal {
  activeMutant?: string;
}

/**
 * A value the tests of a file share, built by the first test that asks for it. In a mutation run
 * (Stryker, which sets `globalThis.__stryker__`) it is built anew where sharing would mislead:
 * - while Stryker measures which test covers what (no mutant active), by each test that asks:
 *   per-test coverage credits code to the test that ran it, so code run once for all (at load, in
 *   a `before` hook, or for another test) would be credited to no test or to the wrong one, and
 *   its mutants would never meet the tests that check them;
 * - while a mutant's tests run, once for that mutant: built with the mutant active, and shared by
 *   its tests, which would otherwise each rebuild it.
 */
export function perFile<T>(build: () => T): () => T {
  let built: { value: T; mutant?: string } | undefined;
  return () => {
    const stryker = (globalThis as { __stryker__?: StrykerGlobal }).__stryker__;
    if (stryker !== undefined) {
      const mutant = stryker.activeMutant;
      if (mutant === undefined) return build();
      if (built?.mutant !== mutant) built = { value: build(), mutant };
      return built.value;
    }
    built ??= { value: build() };
    return built.value;
  };
}
