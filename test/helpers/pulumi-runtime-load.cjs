// Loads infra/index.ts the way the Pulumi CLI's Node.js language host does (see
// @pulumi/pulumi/cmd/run/run.js): ts-node registered with the project's tsconfig.json, CommonJS.
// Resources go to mocks instead of an engine. Prints what the program exports.
//   node pulumi-runtime-load.cjs <project> <stack> [--type-check]
// With --type-check, as the CLI runs it: ts-node type-checks every file it loads (about 30 s
// of CPU, so `npm test` loads without it and CI runs it once, in .ci/run).
const path = require("node:path");
const [projectDir, stack, ...flags] = process.argv.slice(2);
const typeCheck = flags.includes("--type-check");
process.chdir(projectDir);
const tsutils = require("@pulumi/pulumi/tsutils");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: typeCheck ? compilerOptions.noCheck : true,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...compilerOptions,
  },
});
const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      types.push(args.type);
      return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:mock:${args.name}` } };
    },
    // getTable finds every table, with point-in-time recovery on.
    call: (args) =>
      args.token === "aws:dynamodb/getTable:getTable"
        ? { name: args.inputs.name, pointInTimeRecovery: { enabled: true } }
        : args.inputs,
  },
  "datarefresh",
  stack,
  false,
);
// As the language host does: a program that exports a function is run, and what it returns (or
// resolves to) is the stack outputs.
const program = require(path.resolve("infra/index.ts"));
Promise.resolve(typeof program === "function" ? program() : program).then((outputs) => {
  setTimeout(() => {
    process.stdout.write(JSON.stringify({ exports: Object.keys(outputs).sort(), types }));
  }, 500);
});
