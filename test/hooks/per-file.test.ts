import { expect } from "chai";
import { perFile } from "../helpers/per-file";

/** Runs `check` with Stryker's global as a mutation run (`{}`) or an ordinary run leaves it. */
function runAs(stryker: object | undefined, check: () => void): void {
  const global = globalThis as { __stryker__?: unknown };
  const was = global.__stryker__;
  if (stryker === undefined) delete global.__stryker__;
  else global.__stryker__ = stryker;
  try {
    check();
  } finally {
    if (was === undefined) delete global.__stryker__;
    else global.__stryker__ = was;
  }
}

describe("perFile: what a file's tests share", () => {
  const counted = () => {
    let builds = 0;
    return { shared: perFile(() => ++builds), builds: () => builds };
  };

  it("is built once, by the first test that asks, in an ordinary run", () => {
    const { shared, builds } = counted();
    runAs(undefined, () => {
      expect(builds()).to.equal(0);
      expect([shared(), shared(), shared()]).to.deep.equal([1, 1, 1]);
      expect(builds()).to.equal(1);
    });
  });

  it("is built for each test that asks while Stryker measures coverage (__stryker__, no mutant active)", () => {
    const { shared, builds } = counted();
    runAs({}, () => {
      expect([shared(), shared(), shared()]).to.deep.equal([1, 2, 3]);
      expect(builds()).to.equal(3);
    });
  });

  it("is built once for each mutant while Stryker runs that mutant's tests", () => {
    const { shared, builds } = counted();
    const stryker: { activeMutant?: string } = { activeMutant: "1" };
    runAs(stryker, () => {
      expect([shared(), shared()]).to.deep.equal([1, 1]);
      stryker.activeMutant = "2";
      expect([shared(), shared()]).to.deep.equal([2, 2]);
      stryker.activeMutant = "1";
      expect(shared()).to.equal(3);
    });
    expect(builds()).to.equal(3);
  });
});
