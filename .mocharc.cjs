// No spec here: `npm test` names the files, so that `npx mocha test/x.test.ts` runs that file alone.
const os = require("node:os");

module.exports = {
  "node-option": ["import=tsx"],
  require: ["test/hooks/root.ts", "test/hooks/temp-folder.ts"],
  extension: ["ts"],
  timeout: 20000,
  reporter: "spec",
  // Used with --parallel (npm test): one worker a core, and two on a machine of two or fewer.
  jobs: Math.max(2, os.availableParallelism() - 1),
};
