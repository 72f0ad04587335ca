/**
 * A value the tests of a file share, built by the first test that asks for it. In a mutation run
 * (Stryker, which sets `globalThis.__stryker__`) each test builds its own instead: its per-test
 * coverage credits code to the test that ran it, so code run once for all (at load, in a `before`
 * hook, or for another test) would be credited to no test or to the wrong one, and its mutants
 * would never meet the tests that check them.
 */
export function perFile<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    if ("__stryker__" in globalThis) return build();
    built ??= { value: build() };
    return built.value;
  };
}
