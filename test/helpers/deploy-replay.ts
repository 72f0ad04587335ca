import type { PolicyDocument } from "../../policies/document";
import type { RecordedResource } from "./pulumi-mocks";

/**
 * Resources whose policy AWS checks when it is created or changed, and how AWS refuses one that
 * names a principal it does not know (IAM, KMS and S3 as their APIs word it; Backup and SNS
 * validate principals too).
 */
const CHECKED_POLICIES: Record<string, { input: string; refusal: string }> = {
  "aws:iam/role:Role": {
    input: "assumeRolePolicy",
    refusal: "MalformedPolicyDocument: Invalid principal in policy",
  },
  "aws:kms/key:Key": {
    input: "policy",
    refusal:
      "MalformedPolicyDocumentException: Policy contains a statement with one or more invalid principals",
  },
  "aws:s3/bucketPolicy:BucketPolicy": {
    input: "policy",
    refusal: "MalformedPolicy: Invalid principal in policy",
  },
  "aws:backup/vaultPolicy:VaultPolicy": { input: "policy", refusal: "invalid principal" },
  "aws:sns/topicPolicy:TopicPolicy": { input: "policy", refusal: "invalid principal" },
};

/** One stack's `pulumi up`: what the program registered, and the account it deploys into. */
export interface DeployedStack {
  stack: string;
  account: string;
  partition: string;
  resources: RecordedResource[];
}

export interface Refusal {
  stack: string;
  resource: string;
  principal: string;
  message: string;
}

/** The IAM principals (roles, users, account roots) a policy names: account IDs stand for roots. */
export function principalsNamed(document: PolicyDocument, partition: string): string[] {
  return document.Statement.flatMap((statement) => {
    const principal = statement.Principal;
    if (principal === undefined || principal === "*" || principal.AWS === undefined) return [];
    const values = Array.isArray(principal.AWS) ? principal.AWS : [principal.AWS];
    return values
      .filter((value) => value !== "*")
      .map((value) => (/^\d{12}$/.test(value) ? `arn:${partition}:iam::${value}:root` : value));
  });
}

function createdPrincipal(resource: RecordedResource, stack: DeployedStack): string | undefined {
  if (resource.type !== "aws:iam/role:Role") return undefined;
  return `arn:${stack.partition}:iam::${stack.account}:role/${String(resource.inputs.name)}`;
}

/** The stack's resources in an order the engine may create them: each after its dependencies. */
function creationOrder(stack: DeployedStack): RecordedResource[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn!, r]));
  const done = new Set<string>();
  const order: RecordedResource[] = [];
  const visit = (resource: RecordedResource, path: string[]) => {
    if (done.has(resource.urn!)) return;
    if (path.includes(resource.urn!)) throw new Error(`dependency cycle: ${path.join(" -> ")}`);
    for (const dependency of resource.dependencies ?? []) {
      const found = byUrn.get(dependency);
      if (found !== undefined) visit(found, [...path, resource.urn!]);
    }
    done.add(resource.urn!);
    order.push(resource);
  };
  stack.resources.forEach((r) => visit(r, []));
  return order;
}

/**
 * Replays the creation of each stack in turn, each stack's resources in dependency order, and
 * returns every policy AWS would refuse because it names a principal that does not exist at that
 * moment. The engine creates independent resources in any order (in parallel), so what surely
 * exists when a resource is created is what existed before the stack, and what its dependencies
 * (transitively) create: nothing else counts.
 */
export function replayDeploys(stacks: DeployedStack[], existing: Iterable<string>): Refusal[] {
  const exists = new Set(existing);
  const refusals: Refusal[] = [];
  for (const stack of stacks) {
    const unregistered = stack.resources.filter((r) => r.urn === undefined);
    if (unregistered.length > 0) {
      throw new Error(
        `stack ${stack.stack}: ${unregistered.length} resources not registered yet; await allRegistered() first`,
      );
    }
    const byUrn = new Map(stack.resources.map((r) => [r.urn!, r]));
    const before = new Map<string, Set<string>>();
    const surelyCreatedBefore = (resource: RecordedResource): Set<string> => {
      const known = before.get(resource.urn!);
      if (known !== undefined) return known;
      const created = new Set<string>();
      for (const urn of resource.dependencies ?? []) {
        const dependency = byUrn.get(urn);
        if (dependency === undefined) continue;
        surelyCreatedBefore(dependency).forEach((p) => created.add(p));
        const own = createdPrincipal(dependency, stack);
        if (own !== undefined) created.add(own);
      }
      before.set(resource.urn!, created);
      return created;
    };
    for (const resource of creationOrder(stack)) {
      const checked = CHECKED_POLICIES[resource.type];
      const text = checked === undefined ? undefined : resource.inputs[checked.input];
      if (checked !== undefined && typeof text === "string") {
        const document = JSON.parse(text) as PolicyDocument;
        const created = surelyCreatedBefore(resource);
        for (const principal of principalsNamed(document, stack.partition)) {
          if (exists.has(principal) || created.has(principal)) continue;
          refusals.push({
            stack: stack.stack,
            resource: `${resource.type} ${resource.name}`,
            principal,
            message: `${checked.refusal}: "AWS":"${principal}"`,
          });
        }
      }
    }
    for (const resource of stack.resources) {
      const own = createdPrincipal(resource, stack);
      if (own !== undefined) exists.add(own);
    }
  }
  return refusals;
}
