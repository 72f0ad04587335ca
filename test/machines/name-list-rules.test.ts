import { expect } from "chai";
import jsonata from "jsonata";
import { fillIn, jsonataString, nameListRefusals } from "../../asl/machines/name-list-rules";

const rule = (count: number) => ({
  label: "tables",
  what: "catalogued table names",
  allowed: Array.from({ length: count }, (_, i) => `T${i + 1}`),
});

describe("the causes of refusing a list of names, as the machines and the chat client word them", () => {
  it("shows the first 20 allowed names, and says when there are more", () => {
    expect(nameListRefusals(rule(20)).unknown).to.match(/expected some of: T1, .*, T20$/);
    expect(nameListRefusals(rule(21)).unknown).to.match(/expected some of: T1, .*, T20, \.\.\.$/);
  });

  it("fills each {} of a template with its own value, in order", () => {
    expect(fillIn("{} then {}", "a", ["b"])).to.equal('"a" then ["b"]');
  });

  it("writes a value as JSONata's $string does: a text as it is, fractions to 15 digits", async () => {
    for (const value of ["dev-3", 0.1 + 0.2, { a: [1.5, "x"] }]) {
      const expected = await jsonata("$string(v)").evaluate({ v: value });
      expect(jsonataString(value), JSON.stringify(value)).to.equal(expected);
    }
  });
});
