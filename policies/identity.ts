import { policy, type ConditionBlock, type PolicyDocument, type Statement } from "./document";

/**
 * Where an action may act: resource ARN patterns, and a condition where the resource cannot be
 * named before deployment (a KMS key's ID) but what the key is used for can.
 */
export interface ConditionalScope {
  resources: readonly string[];
  condition: ConditionBlock;
}

/** Where each action may act, for one role. An action without scope is an error, never `*` by accident. */
export type ResourceScopes = Record<string, readonly string[] | ConditionalScope>;

/** The resource patterns of a scope, with or without its condition. */
export function resourcesOf(
  scope: readonly string[] | ConditionalScope | undefined,
): readonly string[] {
  if (scope === undefined) return [];
  return "resources" in scope ? scope.resources : scope;
}

/**
 * An identity policy allowing exactly `actions`, each on the resources `scopes` gives it.
 * Actions with the same resources and condition share a statement, so the document stays short.
 */
export function identityPolicy(
  role: string,
  actions: Iterable<string>,
  scopes: ResourceScopes,
  extra: Statement[] = [],
): PolicyDocument {
  const groups = new Map<
    string,
    { actions: string[]; resources: string[]; condition: ConditionBlock | undefined }
  >();
  for (const action of [...actions].sort()) {
    const scope = scopes[action];
    const resources = [...resourcesOf(scope)].sort();
    if (resources.length === 0) {
      throw new Error(
        `role ${role}: no resource scope is declared for ${action}; add one where this role's scopes are declared`,
      );
    }
    const condition = scope !== undefined && "condition" in scope ? scope.condition : undefined;
    const key = JSON.stringify([resources, condition ?? null]);
    const group = groups.get(key) ?? { actions: [], resources, condition };
    group.actions.push(action);
    groups.set(key, group);
  }
  const statements: Statement[] = [...groups.values()].map((group) => ({
    Effect: "Allow",
    Action: group.actions,
    Resource: group.resources.length === 1 ? group.resources[0]! : group.resources,
    ...(group.condition === undefined ? {} : { Condition: group.condition }),
  }));
  return policy(...statements, ...extra);
}

/** `iam:PassRole` on exactly the roles a machine hands to AWS Backup, for AWS Backup only. */
export function passRoleStatement(roles: Iterable<string>): Statement[] {
  const list = [...roles].sort();
  if (list.length === 0) return [];
  return [
    {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: list.length === 1 ? list[0]! : list,
      Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
    },
  ];
}
