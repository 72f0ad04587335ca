import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { renderPolicy, type PolicyDocument } from "../policies/document";

export interface CustomerManagedKeyArgs {
  description: string;
  alias: string;
  policy: PolicyDocument;
  /** The roles the policy names as principals: KMS refuses a policy naming one that does not exist. */
  principals?: readonly pulumi.Resource[];
}

/**
 * A customer managed KMS key with its alias: rotation on, 30 days' grace before deletion, and the
 * planned key policy (an AWS managed key could not name the other account).
 */
export function customerManagedKey(
  name: string,
  args: CustomerManagedKeyArgs,
  parent: pulumi.Resource,
): aws.kms.Key {
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(args.policy),
    },
    { parent, dependsOn: [...(args.principals ?? [])] },
  );
  new aws.kms.Alias(`${name}-key-alias`, { name: args.alias, targetKeyId: key.keyId }, { parent });
  return key;
}
