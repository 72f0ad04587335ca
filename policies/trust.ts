import { policy, type PolicyDocument } from "./document";

/** Trust for one AWS principal, only when it gives this external ID. */
export function externalIdTrust(principalArn: string, externalId: string): PolicyDocument {
  return policy({
    Effect: "Allow",
    Principal: { AWS: principalArn },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "sts:ExternalId": externalId } },
  });
}

/**
 * Trust for a role that a state machine in another account assumes through a Task's
 * `Credentials`: only that machine's execution role, and only with the machine's ARN as external
 * ID, as Step Functions passes it.
 */
export function crossAccountTrust(callerRoleArn: string, callerMachineArn: string): PolicyDocument {
  return externalIdTrust(callerRoleArn, callerMachineArn);
}
