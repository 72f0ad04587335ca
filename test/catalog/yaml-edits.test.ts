import { expect } from "chai";
import { parseDocument } from "yaml";
import { applyEdits, type CatalogEdit } from "../../catalog/yaml-edits";

const edited = (source: string, ...edits: CatalogEdit[]) =>
  applyEdits(source, parseDocument(source), edits);
const size = (value: unknown): CatalogEdit => ({
  kind: "set",
  path: ["tables", 0, "sizeGb"],
  value,
  after: ["name", "method"],
});

describe("edits made in a catalog's own text", () => {
  it("replaces a value on its line, keeping its comment, and fills a key written without one", () => {
    expect(edited("tables:\n  - name: A\n    sizeGb: 1 # measured\n", size(3))).to.equal(
      "tables:\n  - name: A\n    sizeGb: 3 # measured\n",
    );
    expect(edited("tables:\n  - name: A\n    sizeGb:\n    dev: {}\n", size(3))).to.equal(
      "tables:\n  - name: A\n    sizeGb: 3\n    dev: {}\n",
    );
    expect(edited("tables:\n  - name: A\n    sizeGb: # soon\n    dev: {}\n", size(3))).to.equal(
      "tables:\n  - name: A\n    sizeGb: 3\n    dev: {}\n",
    );
  });

  it("inserts a missing key after those that come before it, at the map's indentation", () => {
    expect(
      edited("tables:\n    - name: A\n      method: backup\n      dev: {}\n", size(3)),
    ).to.equal("tables:\n    - name: A\n      method: backup\n      sizeGb: 3\n      dev: {}\n");
  });

  it("replaces a block value as a whole, and deletes a key with its lines but not the comment before the next", () => {
    const source =
      "tables:\n  - name: A\n    localSecondaryIndexes:\n      - a\n    # next\n    dev: {}\n";
    expect(
      edited(source, {
        kind: "set",
        path: ["tables", 0, "localSecondaryIndexes"],
        value: ["b", "c"],
        after: ["name"],
      }),
    ).to.equal(
      "tables:\n  - name: A\n    localSecondaryIndexes: [b, c]\n    # next\n    dev: {}\n",
    );
    expect(
      edited(source, { kind: "delete", path: ["tables", 0, "localSecondaryIndexes"] }),
    ).to.equal("tables:\n  - name: A\n    # next\n    dev: {}\n");
  });

  it("appends an entry after the last, at the list's indentation, in a file without a final line break", () => {
    expect(
      edited("tables:\n  - name: A\n    dev: {} # x", {
        kind: "append",
        entry: { name: "B", dev: { billing: { mode: "PAY_PER_REQUEST" } } },
        comment: "prod tags, not copied: team=a",
      }),
    ).to.equal(
      "tables:\n  - name: A\n    dev: {} # x\n  - name: B\n    # prod tags, not copied: team=a\n    dev:\n      billing: { mode: PAY_PER_REQUEST }\n",
    );
  });
});
