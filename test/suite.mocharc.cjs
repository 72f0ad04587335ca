// `npm test`: every test file, run in parallel by the options of .mocharc.cjs. Files are handed to
// the workers in this order, the slowest first, so that no worker is left running a long file
// alone at the end: a file that grows slow belongs on this list.
const fs = require("node:fs");
const path = require("node:path");
const base = require("../.mocharc.cjs");

const SLOWEST = [
  "test/scale/payload-bounds.test.ts",
  "test/machines/outcomes.test.ts",
  "test/machines/properties.test.ts",
  "test/infra/program.test.ts",
  "test/machines/fault-tolerance.test.ts",
  "test/machines/account-limits.test.ts",
  "test/machines/restore.test.ts",
  "test/machines/notices.test.ts",
];

const root = path.join(__dirname, "..");
const all = fs
  .readdirSync(path.join(root, "test"), { recursive: true })
  .map((file) => path.posix.join("test", String(file).split(path.sep).join("/")))
  .filter((file) => file.endsWith(".test.ts"))
  .sort();
const missing = SLOWEST.filter((file) => !all.includes(file));
if (missing.length > 0)
  throw new Error(`test/suite.mocharc.cjs: no such test file: ${missing.join(", ")}`);

module.exports = {
  ...base,
  parallel: true,
  spec: [...SLOWEST, ...all.filter((file) => !SLOWEST.includes(file))],
};
