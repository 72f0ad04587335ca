import type { ConditionBlock, Principal } from "./document";

/** The root principal of the account an IAM ARN belongs to: `arn:<partition>:iam::<account>:root`. */
export function accountRootOf(arn: string): string {
  const [, partition, , , account] = arn.split(":");
  return `arn:${partition}:iam::${account}:root`;
}

/**
 * A role or user named so that the policy can be written before it exists, and keeps matching
 * when it is re-created: its account as Principal, its ARN in an `aws:PrincipalArn` condition
 * (IAM stores a role ARN in Principal as the role's unique ID; it leaves condition values as
 * written). An account root is named as itself.
 */
export function pinnedPrincipal(arn: string): { Principal: Principal; Condition?: ConditionBlock } {
  const root = accountRootOf(arn);
  if (arn === root) return { Principal: { AWS: root } };
  return { Principal: { AWS: root }, Condition: { ArnEquals: { "aws:PrincipalArn": arn } } };
}

/** Condition blocks joined: keys under the same operator are merged, every one must hold. */
export function allConditions(...blocks: (ConditionBlock | undefined)[]): ConditionBlock {
  const joined: ConditionBlock = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block ?? {})) {
      joined[operator] = { ...joined[operator], ...keys };
    }
  }
  return joined;
}
