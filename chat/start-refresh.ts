import { StartExecutionCommand, type StartExecutionCommandInput } from "@aws-sdk/client-sfn";
import { checkRestoreInput, type RestoreInput } from "../asl/machines/restore-input";
import { consoleUrlOf } from "./arns";
import type { RefreshClient } from "./client";
import { AwsCallFailed, call, RequestRefused } from "./errors";
import { executionName } from "./execution-name";

/** A refresh request: the restore machine's input contract. */
export type RefreshRequest = RestoreInput;

export interface StartedRefresh {
  executionArn: string;
  executionName: string;
  consoleUrl: string;
  /** The input the machine was started with. */
  input: RestoreInput;
  startDate: Date;
}

/**
 * Starts a refresh. The request is checked first against the rules the restore machine applies
 * (the same definition, `asl/machines/restore-input.ts`): a request it would refuse throws
 * RequestRefused and never reaches AWS. AWS's refusals throw AwsCallFailed.
 */
export async function startRefresh(
  client: RefreshClient,
  request: RefreshRequest,
): Promise<StartedRefresh> {
  const checked = checkRestoreInput(request, client.rules);
  if (!checked.ok) throw new RequestRefused(checked.cause);
  const input = checked.input;
  const name = executionName(
    input.environment,
    input.requestedBy,
    (client.now ?? (() => new Date()))(),
  );
  const params: StartExecutionCommandInput = {
    stateMachineArn: client.stateMachineArn,
    name,
    input: JSON.stringify(input),
  };
  const started = await call("StartExecution", client.stateMachineArn, () =>
    client.sfn.send(new StartExecutionCommand(params)),
  ).catch((error: unknown) => {
    if (error instanceof AwsCallFailed && error.code === "ExecutionAlreadyExists") {
      throw new AwsCallFailed(
        `a refresh named ${name} already exists with another request (two requests of ${input.environment} by the same person within a second): see it with status ${name}`,
        error.code,
        error.operation,
        false,
      );
    }
    throw error;
  });
  const executionArn = started.executionArn!;
  return {
    executionArn,
    executionName: name,
    consoleUrl: consoleUrlOf(executionArn),
    input,
    startDate: started.startDate ?? new Date(),
  };
}
