// The Pulumi program: `pulumi up` on stack prod or dev. Configuration errors stop it before any
// resource is declared.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { declareStack } from "./program";

function declare() {
  try {
    return declareStack(path.resolve(__dirname, ".."), pulumi.getStack());
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

const outputs = declare();
export const stateMachineArns = outputs.stateMachineArns;
export const roleArns = outputs.roleArns;
export const vaultArn = outputs.vaultArn;
export const topicArn = outputs.topicArn;
// Dev stack only: `pulumi stack output --json > .datarefresh.json` gives the CLI what it needs.
export const restoreStateMachineArn = outputs.restoreStateMachineArn;
export const chatBotRoleArn = outputs.chatBotRoleArn;
