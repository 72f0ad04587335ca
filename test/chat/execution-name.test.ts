import { expect } from "chai";
import fc from "fast-check";
import {
  executionName,
  MAX_EXECUTION_NAME,
  parseExecutionName,
  sanitizeRequester,
} from "../../chat/execution-name";

const AT = new Date("2026-11-26T16:00:00.123Z");
const ALLOWED = /^[A-Za-z0-9_-]+$/;

describe("execution names", () => {
  it("read environment, UTC second and requester: dev-3-20261126T160000Z-slack-U0123", () => {
    expect(executionName("dev-3", "slack:U0123", AT)).to.equal(
      "dev-3-20261126T160000Z-slack-U0123",
    );
  });

  it("keep only letters, digits, _ and single dashes of the requester", () => {
    expect(sanitizeRequester("slack:U0123")).to.equal("slack-U0123");
    expect(sanitizeRequester("Jürgen Müller <jm@example.com>")).to.equal(
      "J-rgen-M-ller-jm-example-com",
    );
    expect(sanitizeRequester("  ::  ")).to.equal("unknown");
    expect(sanitizeRequester(undefined)).to.equal("unknown");
    expect(sanitizeRequester("a__b--c")).to.equal("a__b-c");
  });

  it("cut a long requester, and keep two long requesters apart by a hash", () => {
    const long = `email:${"a".repeat(100)}@example.com`;
    const other = `email:${"a".repeat(100)}@example.org`;
    const a = executionName("dev-3", long, AT);
    const b = executionName("dev-3", other, AT);
    expect(a).to.have.length(MAX_EXECUTION_NAME);
    expect(a).to.match(/^dev-3-20261126T160000Z-email-a+-[0-9a-f]{8}$/);
    expect(a).to.not.equal(b);
  });

  it("are parsed back into environment, time and requester", () => {
    expect(parseExecutionName("dev-3-20261126T160000Z-slack-U0123")).to.deep.equal({
      environment: "dev-3",
      startedAt: "20261126T160000Z",
      requester: "slack-U0123",
    });
    expect(parseExecutionName("0c6f2f4a-9c1e-4b53-a7a1-57b3e8a0c1d2")).to.equal(undefined);
  });

  it("are always valid: at most 80 of [A-Za-z0-9_-], unique per environment, second and requester, and parse back", () => {
    const environment = fc.stringMatching(/^[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,8}){0,3}$/);
    const when = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2999-12-31T23:59:59Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(environment, fc.string({ maxLength: 200 }), when, (env, who, at) => {
        const name = executionName(env, who, at);
        expect(name.length).to.be.at.most(MAX_EXECUTION_NAME);
        expect(name).to.match(ALLOWED);
        const parsed = parseExecutionName(name);
        expect(parsed?.environment).to.equal(env);
        expect(executionName(env, `${who}x`, at)).to.not.equal(name);
      }),
      { numRuns: 500 },
    );
  });

  it("stay within 80 characters even for an environment too long for the pattern", () => {
    const name = executionName("d".repeat(90), "slack:U0123", AT);
    expect(name.length).to.be.at.most(MAX_EXECUTION_NAME);
    expect(name).to.match(ALLOWED);
  });
});
