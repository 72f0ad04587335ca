import { NAMES } from "../config/model";
import { executionArnOf, parseStatesArn } from "./arns";
import type { RefreshClient } from "./client";
import { RequestRefused } from "./errors";

/**
 * The ARN of a refresh given by its ARN or by its name (`dev-3-20261126T160000Z-slack-U0123`),
 * which is resolved against the client's restore machine.
 */
export function refreshArnOf(client: RefreshClient, execution: string): string {
  const given = execution.trim();
  if (given.startsWith("arn:")) {
    const arn = parseStatesArn(given);
    if (arn?.execution === undefined)
      throw new RequestRefused(`${given} is not a Step Functions execution ARN`);
    const machine = parseStatesArn(client.stateMachineArn)?.machine ?? NAMES.restoreMachine;
    if (arn.machine !== machine)
      throw new RequestRefused(
        `${given} is an execution of ${arn.machine}; refreshes are executions of ${machine}`,
      );
    return given;
  }
  if (!/^[\w-]{1,80}$/.test(given))
    throw new RequestRefused(
      `${JSON.stringify(given)} is neither an execution name such as dev-3-20261126T160000Z-slack-U0123 nor an execution ARN`,
    );
  return executionArnOf(client.stateMachineArn, given);
}
