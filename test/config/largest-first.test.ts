import { expect } from "chai";
import { largestFirst } from "../../config/catalog";

describe("the order tables are started in", () => {
  it("is largest first, unknown sizes counted largest, ties in catalog order", () => {
    const tables = [
      { name: "a", sizeGb: 3 },
      { name: "b", sizeGb: 40 },
      { name: "c" },
      { name: "d", sizeGb: 3 },
      { name: "e", sizeGb: 12 },
    ];
    expect(largestFirst(tables).map((t) => t.name)).to.deep.equal(["c", "b", "e", "a", "d"]);
    expect(tables.map((t) => t.name)).to.deep.equal(["a", "b", "c", "d", "e"]);
  });
});
