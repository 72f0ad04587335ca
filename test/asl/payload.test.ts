import { expect } from "chai";
import { $, Context, renderPayload, States, type Ref } from "../../asl";

/** The text a reference renders to, as the value of its `.$` key. */
const rendered = (ref: Ref): unknown => renderPayload({ value: ref })["value.$"];

describe("asl payloads: references render as .$ keys", () => {
  it("renders $(path) under the key with a .$ suffix", () => {
    expect(renderPayload({ Key: $("$.x") })).to.deep.equal({ "Key.$": "$.x" });
  });

  it("renders references inside nested objects, next to literal members", () => {
    const payload = {
      Outer: { Inner: $("$.a.b"), Literal: 1, Deeper: { Flag: true, Id: $("$.id") } },
    };
    expect(renderPayload(payload)).to.deep.equal({
      Outer: { Deeper: { Flag: true, "Id.$": "$.id" }, "Inner.$": "$.a.b", Literal: 1 },
    });
  });

  it("keeps literal lists, null and false as given", () => {
    expect(renderPayload({ List: ["a", 2, { k: "v" }], Nothing: null, No: false })).to.deep.equal({
      List: ["a", 2, { k: "v" }],
      No: false,
      Nothing: null,
    });
  });

  it("renders context object paths", () => {
    expect(renderPayload({ Id: $("$$.Execution.Id"), Item: Context.mapItemValue })).to.deep.equal({
      "Id.$": "$$.Execution.Id",
      "Item.$": "$$.Map.Item.Value",
    });
  });

  it("accepts array indexes and wildcards in a path", () => {
    expect(rendered($("$.tables[0].name"))).to.equal("$.tables[0].name");
    expect(rendered($("$.tables[*]"))).to.equal("$.tables[*]");
  });
});

describe("asl payloads: intrinsic functions", () => {
  const cases: [string, Ref, string][] = [
    [
      "States.Format",
      States.format("backup-{}-{}", $("$.token"), 7),
      "States.Format('backup-{}-{}', $.token, 7)",
    ],
    ["States.MathAdd", States.mathAdd($("$.poll.count"), 1), "States.MathAdd($.poll.count, 1)"],
    [
      "States.ArrayContains",
      States.arrayContains($("$.tables"), "Orders"),
      "States.ArrayContains($.tables, 'Orders')",
    ],
    ["States.Hash", States.hash($("$.table"), "SHA-256"), "States.Hash($.table, 'SHA-256')"],
    ["States.JsonToString", States.jsonToString($("$.item")), "States.JsonToString($.item)"],
    [
      "States.Format of a context path",
      States.format("{}", Context.executionName),
      "States.Format('{}', $$.Execution.Name)",
    ],
  ];
  for (const [name, ref, text] of cases) {
    it(`renders ${name}`, () => {
      expect(rendered(ref)).to.equal(text);
    });
  }

  it("escapes a single quote inside a string argument", () => {
    expect(rendered(States.format("it's {}", $("$.name")))).to.equal(
      "States.Format('it\\'s {}', $.name)",
    );
  });

  it("escapes a backslash inside a string argument before the quotes", () => {
    expect(rendered(States.arrayContains($("$.list"), "a\\'b"))).to.equal(
      "States.ArrayContains($.list, 'a\\\\\\'b')",
    );
  });

  it("renders boolean, number and null arguments bare", () => {
    expect(rendered(States.array(true, 1.5, null, "x"))).to.equal(
      "States.Array(true, 1.5, null, 'x')",
    );
  });
});

describe("asl payloads: refusals", () => {
  for (const bad of ["x.y", "$.a b", "$.", "Execution.Id", "table$.name"]) {
    it(`$() refuses "${bad}", naming it`, () => {
      expect(() => $(bad)).to.throw(`"${bad}" is not a JSONPath`);
    });
  }

  it("refuses a key the caller wrote with a .$ suffix", () => {
    expect(() => renderPayload({ "TableName.$": "$.table" })).to.throw('"TableName.$"');
  });

  it("refuses a .$ key inside a nested object", () => {
    expect(() => renderPayload({ Key: { "pk.$": "$.pk" } })).to.throw('"pk.$"');
  });

  it("refuses a reference inside a list, naming the key and index", () => {
    expect(() => renderPayload({ Names: ["a", $("$.b")] })).to.throw('"Names[1]"');
  });

  it("refuses a number that JSON cannot hold", () => {
    expect(() => renderPayload({ Ratio: Number.NaN })).to.throw('"Ratio"');
  });
});

describe("asl payloads: shape of the output", () => {
  it("drops undefined members", () => {
    const out = renderPayload({
      Kept: 1,
      Dropped: undefined,
      Nested: { Gone: undefined, Here: "h" },
    });
    expect(out).to.deep.equal({ Kept: 1, Nested: { Here: "h" } });
    expect(Object.keys(out)).to.not.include("Dropped");
  });

  it("sorts keys, nested ones included", () => {
    const out = renderPayload({ zeta: 1, Alpha: $("$.a"), mid: { b: 2, a: 1 } });
    expect(Object.keys(out)).to.deep.equal(["Alpha.$", "mid", "zeta"]);
    expect(Object.keys(out.mid as object)).to.deep.equal(["a", "b"]);
  });

  it("renders the same payload to the same text whatever the order it was written in", () => {
    const one = renderPayload({ b: 1, a: { y: $("$.y"), x: 2 } });
    const two = renderPayload({ a: { x: 2, y: $("$.y") }, b: 1 });
    expect(JSON.stringify(one)).to.equal(JSON.stringify(two));
  });
});
