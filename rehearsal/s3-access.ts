import type { AuthRequest } from "./authorize";
import type { SimKey } from "./kms";
import { objectArn, type Bucket } from "./s3";
import type { Failure } from "./failure";
import type { World } from "./world";

/** A request DynamoDB makes to S3 or KMS with the caller's credentials, and what its denial means. */
export interface AccessCheck {
  request: AuthRequest;
  code: "S3AccessDenied" | "KMSAccessDenied";
}

/** DynamoDB reaches S3 over TLS; the Authorizer adds the caller's aws:PrincipalArn and account. */
const OVER_TLS = { "aws:SecureTransport": "true" };

/** An S3 request on an object (`key`) or on the bucket itself (ListBucket, with its `s3:prefix`). */
export function s3Check(
  principal: string,
  action: "s3:PutObject" | "s3:GetObject" | "s3:ListBucket",
  bucket: Bucket,
  target: { key: string } | { prefix: string },
): AccessCheck {
  const onObject = "key" in target;
  return {
    code: "S3AccessDenied",
    request: {
      principal,
      action,
      resource: onObject ? objectArn(bucket, target.key) : bucket.arn,
      resourceAccount: bucket.owner,
      resourcePolicy: bucket.policy ?? { Version: "2012-10-17", Statement: [] },
      context: {
        ...OVER_TLS,
        ...(onObject ? {} : { "s3:prefix": target.prefix }),
      },
    },
  };
}

/** A KMS request S3 makes for the caller to encrypt or decrypt an object with `key`. */
export function kmsViaS3Check(
  world: World,
  principal: string,
  action: "kms:GenerateDataKey" | "kms:Decrypt",
  key: SimKey,
): AccessCheck {
  return {
    code: "KMSAccessDenied",
    request: {
      principal,
      action,
      resource: key.arn,
      resourcePolicy: key.policy,
      context: {
        ...OVER_TLS,
        "kms:ViaService": `s3.${world.model.region}.amazonaws.com`,
        "kms:CallerAccount": principal.split(":")[4] ?? "",
        "kms:ResourceAliases": key.aliases,
      },
    },
  };
}

/**
 * The first check the caller's identity policies and the resource's policy do not both allow
 * (across accounts) or neither allows (in one account), as a failure; none without an authorizer.
 */
export async function accessFailure(
  world: World,
  checks: AccessCheck[],
): Promise<Failure | undefined> {
  const authorizer = world.authorizer;
  if (authorizer === undefined) return undefined;
  for (const check of checks) {
    const decision = await authorizer.decide(check.request);
    if (!decision.allowed) return { code: check.code, message: decision.reason };
  }
  return undefined;
}
