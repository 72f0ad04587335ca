import {
  allStates,
  iamActionOfResource,
  isDistributedMap,
  type StateMachineDefinition,
} from "../asl";

/** The IAM actions a definition's tasks need, by the role that makes each call. */
export interface CallsByRole {
  /** Calls made with the execution role. */
  own: Set<string>;
  /** Calls made with `Credentials.RoleArn`, by role ARN: the execution role only assumes it. */
  assumed: Map<string, Set<string>>;
  /** Roles handed to a service through an `IamRoleArn` parameter: they need `iam:PassRole`. */
  passedRoles: Set<string>;
}

const NESTED_EXECUTION = /^arn:aws:states:::states:startExecution(\.sync(:2)?)?$/;

/**
 * Calls that act on other services as the caller: DynamoDB writes an export to S3, and reads an
 * import from it, with the caller's permissions (S3DataExport_Requesting.html,
 * S3DataImport.Requesting.html); through S3, the objects' KMS key too.
 */
const ACTING_AS_CALLER: Record<string, string[]> = {
  "dynamodb:ExportTableToPointInTime": [
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:PutObjectAcl",
    "kms:GenerateDataKey",
    "kms:Decrypt",
  ],
  "dynamodb:ImportTable": [
    "s3:GetObject",
    "s3:ListBucket",
    "kms:Decrypt",
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
    "logs:PutRetentionPolicy",
  ],
};

/**
 * A Distributed Map starts its child executions as executions of the machine itself and follows
 * them, with the execution role (iam-policies-eg-dist-map.html: StartExecution, DescribeExecution);
 * StopExecution, in AWS's earlier example, lets the Map Run stop its children when it fails.
 */
export const MAP_RUN_ACTIONS = [
  "states:StartExecution",
  "states:DescribeExecution",
  "states:StopExecution",
];

/** What a Task resource needs of IAM; undefined for a resource this project never uses. */
export function iamActionsOfResource(resource: string): string[] | undefined {
  const sdk = iamActionOfResource(resource);
  if (sdk !== undefined) return [sdk, ...(ACTING_AS_CALLER[sdk] ?? [])];
  const nested = NESTED_EXECUTION.exec(resource);
  if (nested !== null) {
    return nested[1] === undefined
      ? ["states:StartExecution"]
      : // .sync polls the child and may stop it; Step Functions tracks it with a managed rule.
        [
          "states:StartExecution",
          "states:DescribeExecution",
          "states:StopExecution",
          "events:PutTargets",
          "events:PutRule",
          "events:DescribeRule",
        ];
  }
  return undefined;
}

/** Merges the calls of several definitions that share one execution role. */
export function mergeCalls(all: CallsByRole[]): CallsByRole {
  const merged: CallsByRole = { own: new Set(), assumed: new Map(), passedRoles: new Set() };
  for (const calls of all) {
    calls.own.forEach((a) => merged.own.add(a));
    calls.passedRoles.forEach((r) => merged.passedRoles.add(r));
    for (const [role, actions] of calls.assumed) {
      const set = merged.assumed.get(role) ?? new Set<string>();
      actions.forEach((a) => set.add(a));
      merged.assumed.set(role, set);
    }
  }
  return merged;
}

/** Walks every Task of a definition (Map and Parallel included) and collects its IAM actions. */
export function callsOf(definition: StateMachineDefinition): CallsByRole {
  const calls: CallsByRole = { own: new Set(), assumed: new Map(), passedRoles: new Set() };
  for (const { name, state } of allStates(definition)) {
    if (isDistributedMap(state)) MAP_RUN_ACTIONS.forEach((action) => calls.own.add(action));
    if (state.Type !== "Task") continue;
    const actions = iamActionsOfResource(state.Resource);
    if (actions === undefined) {
      throw new Error(`State "${name}": no IAM actions are known for resource ${state.Resource}`);
    }
    const roleArn = state.Credentials?.RoleArn;
    if (state.Credentials !== undefined && roleArn === undefined) {
      throw new Error(
        `State "${name}": Credentials must name a fixed RoleArn so that policies can be derived`,
      );
    }
    const passed = state.Parameters?.IamRoleArn;
    if (typeof passed === "string") calls.passedRoles.add(passed);
    else if (state.Parameters !== undefined && "IamRoleArn.$" in state.Parameters) {
      throw new Error(
        `State "${name}": IamRoleArn must be a fixed ARN so that iam:PassRole can be scoped`,
      );
    }
    if (roleArn === undefined) {
      for (const action of actions) calls.own.add(action);
    } else {
      calls.own.add("sts:AssumeRole");
      const set = calls.assumed.get(roleArn) ?? new Set<string>();
      for (const action of actions) set.add(action);
      calls.assumed.set(roleArn, set);
    }
  }
  return calls;
}
