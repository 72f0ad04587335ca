import type { SFNClient } from "@aws-sdk/client-sfn";
import type { RestoreRules } from "../asl/machines/restore-input";
import { parseStatesArn } from "./arns";

/**
 * What every call of this library needs: a Step Functions client (credentials and Region of the
 * dev account, for example through the chat bot's role), the restore machine's ARN (the dev
 * stack's output `restoreStateMachineArn`) and the rules requests are checked against
 * (`restoreRulesOf(model)` of the dev stack, or the same lists written by hand).
 */
export interface RefreshClient {
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  readonly rules: RestoreRules;
  /** The clock that names executions; the real one by default. */
  readonly now?: () => Date;
}

/** Checks the options and returns the client; an ARN that is no state machine ARN is refused. */
export function refreshClient(options: RefreshClient): RefreshClient {
  const arn = parseStatesArn(options.stateMachineArn);
  if (arn === undefined || arn.execution !== undefined) {
    throw new Error(
      `stateMachineArn ${JSON.stringify(options.stateMachineArn)} is not a state machine ARN such as arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore`,
    );
  }
  return options;
}
