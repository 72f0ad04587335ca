import { expect } from "chai";
import fc from "fast-check";
import { $, buildStateMachine, Flow } from "../../asl";
import { clockTables, minutesOf, minutesSince2020 } from "../../asl/clock";
import { runMachine } from "../helpers/run-machine";

function clockMachine() {
  return buildStateMachine(
    Flow.start()
      .pass("Load tables", { Result: clockTables(), ResultPath: "$.calendar" })
      .then(
        minutesOf({
          label: "the time",
          timestamp: $("$.at"),
          tablesPath: "$.calendar",
          scratchPath: "$.scratch",
          resultPath: "$.result",
        }),
      )
      .pass("Answer", { Parameters: { minutes: $("$.result.minutes") } }),
  );
}

describe("minutes since 2020 in ASL (asl/clock.ts)", () => {
  it("is 0 at 2020-01-01T00:00Z and counts leap days", () => {
    expect(minutesSince2020("2020-01-01T00:00:00Z")).to.equal(0);
    expect(minutesSince2020("2020-03-01T00:00:00Z")).to.equal((31 + 29) * 1440);
  });

  it("agrees with JavaScript's Date for any time 2020-2099, with or without fractions", async () => {
    const definition = clockMachine();
    await fc.assert(
      fc.asyncProperty(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2099-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        fc.boolean(),
        async (date, fractions) => {
          const iso = fractions ? date.toISOString() : date.toISOString().replace(/\.\d{3}Z$/, "Z");
          const output = (await runMachine(definition, { at: iso }, {})) as { minutes: number };
          expect(output.minutes, iso).to.equal(minutesSince2020(iso));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("handles the last minute of a leap year and the first of the next", async () => {
    const definition = clockMachine();
    for (const iso of ["2024-12-31T23:59:00Z", "2025-01-01T00:00:00Z", "2024-02-29T12:30:00.5Z"]) {
      const output = (await runMachine(definition, { at: iso }, {})) as { minutes: number };
      expect(output.minutes, iso).to.equal(minutesSince2020(iso));
    }
  });
});
