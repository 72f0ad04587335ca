import { policy, type ConditionBlock, type PolicyDocument } from "./document";
import { allConditions, pinnedPrincipal } from "./principal";

/**
 * Trust for one role, user or account, only when it gives this external ID. The principal is
 * named by its account and pinned by `aws:PrincipalArn`, so that the trust can be created before
 * the principal exists (IAM refuses a Principal it does not know) and survives its re-creation.
 */
export function externalIdTrust(principalArn: string, externalId: string): PolicyDocument {
  const { Principal, Condition } = pinnedPrincipal(principalArn);
  return policy({
    Effect: "Allow",
    Principal,
    Action: "sts:AssumeRole",
    Condition: allConditions(Condition, { StringEquals: { "sts:ExternalId": externalId } }),
  });
}

/**
 * Trust for a role that a state machine assumes through a Task's `Credentials`: only that
 * machine's execution role, and only with the machine's ARN as external ID, as Step Functions
 * passes it.
 */
export function machineTrust(callerRoleArn: string, callerMachineArn: string): PolicyDocument {
  return externalIdTrust(callerRoleArn, callerMachineArn);
}

function serviceTrust(service: string, condition?: ConditionBlock): PolicyDocument {
  return policy({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    ...(condition === undefined ? {} : { Condition: condition }),
  });
}

/**
 * Step Functions, for the state machines of one account and Region, in AWS's documented
 * confused-deputy form (`aws:SourceAccount` and `stateMachine:*` as `aws:SourceArn`): which ARN a
 * Distributed Map's child executions present is not documented, and every machine of ours shares
 * its side's role anyway.
 */
export function stepFunctionsTrust(
  partition: string,
  region: string,
  account: string,
): PolicyDocument {
  return serviceTrust("states.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": account },
    ArnLike: { "aws:SourceArn": `arn:${partition}:states:${region}:${account}:stateMachine:*` },
  });
}

/**
 * AWS Backup, for the role passed to its jobs as `IamRoleArn`: no condition, since no AWS page says
 * Backup sends `aws:SourceAccount` or `aws:SourceArn` then, and an absent key would fail every job.
 */
export function backupTrust(): PolicyDocument {
  return serviceTrust("backup.amazonaws.com");
}

/**
 * Amazon Q Developer in chat applications, for a chat channel's role: no condition, as AWS
 * documents the trust (and no source key it would send).
 */
export function chatbotTrust(): PolicyDocument {
  return serviceTrust("chatbot.amazonaws.com");
}

/** EventBridge, for the rules of one account (its documented `aws:SourceAccount` key). */
export function eventsTrust(account: string): PolicyDocument {
  return serviceTrust("events.amazonaws.com", { StringEquals: { "aws:SourceAccount": account } });
}
