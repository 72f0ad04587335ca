import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { scratchDir } from "../helpers/scratch";
import { run } from "../../cli/main";
import { estimateTable, type CostReport } from "../../cost/estimate";
import type { Prices } from "../../cost/prices";
import { captureIo } from "../helpers/io";

const ARTICLE_PRICES = {
  region: "ap-northeast-1",
  date: "2023-03",
  currency: "USD",
  backup: { backupPerGb: 0, restorePerGb: 0.171, storagePerGbMonth: 0.114 },
  s3Export: { exportPerGb: 0.171, importPerGb: 0.114, storagePerGbMonth: 0.024 },
};

function scratch(files: Record<string, unknown>): string {
  const dir = scratchDir("cost-");
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(
      path.join(dir, name),
      typeof content === "string" ? content : JSON.stringify(content),
    );
  }
  return dir;
}

async function cost(args: string[]) {
  const io = captureIo();
  const code = await run(["cost", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function costJson(args: string[]): Promise<CostReport> {
  const result = await cost([...args, "--json"]);
  expect(result.code, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as CostReport;
}

describe("datarefresh cost", () => {
  describe("worked by hand from the article's prices", () => {
    it("1 GB, 30 exports, 10 imports, kept 1 day: backup 1.824, s3-export 6.294 (the article's 3.4x)", async () => {
      // backup:    restores 10 x 0.171 + storage 1 copy x 0.114             = 1.824
      // s3-export: exports 30 x 0.171 + imports 10 x 0.114 + storage 0.024 = 6.294
      // break-even: (5.130 + 0.024 - 0.114) / (0.171 - 0.114)             = 88.42 imports
      const report = await costJson(["--size-gb", "1"]);
      expect(report.tables).to.deep.equal([
        {
          table: "-",
          sizeGb: 1,
          backupMonthlyUsd: 1.824,
          s3ExportMonthlyUsd: 6.294,
          ratio: 3.451,
          breakEvenImports: 88.42,
          recommended: "backup",
        },
      ]);
      expect(report.total).to.deep.equal({ backupMonthlyUsd: 1.824, s3ExportMonthlyUsd: 6.294 });
    });

    it("past the break-even point s3-export is recommended: 10 GB, 100 imports", async () => {
      // backup:    10 x (0.114 + 100 x 0.171)                 = 172.14
      // s3-export: 10 x (30 x 0.171 + 0.024 + 100 x 0.114)    = 165.54
      const [row] = (await costJson(["--size-gb", "10", "--imports", "100"])).tables;
      expect(row!.backupMonthlyUsd).to.equal(172.14);
      expect(row!.s3ExportMonthlyUsd).to.equal(165.54);
      expect(row!.ratio).to.equal(0.962);
      expect(row!.recommended).to.equal("s3-export");
      expect(row!.breakEvenImports).to.equal(88.42);
    });

    it("longer retention stores more copies: 2 GB kept 7 days holds 7 copies", async () => {
      // backup:    2 x (7 x 0.114) + 10 x 2 x 0.171            = 5.016
      // s3-export: 2 x (30 x 0.171 + 7 x 0.024) + 10 x 2 x 0.114 = 12.876
      const [row] = (await costJson(["--size-gb", "2", "--retention-days", "7"])).tables;
      expect(row!.backupMonthlyUsd).to.equal(5.016);
      expect(row!.s3ExportMonthlyUsd).to.equal(12.876);
    });

    it("fewer exports change the fixed part only: 4 exports a month", async () => {
      // stored copies: 4 x 1 / 30; backup: 0.0152 + 1.71 = 1.7252; s3: 0.684 + 0.0032 + 1.14 = 1.8272
      const [row] = (await costJson(["--size-gb", "1", "--exports", "4"])).tables;
      expect(row!.backupMonthlyUsd).to.equal(1.7252);
      expect(row!.s3ExportMonthlyUsd).to.equal(1.8272);
    });
  });

  describe("every term, with a price of its own (each non-zero, none equal)", () => {
    const prices: Prices = {
      description: "test",
      region: "test",
      date: "test",
      currency: "USD",
      backup: { backupPerGb: 0.011, restorePerGb: 0.013, storagePerGbMonth: 0.017 },
      s3Export: { exportPerGb: 0.019, importPerGb: 0.023, storagePerGbMonth: 0.029 },
    };
    const usage = { exports: 30, imports: 10, retentionDays: 2 };
    const table = { table: "T", sizeGb: 100, hasLocalSecondaryIndexes: false };

    it("adds exports, stored copies and imports by hand: backup 49.4, s3-export 85.8", () => {
      // 2 stored copies (30 a month kept 2 days); backup: 100 x (30 x 0.011 + 2 x 0.017) + 10 x 100 x 0.013.
      const cost = estimateTable(table, usage, prices);
      expect(cost.backupMonthlyUsd).to.equal(49.4);
      // s3-export: 100 x (30 x 0.019 + 2 x 0.029) + 10 x 100 x 0.023.
      expect(cost.s3ExportMonthlyUsd).to.equal(85.8);
      expect(cost.ratio).to.equal(1.737);
      expect(cost.breakEvenImports).to.equal(null);
      expect(cost.recommended).to.equal("backup");
    });

    it("crosses where imports make up the difference: 26.4 imports a month", () => {
      const cheapImport = { ...prices, s3Export: { ...prices.s3Export, importPerGb: 0.003 } };
      // fixed: backup 36.4, s3-export 62.8; per import: 1.3 and 0.3.
      expect(estimateTable(table, usage, cheapImport).breakEvenImports).to.equal(26.4);
      expect(estimateTable(table, { ...usage, imports: 26 }, cheapImport).recommended).to.equal(
        "backup",
      );
      expect(estimateTable(table, { ...usage, imports: 27 }, cheapImport).recommended).to.equal(
        "s3-export",
      );
    });
  });

  describe("at the edges of the prices", () => {
    const free = { backupPerGb: 0, restorePerGb: 0, storagePerGbMonth: 0 };
    const prices: Prices = {
      description: "test",
      region: "test",
      date: "test",
      currency: "USD",
      backup: free,
      s3Export: { exportPerGb: 0.019, importPerGb: 0.023, storagePerGbMonth: 0.029 },
    };
    const usage = { exports: 30, imports: 10, retentionDays: 2 };
    const table = { table: "T", sizeGb: 100, hasLocalSecondaryIndexes: false };

    it("gives no ratio when backup costs nothing (not Infinity)", () => {
      const cost = estimateTable(table, usage, prices);
      expect([cost.backupMonthlyUsd, cost.ratio, cost.recommended]).to.deep.equal([
        0,
        null,
        "backup",
      ]);
    });

    it("breaks even at 0 imports when the fixed costs are equal and only imports differ", () => {
      const importsOnly = {
        ...prices,
        backup: { ...free, restorePerGb: 0.013 },
        s3Export: { exportPerGb: 0, importPerGb: 0.023, storagePerGbMonth: 0 },
      };
      expect(estimateTable(table, usage, importsOnly).breakEvenImports).to.equal(0);
    });
  });

  describe("from a catalog", () => {
    const catalog = [
      "tables:",
      "  - name: Following",
      "    sizeGb: 10",
      "    localSecondaryIndexes: [byCreatedAt]",
      "  - name: Users",
      "    sizeGb: 10",
      "",
    ].join("\n");

    it("prices each table and sums them; a table with LSIs stays on backup whatever the price", async () => {
      const dir = scratch({ "catalog.yaml": catalog });
      const report = await costJson([
        "--catalog",
        path.join(dir, "catalog.yaml"),
        "--imports",
        "100",
      ]);
      expect(report.tables.map((t) => [t.table, t.recommended])).to.deep.equal([
        ["Following", "backup"],
        ["Users", "s3-export"],
      ]);
      expect(report.total).to.deep.equal({ backupMonthlyUsd: 344.28, s3ExportMonthlyUsd: 331.08 });
    });

    it("prints a readable table by default, with totals", async () => {
      const dir = scratch({ "catalog.yaml": catalog });
      const result = await cost(["--catalog", path.join(dir, "catalog.yaml")]);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(
        /^Following\s+10\s+18\.24\s+62\.94\s+3\.45x\s+88\.4\s+backup$/m,
      );
      expect(result.stdout).to.match(/^total\s+36\.48\s+125\.88$/m);
    });

    it("refuses a table without a size, naming it", async () => {
      const dir = scratch({ "catalog.yaml": "tables:\n  - name: Users\n" });
      const result = await cost(["--catalog", path.join(dir, "catalog.yaml")]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(
        /catalog\.yaml: tables\[0\]\.sizeGb: missing: cost needs the size in GB of Users/,
      );
    });
  });

  describe("price files", () => {
    it("says never when both methods charge the same per import", async () => {
      const same = {
        ...ARTICLE_PRICES,
        s3Export: { ...ARTICLE_PRICES.s3Export, importPerGb: 0.171 },
      };
      const dir = scratch({ "prices.json": same });
      const [row] = (await costJson(["--size-gb", "1", "--prices", path.join(dir, "prices.json")]))
        .tables;
      expect(row!.breakEvenImports).to.equal(null);
    });

    it("gives no ratio for an empty table", async () => {
      const [row] = (await costJson(["--size-gb", "0"])).tables;
      expect(row!.ratio).to.equal(null);
      expect(row!.recommended).to.equal("backup");
    });

    it("refuses a price file missing a field, naming the file and the field", async () => {
      const { restorePerGb: _dropped, ...backup } = ARTICLE_PRICES.backup;
      const dir = scratch({ "prices.json": { ...ARTICLE_PRICES, backup } });
      const result = await cost(["--size-gb", "1", "--prices", path.join(dir, "prices.json")]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(
        /prices\.json: backup\.restorePerGb: expected the price per GB restored in USD/,
      );
    });

    it("refuses a price file that is not JSON, or is missing", async () => {
      const dir = scratch({ "prices.json": "{ not json" });
      const bad = await cost(["--size-gb", "1", "--prices", path.join(dir, "prices.json")]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/prices\.json: not valid JSON/);
      const missing = await cost(["--size-gb", "1", "--prices", path.join(dir, "nope.json")]);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/nope\.json: file not found/);
    });
  });

  describe("bad numbers", () => {
    for (const [flag, value] of [
      ["--size-gb", "-3"],
      ["--size-gb", "ten"],
      ["--exports", "-1"],
      ["--imports", "x"],
      ["--retention-days", ""],
    ]) {
      it(`refuses ${flag} ${JSON.stringify(value)} with exit code 2`, async () => {
        const result = await cost([flag!, value!]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.include(`argument '${value}' is invalid`);
        expect(result.stderr).to.match(/a number >= 0/);
      });
    }
  });
});
