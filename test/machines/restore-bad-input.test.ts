import { expect } from "chai";
import { perFile } from "../helpers/per-file";
import { rehearsal } from "../helpers/rehearsal";

const PROD_TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/Users";
const MUTATING =
  /^(dynamodb:(deleteTable|updateTable|updateTimeToLive|tagResource|putItem|deleteItem)|backup:start)/;

/** [what, input, the cause must match]: each ends in InvalidInput with no call made at all. */
const CASES: [string, unknown, RegExp][] = [
  ["no environment", { tables: ["Users"] }, /must be an object such as \{"environment": "dev-3"\}/],
  ["an empty object", {}, /must be an object such as/],
  ["a list instead of an object", ["dev-3"], /must be an object such as/],
  ["a text instead of an object", "dev-3", /must be an object such as/],
  [
    "an unknown environment",
    { environment: "dev-9" },
    /environment "dev-9" is not configured; expected one of: dev-1/,
  ],
  ["an empty environment", { environment: "" }, /environment "" is not configured/],
  ["an environment in capitals", { environment: "DEV-3" }, /environment "DEV-3" is not configured/],
  [
    "an environment with a trailing space",
    { environment: "dev-3 " },
    /environment "dev-3 " is not configured/,
  ],
  ["an environment that is a number", { environment: 3 }, /environment 3 is not configured/],
  ["an environment that is null", { environment: null }, /environment null is not configured/],
  [
    "an environment that is a list",
    { environment: ["dev-3"] },
    /environment \["dev-3"\] is not configured/,
  ],
  [
    "an environment that is an object",
    { environment: { name: "dev-3" } },
    /environment \{"name":"dev-3"\} is not configured/,
  ],
  [
    "an environment that is a prod ARN",
    { environment: PROD_TABLE_ARN },
    /environment "arn:aws:dynamodb:eu-west-1:111111111111:table\/Users" is not configured/,
  ],
  [
    "a path-looking environment",
    { environment: "$.environment" },
    /environment "\$\.environment" is not configured/,
  ],
  [
    "a JSON-looking environment",
    { environment: '{"a":1}' },
    /environment "\{\\?"a\\?":1\}" is not configured/,
  ],
  [
    "an extra key",
    { environment: "dev-3", table: "Users" },
    /may only have the keys environment, tables, requestedBy, copyDate; it was .*"table":"Users"/,
  ],
  [
    "a key in the wrong case",
    { environment: "dev-3", Tables: ["Users"] },
    /may only have the keys/,
  ],
  [
    "an unknown table",
    { environment: "dev-3", tables: ["Users", "Orders"] },
    /tables has \["Orders"\] that are not catalogued table names/,
  ],
  [
    "a table given as a prod ARN",
    { environment: "dev-3", tables: [PROD_TABLE_ARN] },
    /tables has \["arn:aws:dynamodb:eu-west-1:111111111111:table\/Users"\] that are not/,
  ],
  [
    "a table name DynamoDB does not allow",
    { environment: "dev-3", tables: ["Users!"] },
    /tables has \["Users!"\] that are not/,
  ],
  [
    "a table name with a path in it",
    { environment: "dev-3", tables: ["../Users"] },
    /tables has \["\.\.\/Users"\] that are not/,
  ],
  [
    "a path-looking table name",
    { environment: "dev-3", tables: ["$.tables"] },
    /tables has \["\$\.tables"\] that are not/,
  ],
  [
    "a JSON-looking table name",
    { environment: "dev-3", tables: ['["Users"]'] },
    /that are not catalogued table names/,
  ],
  [
    "a table name that is a number",
    { environment: "dev-3", tables: [7] },
    /tables has \[7\] that are not/,
  ],
  [
    "a table name that is null",
    { environment: "dev-3", tables: [null] },
    /tables has \[null\] that are not/,
  ],
  [
    "a table name that is a list",
    { environment: "dev-3", tables: [["Users"]] },
    /tables has \[\["Users"\]\] that are not/,
  ],
  ["an empty table list", { environment: "dev-3", tables: [] }, /tables is empty/],
  [
    "a table named twice",
    { environment: "dev-3", tables: ["Users", "Users"] },
    /tables names a table more than once: \["Users","Users"\]/,
  ],
  [
    "tables that is text",
    { environment: "dev-3", tables: "Users" },
    /tables must be a list of catalogued table names, not "Users"/,
  ],
  [
    "tables that is an object",
    { environment: "dev-3", tables: { Users: true } },
    /tables must be a list of catalogued table names, not \{"Users":true\}/,
  ],
  [
    "tables that is null",
    { environment: "dev-3", tables: null },
    /tables must be a list of catalogued table names, not null/,
  ],
  [
    "10,000 unknown tables",
    { environment: "dev-3", tables: Array.from({ length: 10_000 }, (_, i) => `T${i}`) },
    /^tables lists 10000 names, and there are 3 catalogued table names$/,
  ],
  [
    "10,000 times the same table",
    { environment: "dev-3", tables: Array.from({ length: 10_000 }, () => "Users") },
    /^tables lists 10000 names, and there are 3 catalogued table names$/,
  ],
  [
    "the same table twice",
    { environment: "dev-3", tables: ["Users", "Users"] },
    /^tables names a table more than once: \["Users","Users"\]$/,
  ],
  [
    "unknown names, quoted to 200 characters",
    { environment: "dev-3", tables: ["x".repeat(300)] },
    /^tables has \["x{198}\.\.\. that are not catalogued table names/,
  ],
  [
    "a requester of 257 characters (a tag value holds 256)",
    { environment: "dev-3", requestedBy: "r".repeat(257) },
    /^requestedBy has 257 characters; it becomes a tag value, which holds at most 256$/,
  ],
  [
    "an environment of 200,000 characters",
    { environment: "e".repeat(200_000) },
    /^the input has 200018 characters of JSON; a request has at most \d+$/,
  ],
  [
    "a key of 200,000 characters beside a good request",
    { environment: "dev-3", other: "o".repeat(200_000) },
    /^the input has \d{6} characters of JSON; a request has at most \d+$/,
  ],
  [
    "a requester that is a number",
    { environment: "dev-3", requestedBy: 42 },
    /requestedBy must be text such as slack:U0123, not 42/,
  ],
  [
    "a requester that is an object",
    { environment: "dev-3", requestedBy: { id: "U1" } },
    /requestedBy must be text such as slack:U0123, not \{"id":"U1"\}/,
  ],
  [
    "a copyDate that is a word",
    { environment: "dev-3", copyDate: "yesterday" },
    /copyDate must be a UTC date such as 2026-11-25, not "yesterday"/,
  ],
  [
    "a copyDate of 'latest'",
    { environment: "dev-3", copyDate: "latest" },
    /copyDate must be a UTC date/,
  ],
  [
    "a copyDate with a time",
    { environment: "dev-3", copyDate: "2026-11-25T10:00:00Z" },
    /copyDate must be a UTC date/,
  ],
  [
    "a copyDate in month 13",
    { environment: "dev-3", copyDate: "2026-13-01" },
    /copyDate must be a UTC date/,
  ],
  [
    "a copyDate with a two-digit year",
    { environment: "dev-3", copyDate: "26-11-25" },
    /copyDate must be a UTC date/,
  ],
  ["an empty copyDate", { environment: "dev-3", copyDate: "" }, /copyDate must be a UTC date/],
  [
    "a copyDate that is a number",
    { environment: "dev-3", copyDate: 20261125 },
    /copyDate must be a UTC date/,
  ],
];

describe("bad refresh requests: InvalidInput naming the bad value, and no call made but its notice", function () {
  this.timeout(120_000);
  // No copy is needed to refuse a request.
  const withDevTable = perFile(() => {
    const r = rehearsal();
    r.world.seedDevTable("dev-3-Users", { deletionProtection: false });
    return r;
  });

  it(`has at least 30 cases (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(30);
  });

  CASES.forEach(([what, input, cause], i) => {
    it(what, async () => {
      const r = withDevTable();
      const run = await r.refresh(input, `bad-${i}`);
      expect(run.status).to.equal("FAILED");
      expect(run.error?.Error).to.equal("InvalidInput");
      expect(run.error?.Cause).to.match(cause);
      // The one call: the notice of the refusal, to the refresh topic.
      const calls = r.world.calls.filter((c) => c.execution === run.arn);
      expect(calls.map((c) => [c.call, c.params.TopicArn])).to.deep.equal([
        ["sns:publish", r.arns.devTopic],
      ]);
      expect(
        r.world.calls.filter(
          (c) => MUTATING.test(c.call) && c.at >= run.startedAt && c.execution === run.arn,
        ),
      ).to.deep.equal([]);
      expect(r.world.accounts.dev.dynamodb.tables.has("dev-3-Users")).to.equal(true);
    });
  });
});
