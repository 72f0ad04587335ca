import { expect } from "chai";
import { refreshTimeoutSeconds, restoreMachine } from "../../asl/machines/restore";
import { makespanSeconds, refreshSeconds } from "../../stack/run-durations";
import { models } from "../helpers/rehearsal";

const HOUR = 3600;

describe("how long a refresh may run before Step Functions ends it (TimeoutSeconds)", () => {
  it("is a week with the shipped settings, far beyond a refresh of every table", () => {
    const { dev } = models();
    const timeout = restoreMachine(dev).TimeoutSeconds!;
    expect(timeout).to.equal(7 * 24 * HOUR);
    const planned = makespanSeconds(dev.tables.map(refreshSeconds), dev.settings.maxConcurrency);
    expect(timeout).to.be.at.least(2 * planned);
  });

  it("grows with maxCopyAgeHours, the window a refresh of every table is planned to fit, to twice it", () => {
    const { dev } = models({ maxCopyAgeHours: 30 * 24 });
    expect(restoreMachine(dev).TimeoutSeconds).to.equal(2 * 30 * 24 * HOUR);
  });

  it("stays within the year a Standard workflow may run, at the largest maxCopyAgeHours the config takes", () => {
    expect(refreshTimeoutSeconds(24 * 365)).to.equal(365 * 24 * HOUR);
    expect(refreshTimeoutSeconds(1)).to.equal(7 * 24 * HOUR);
  });
});
