import type { PolicyDocument } from "../policies/document";
import type { Vault } from "./backup";
import type { World } from "./world";

/** A permission AWS Backup needs from the role a job runs as, on a vault or a vault's key. */
interface ServiceCheck {
  action: string;
  resource: string;
  resourcePolicy: PolicyDocument;
  what: string;
}

/**
 * Why AWS Backup would refuse to run a job as `role`: a vault access policy or a KMS key policy
 * that leaves the role (or its account) out. The roles' own permissions come from AWS managed
 * policies (AWSBackupServiceRolePolicyFor*), which the rehearsal does not hold; they are taken to
 * allow the action, so the resource policy decides, as it does across accounts.
 */
export async function jobRefusal(
  world: World,
  role: string,
  checks: ServiceCheck[],
): Promise<string | undefined> {
  const authorizer = world.authorizer;
  if (authorizer === undefined) return undefined;
  for (const check of checks) {
    const decision = await authorizer.decide({
      principal: role,
      action: check.action,
      resource: check.resource,
      resourcePolicy: check.resourcePolicy,
      context: { "kms:ViaService": `backup.${world.model.region}.amazonaws.com` },
      identity: managedPolicyStandIn(check.action),
    });
    if (!decision.allowed) return `Access denied: ${check.what} (${decision.reason})`;
  }
  return undefined;
}

/**
 * What the AWS managed service-role policies (AWSBackupServiceRolePolicyFor*) are taken to grant:
 * the action, on anything. The rehearsal cannot read them offline.
 */
export function managedPolicyStandIn(action: string): PolicyDocument[] {
  return [
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] },
  ];
}

/** The vault's key: the job must encrypt with it (backup, copy destination) or decrypt (copy source, restore). */
export function keyCheck(vault: Vault, use: "encrypt" | "decrypt"): ServiceCheck[] {
  if (vault.key === undefined) return [];
  const action = use === "encrypt" ? "kms:GenerateDataKey" : "kms:Decrypt";
  return [
    {
      action,
      resource: vault.key.arn,
      resourcePolicy: vault.key.policy,
      what: `the key policy of ${vault.key.arn} does not let the job ${use} with it`,
    },
  ];
}

/** The destination vault's access policy must admit the copy. */
export function copyIntoCheck(vault: Vault): ServiceCheck[] {
  return [
    {
      action: "backup:CopyIntoBackupVault",
      resource: vault.arn,
      resourcePolicy: vault.accessPolicy ?? { Version: "2012-10-17", Statement: [] },
      what: `the access policy of ${vault.name} does not admit the copy`,
    },
  ];
}
