import { expect } from "chai";
import { stoppedRunNotice } from "../../stack/stopped-run-notice";

describe("the notice of a run that ended before it could tell", () => {
  const model = { partition: "aws", region: "eu-west-1" } as const;
  for (const [run, what] of [
    ["refresh", "A refresh"],
    ["daily-run", "A daily run"],
  ] as const) {
    it(`says which run it was: ${what}`, () => {
      const { inputTemplate } = stoppedRunNotice(model, "datarefresh-x", run);
      expect(inputTemplate).to.include(`${what} ended <status> before it could say how it went`);
    });
  }
});
