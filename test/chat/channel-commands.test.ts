import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { checkRestoreInput, restoreRulesOf } from "../../asl/machines/restore-input";
import { channelCommands } from "../../chat/channel-commands";
import { arns } from "../../config/model";
import { PROJECT_DIR } from "../helpers/project";
import { models } from "../helpers/rehearsal";

const { dev } = models();
const RESTORE = arns(dev).restoreMachine;
const commands = channelCommands(RESTORE, "dev-refreshes", {
  environment: "dev-3",
  table: "Following",
});

/** The request a command sends: its `--input`, the last of its arguments. */
function inputOf(command: string): unknown {
  const [, input] = /--input (\S+)$/.exec(command)!;
  return JSON.parse(input!);
}

/** What Amazon Q Developer runs for an alias: its command, each `$variable` given by position. */
function run(create: string, ...values: string[]): string {
  const command = create.replace(/^@Amazon Q alias create \S+ /, "");
  const variables = [...new Set(command.match(/\$\w+/g) ?? [])];
  return variables.reduce((text, variable, i) => text.split(variable).join(values[i]!), command);
}

describe("the commands a chat channel member types", () => {
  it("start a refresh with the contract's input, quoted as the channel takes it: no space, no shell quotes", () => {
    expect(commands.start).to.equal(
      `@Amazon Q stepfunctions start-execution --state-machine-arn ${RESTORE} --input {"environment":"dev-3","tables":["Following"],"requestedBy":"chat:dev-refreshes"}`,
    );
    expect(checkRestoreInput(inputOf(commands.start), restoreRulesOf(dev))).to.deep.include({
      ok: true,
    });
  });

  it("shorten it to `refresh dev-3 Following` and `refresh-all dev-3` with two aliases", () => {
    expect(commands.aliases.map((a) => [a.name, a.example])).to.deep.equal([
      ["refresh", "@Amazon Q run refresh dev-3 Following"],
      ["refresh-all", "@Amazon Q run refresh-all dev-3"],
    ]);
    expect(commands.aliases[0]!.create).to.equal(
      `@Amazon Q alias create refresh stepfunctions start-execution --state-machine-arn ${RESTORE} --input {"environment":"$environment","tables":["$table"],"requestedBy":"chat:dev-refreshes"}`,
    );
    const rules = restoreRulesOf(dev);
    expect(inputOf(run(commands.aliases[0]!.create, "dev-3", "Following"))).to.deep.equal({
      environment: "dev-3",
      tables: ["Following"],
      requestedBy: "chat:dev-refreshes",
    });
    expect(
      checkRestoreInput(inputOf(run(commands.aliases[1]!.create, "dev-3")), rules),
    ).to.deep.include({
      ok: true,
    });
    // A typo reaches the machine, which refuses it as InvalidInput; its notice says why.
    expect(
      checkRestoreInput(inputOf(run(commands.aliases[0]!.create, "dev-9", "Following")), rules),
    ).to.deep.equal({
      ok: false,
      cause:
        'environment "dev-9" is not configured; expected one of: dev-1, dev-2, dev-3, dev-4, dev-5',
    });
  });

  it("fit what Amazon Q Developer takes: an alias name of 30 characters, a command of 5,000", () => {
    for (const alias of commands.aliases) {
      expect(alias.name).to.match(/^[A-Za-z0-9_-]{1,30}$/);
      expect(run(alias.create).length).to.be.below(5_000);
    }
  });

  it("are the ones the runbook gives, word for word", () => {
    const runbook = readFileSync(path.join(PROJECT_DIR, "docs/setup.md"), "utf8");
    for (const text of [commands.start, ...commands.aliases.flatMap((a) => [a.create, a.example])])
      expect(runbook, text).to.include(text);
  });
});
