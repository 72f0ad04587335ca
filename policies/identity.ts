import { policy, type PolicyDocument, type Statement } from "./document";

/** Where each action may act, for one role. An action without scope is an error, never `*` by accident. */
export type ResourceScopes = Record<string, readonly string[]>;

/**
 * An identity policy allowing exactly `actions`, each on the resources `scopes` gives it.
 * Actions with the same resources share a statement, so the document stays short.
 */
export function identityPolicy(
  role: string,
  actions: Iterable<string>,
  scopes: ResourceScopes,
  extra: Statement[] = [],
): PolicyDocument {
  const byResources = new Map<string, { actions: string[]; resources: readonly string[] }>();
  for (const action of [...actions].sort()) {
    const resources = scopes[action];
    if (resources === undefined || resources.length === 0) {
      throw new Error(
        `role ${role}: no resource scope is declared for ${action}; add one where this role's scopes are declared`,
      );
    }
    const key = [...resources].sort().join("\n");
    const group = byResources.get(key) ?? { actions: [], resources: [...resources].sort() };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const statements: Statement[] = [...byResources.values()].map((group) => ({
    Effect: "Allow",
    Action: group.actions,
    Resource: group.resources.length === 1 ? group.resources[0]! : [...group.resources],
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
