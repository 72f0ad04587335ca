import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { iamActionOf } from "../asl/sdk";
import { arns, type Arns, type StackModel } from "../config/model";
import type { PolicyDocument } from "../policies/document";
import type { StackPlan } from "../stack/plan";

/** One request to IAM: who, what, on which resource, with which context and resource policy. */
export interface AuthRequest {
  principal: string;
  action: string;
  resource: string;
  /** The resource's account, where its ARN does not say (S3 buckets and objects). */
  resourceAccount?: string;
  /** Context keys of the request; multi-valued ones (`kms:ResourceAliases`) as lists. */
  context?: Record<string, string | string[]>;
  resourcePolicy?: PolicyDocument;
  /** The principal's identity policies, where they are not the synthesized ones. */
  identity?: PolicyDocument[];
  /**
   * A chat channel's guardrail, which caps whatever role a channel member acts with: what is
   * allowed is what both the role and the guardrail allow (a session policy's logic).
   */
  guardrail?: PolicyDocument;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * Decisions already made, by the asking role's identity policies and the request (which holds
 * any other policy): a run asks the same few questions thousands of times, and the runs of a
 * test process ask the same ones again.
 */
const DECISIONS = new Map<string, Promise<Decision>>();

/** A number for each set of identity policies, by their JSON text: a short part of a key. */
const POLICY_SETS = new Map<string, number>();

function policySetNumber(documents: PolicyDocument[]): number {
  const text = JSON.stringify(documents);
  let number = POLICY_SETS.get(text);
  if (number === undefined) {
    number = POLICY_SETS.size;
    POLICY_SETS.set(text, number);
  }
  return number;
}

/**
 * Decides requests as AWS would, with @cloud-copilot/iam-simulate (AGPL: used by the rehearsal and
 * tests only, never by the deployed program), from the policies the stacks synthesize.
 */
export class Authorizer {
  private readonly identity = new Map<string, PolicyDocument[]>();
  private readonly trust = new Map<string, PolicyDocument>();

  constructor(plans: { plan: StackPlan; model: StackModel }[]) {
    for (const { plan, model } of plans) {
      const account = model.accounts[plan.stack];
      for (const p of plan.policies) {
        const roleArn = arns(model).role(account, p.attachedTo);
        if (p.kind === "identity")
          this.identity.set(roleArn, [...(this.identity.get(roleArn) ?? []), p.document]);
        if (p.kind === "trust") this.trust.set(roleArn, p.document);
      }
    }
  }

  /** The trust policy of a role, for an `sts:AssumeRole` request. */
  trustOf(roleArn: string): PolicyDocument | undefined {
    return this.trust.get(roleArn);
  }

  /** Replaces a role's identity policies: for tests that break them on purpose. */
  setIdentity(roleArn: string, documents: PolicyDocument[]): void {
    this.identity.set(roleArn, documents);
    this.identitySets.delete(roleArn);
  }

  /** Each role's identity policies, as the number that stands for them in a decision's key. */
  private readonly identitySets = new Map<string, number>();

  decide(request: AuthRequest): Promise<Decision> {
    let identity = this.identitySets.get(request.principal);
    if (identity === undefined) {
      identity = policySetNumber(this.identity.get(request.principal) ?? []);
      this.identitySets.set(request.principal, identity);
    }
    const key = `${identity}\n${JSON.stringify(request)}`;
    let decision = DECISIONS.get(key);
    if (decision === undefined) {
      decision = this.simulate(request);
      DECISIONS.set(key, decision);
    }
    return decision;
  }

  private async simulate(request: AuthRequest): Promise<Decision> {
    const run = (resource: string) =>
      runSimulation(
        {
          identityPolicies: (request.identity ?? this.identity.get(request.principal) ?? []).map(
            (policy, i) => ({
              name: `policy-${i}`,
              policy,
            }),
          ),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...(request.resourcePolicy === undefined
            ? {}
            : { resourcePolicy: request.resourcePolicy }),
          ...(request.guardrail === undefined ? {} : { sessionPolicy: request.guardrail }),
          request: {
            action: request.action,
            principal: request.principal,
            resource: {
              accountId:
                request.resourceAccount ??
                accountOf(request.resource) ??
                accountOf(request.principal)!,
              resource,
            },
            // AWS sets these on every request; resource policies test them.
            contextVariables: {
              "aws:PrincipalArn": request.principal,
              "aws:PrincipalAccount": accountOf(request.principal) ?? "",
              ...request.context,
            },
          },
        } as Simulation,
        {},
      );
    let response = await run(request.resource);
    // Actions that take no resource-level scope (AWS Backup's Describe*Job) are asked about "*".
    if (
      response.resultType === "error" &&
      JSON.stringify(response.errors).includes("must.use.wildcard")
    ) {
      response = await run("*");
    }
    if (response.resultType === "error") {
      return {
        allowed: false,
        reason: `the request could not be evaluated: ${JSON.stringify(response.errors)}`,
      };
    }
    if (response.overallResult === "Allowed") return { allowed: true };
    return {
      allowed: false,
      reason: `User: ${request.principal} is not authorized to perform: ${request.action} on resource: ${request.resource} (${response.overallResult})`,
    };
  }
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(":")[4];
  return account === undefined || account === "" ? undefined : account;
}

/** What IAM is asked when a Task makes an SDK call: the action on its resource, and roles passed. */
export function requestsOfCall(
  a: Pick<Arns, "table" | "vault">,
  account: string,
  principal: string,
  service: string,
  action: string,
  params: Record<string, unknown>,
): AuthRequest[] {
  const iamAction = iamActionOf(service, action);
  let resource = "*";
  const created = params.TableCreationParameters as { TableName?: unknown } | undefined;
  if (typeof params.TableName === "string") resource = a.table(account, params.TableName);
  else if (typeof created?.TableName === "string") resource = a.table(account, created.TableName);
  else if (service === "dynamodb" && typeof params.ResourceArn === "string")
    resource = params.ResourceArn;
  else if (service === "dynamodb" && typeof params.TableArn === "string")
    resource = params.TableArn;
  else if (typeof params.ExportArn === "string") resource = params.ExportArn;
  else if (typeof params.ImportArn === "string") resource = params.ImportArn;
  else if (typeof params.BackupVaultName === "string")
    resource = a.vault(account, params.BackupVaultName);
  else if (typeof params.RecoveryPointArn === "string") resource = params.RecoveryPointArn;
  else if (typeof params.ExecutionArn === "string") resource = params.ExecutionArn;
  else if (typeof params.TopicArn === "string") resource = params.TopicArn;
  const requests: AuthRequest[] = [{ principal, action: iamAction, resource }];
  if (typeof params.IamRoleArn === "string") {
    requests.push({
      principal,
      action: "iam:PassRole",
      resource: params.IamRoleArn,
      context: { "iam:PassedToService": "backup.amazonaws.com" },
    });
  }
  return requests;
}
