// The Pulumi program: `pulumi up` on stack prod or dev. Configuration errors, and prod tables not
// ready for their copy method, stop it before any resource is declared.
//
// The program is an async function (Pulumi runs it and awaits it): the prod stack looks its
// `s3-export` tables up before declaring anything. What it returns are the stack outputs:
// stateMachineArns, roleArns, vaultArn, topicArn; where chat channels are listed,
// chatConfigurationArns; in dev, restoreStateMachineArn and, where the chat bot is configured,
// chatBotRoleArn (`pulumi stack output --json > .datarefresh.json` gives
// the CLI what it needs); in prod, where some table is `s3-export`, exportBucketName and
// exportKeyArn.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { DeployRefused } from "./point-in-time-recovery";
import { declareStack, type StackOutputs } from "./program";

type Exported = Partial<Omit<StackOutputs, "stack">>;

async function declare(): Promise<Exported> {
  let outputs: StackOutputs;
  try {
    outputs = await declareStack(path.resolve(__dirname, ".."), pulumi.getStack());
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DeployRefused)
      throw new pulumi.RunError(error.message);
    throw error;
  }
  const { stack: _stack, ...exported } = outputs;
  // An output that does not apply to this stack is left out, not exported as undefined.
  return Object.fromEntries(
    Object.entries(exported).filter(([, value]) => value !== undefined),
  ) as Exported;
}

export = declare;
