import * as aws from "@pulumi/aws";
import { s3ExportTableNames } from "../config/catalog";
import { NAMESPACE } from "../config/stack-config";
import type { StackModel } from "../config/model";

/** Why the prod stack will not deploy: found before any resource is declared. */
export class DeployRefused extends Error {
  override readonly name = "DeployRefused";
}

/** What `aws.dynamodb.getTable` answers about point-in-time recovery (an object; tolerate a list). */
type Recovery = { enabled?: boolean } | { enabled?: boolean }[] | undefined;

function recoveryEnabled(recovery: Recovery): boolean {
  const block = Array.isArray(recovery) ? recovery[0] : recovery;
  return block?.enabled === true;
}

const NOT_FOUND = /couldn't find resource|ResourceNotFoundException|not found/i;

type Finding =
  | { table: string; state: "on" | "off" }
  | { table: string; state: "missing" | "unreadable"; detail: string };

async function lookUp(table: string): Promise<Finding> {
  try {
    const found = await aws.dynamodb.getTable({ name: table });
    return { table, state: recoveryEnabled(found.pointInTimeRecovery as Recovery) ? "on" : "off" };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { table, state: NOT_FOUND.test(detail) ? "missing" : "unreadable", detail };
  }
}

/**
 * DynamoDB exports a table to S3 only where point-in-time recovery is on. Unless the stack lets
 * the daily run turn it on (`enablePointInTimeRecovery`), every `s3-export` table must have it
 * already: looks each one up and refuses, naming the tables and the fixes, where one has it off or
 * is not there. Call before declaring any resource, so that a refusal leaves nothing half built.
 */
export async function requirePointInTimeRecovery(model: StackModel): Promise<void> {
  if (model.stack !== "prod" || model.settings.enablePointInTimeRecovery) return;
  const tables = s3ExportTableNames(model.tables);
  if (tables.length === 0) return;
  const findings = await Promise.all(tables.map(lookUp));
  const problems = [...missingProblems(model, findings), ...recoveryProblems(model, findings)];
  if (problems.length > 0) throw new DeployRefused(problems.join("\n\n"));
}

function where(model: StackModel): string {
  return `the prod account ${model.accounts.prod} in ${model.region}`;
}

function missingProblems(model: StackModel, findings: Finding[]): string[] {
  const catalog = model.files.catalog;
  return findings.flatMap((f) => {
    if (f.state === "missing") {
      return [
        `Table ${f.table} (method: s3-export in ${catalog}) was not found in ${where(model)}: ` +
          `check its name in ${catalog}, and that the stack's AWS credentials are the prod account's.`,
      ];
    }
    if (f.state === "unreadable") {
      return [
        `Could not look up table ${f.table} (method: s3-export in ${catalog}) in ${where(model)} ` +
          `to check its point-in-time recovery: ${f.detail}`,
      ];
    }
    return [];
  });
}

function recoveryProblems(model: StackModel, findings: Finding[]): string[] {
  const off = findings.filter((f) => f.state === "off").map((f) => f.table);
  if (off.length === 0) return [];
  const stackFile = model.files.stack;
  const commands = off.map(
    (table) =>
      `  aws dynamodb update-continuous-backups --table-name ${table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --region ${model.region}`,
  );
  return [
    [
      `Point-in-time recovery is off on ${off.join(", ")} (method: s3-export), and DynamoDB ` +
        `exports a table to S3 only where it is on. Either turn it on:`,
      ...commands,
      `or set \`${NAMESPACE}:enablePointInTimeRecovery: true\` in ${stackFile} so that the ` +
        `daily run turns it on before exporting.`,
    ].join("\n"),
  ];
}
