import type { RestoreInput } from "../asl/machines/restore-input";

/**
 * What a member of a chat channel bound to Amazon Q Developer in chat applications types to start
 * a refresh: the AWS CLI command itself, and the aliases that shorten it. Amazon Q Developer takes
 * the text after its mention as the CLI's arguments, without a shell: the input is JSON with no
 * space and no quotes around it, as AWS's own alias example passes JSON.
 */

/** How a channel member addresses the app (its name in the workspace: `@aws` in older ones). */
export const MENTION = "@Amazon Q";

/** The start of a refresh from a channel, as a member types it (after the mention). */
function startCommand(restoreMachineArn: string, input: string): string {
  return `stepfunctions start-execution --state-machine-arn ${restoreMachineArn} --input ${input}`;
}

/** The input of a refresh, as the contract has it (README, "The refresh contract"). */
function inputText(input: RestoreInput): string {
  return JSON.stringify(input);
}

/** A command alias of a channel: created once there, then run with its variables by position. */
export interface ChatAlias {
  name: string;
  /** What a member types once, in the channel, to create it. */
  create: string;
  /** What a member then types, for example. */
  example: string;
}

/**
 * The commands of a channel: `requestedBy` is `chat:<channel>` (Amazon Q Developer does not tell
 * the command who typed it). `refresh dev-3 Following` refreshes one table; `refresh-all dev-3`
 * every catalogued table.
 */
export function channelCommands(
  restoreMachineArn: string,
  channel: string,
  example: { environment: string; table: string },
): { start: string; aliases: ChatAlias[] } {
  const requestedBy = `chat:${channel}`;
  const one = inputText({ environment: "$environment", tables: ["$table"], requestedBy });
  const every = inputText({ environment: "$environment", requestedBy });
  const alias = (name: string, input: string, args: string): ChatAlias => ({
    name,
    create: `${MENTION} alias create ${name} ${startCommand(restoreMachineArn, input)}`,
    example: `${MENTION} run ${name} ${args}`,
  });
  return {
    start: `${MENTION} ${startCommand(
      restoreMachineArn,
      inputText({ environment: example.environment, tables: [example.table], requestedBy }),
    )}`,
    aliases: [
      alias("refresh", one, `${example.environment} ${example.table}`),
      alias("refresh-all", every, example.environment),
    ],
  };
}
