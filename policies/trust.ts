import { policy, type PolicyDocument } from "./document";

/**
 * Trust for a role that a state machine in another account assumes through a Task's
 * `Credentials`: only that machine's execution role, and only with the machine's ARN as external
 * ID, as Step Functions passes it.
 */
export function crossAccountTrust(callerRoleArn: string, callerMachineArn: string): PolicyDocument {
  return policy({
    Effect: "Allow",
    Principal: { AWS: callerRoleArn },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "sts:ExternalId": callerMachineArn } },
  });
}
