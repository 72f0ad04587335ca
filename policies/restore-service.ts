import type { StackModel } from "../config/model";
import { policy, type PolicyDocument } from "./document";
import { environmentTables } from "./scopes";

/**
 * AWS Backup restores with the rights of AWS's managed restore policy, which cover any table name.
 * This inline policy keeps the role to the environments' tables: whatever a restore job is asked
 * to create, only `<environment>-*` can be made or changed.
 */
export function restoreServiceGuard(model: StackModel): PolicyDocument {
  return policy({
    Sid: "OnlyEnvironmentTables",
    Effect: "Deny",
    Action: [
      "dynamodb:CreateTable",
      "dynamodb:DeleteTable",
      "dynamodb:RestoreTableFromAwsBackup",
      "dynamodb:RestoreTableFromBackup",
      "dynamodb:UpdateTable",
    ],
    // `<environment>-*` covers the tables' indexes and streams too: `*` matches across `/`.
    NotResource: environmentTables(model),
  });
}
