/** IAM policy documents as AWS reads them. */

export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>;

export type Principal =
  "*" | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: Principal;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/**
 * What a policy document is attached to: the `kind` of each entry in synth's manifest. A
 * `guardrail` is a customer managed policy that caps what chat channel members may do.
 */
export type PolicyKind = "identity" | "trust" | "vault-access" | "kms-key" | "bucket" | "guardrail";

export interface NamedPolicy {
  /** File-safe name, unique in a stack: `<role>.identity`, `<vault>.vault-access`. */
  name: string;
  kind: PolicyKind;
  /** The role, vault, key or bucket the document belongs to; a guardrail's own name. */
  attachedTo: string;
  document: PolicyDocument;
}

export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Renders a document as Pulumi and synth both write it: stable, compact. */
export function renderPolicy(document: PolicyDocument): string {
  return JSON.stringify(document);
}
