#!/usr/bin/env node
// Runs the TypeScript CLI directly: no build step.
require("tsx/cjs");
const { run } = require("../cli/main.ts");

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
