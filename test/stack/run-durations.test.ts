import { expect } from "chai";
import { hoursOf, leastConcurrency } from "../../stack/run-durations";

describe("run durations, as the config plans them", () => {
  it("finds the least concurrency up to and including the most allowed", () => {
    const hourEach = [3600, 3600, 3600];
    expect(leastConcurrency(hourEach, 1, 3)).to.equal(3);
    expect(leastConcurrency(hourEach, 1, 2)).to.equal(undefined);
    expect(leastConcurrency(hourEach, 2, 3)).to.equal(2);
  });

  it("gives hours to a tenth", () => {
    expect([5400, 7344, 936, 0].map(hoursOf)).to.deep.equal([1.5, 2, 0.3, 0]);
  });
});
