import { readFileSync } from "node:fs";
import path from "node:path";
import * as Backup from "@aws-sdk/client-backup";
import * as DynamoDB from "@aws-sdk/client-dynamodb";
import * as SFN from "@aws-sdk/client-sfn";
import * as SNS from "@aws-sdk/client-sns";
import { SERVICES, type SdkService } from "../asl/sdk";

/**
 * Which error codes Step Functions reports under their own name. It names an SDK integration's
 * error after the exception class the service's model declares for that code
 * (`DynamoDb.ResourceNotFoundException`); a code the model does not declare (a throttle AWS Backup
 * does not model, an HTTP 503) becomes the service's base exception (`Backup.BackupException`),
 * with the code in the cause (aws-notes.md). Whether "declares" means anywhere in the service's
 * model (as the Java SDK registers its exceptions) or for that operation is not documented, so the
 * rehearsal can take either: `per-service` reads the exception classes the SDK client exports;
 * `per-operation` reads the `@throws` of the operation's command in the SDK's typings.
 */
export type ErrorNaming = "per-service" | "per-operation";

const PACKAGES: Record<
  SdkService,
  { name: string; module: Record<string, unknown>; base: string }
> = {
  backup: { name: "@aws-sdk/client-backup", module: Backup, base: "BackupServiceException" },
  dynamodb: {
    name: "@aws-sdk/client-dynamodb",
    module: DynamoDB,
    base: "DynamoDBServiceException",
  },
  sfn: { name: "@aws-sdk/client-sfn", module: SFN, base: "SFNServiceException" },
  sns: { name: "@aws-sdk/client-sns", module: SNS, base: "SNSServiceException" },
};

const byService = new Map<SdkService, Set<string>>();
const byOperation = new Map<string, Set<string>>();

/** Every exception class a service's SDK client exports, less its base. */
function serviceCodes(service: SdkService): Set<string> {
  let codes = byService.get(service);
  if (codes === undefined) {
    const { module, base } = PACKAGES[service];
    const baseClass = module[base] as abstract new (...args: never[]) => unknown;
    codes = new Set(
      Object.entries(module)
        .filter(
          ([, value]) =>
            typeof value === "function" &&
            (value as { prototype?: unknown }).prototype instanceof baseClass,
        )
        .map(([name]) => name),
    );
    byService.set(service, codes);
  }
  return codes;
}

/** The exceptions an operation's command says it throws (`@throws {@link X}` in the typings). */
function operationCodes(service: SdkService, action: string): Set<string> {
  const key = `${service}:${action}`;
  let codes = byOperation.get(key);
  if (codes === undefined) {
    const root = path.dirname(require.resolve(`${PACKAGES[service].name}/package.json`));
    const command = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command.d.ts`;
    const text = readFileSync(path.join(root, "dist-types", "commands", command), "utf8");
    codes = new Set([...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!));
    byOperation.set(key, codes);
  }
  return codes;
}

/**
 * The name Step Functions gives the error `code` of `service:action`, and the cause: the
 * declared exception's name, or the base exception's with the code in front of the message.
 */
export function stepFunctionsError(
  service: SdkService,
  action: string,
  code: string,
  message: string,
  naming: ErrorNaming,
): { name: string; cause: string } {
  const prefix = SERVICES[service].errorPrefix;
  const declared =
    naming === "per-service" ? serviceCodes(service) : operationCodes(service, action);
  if (declared.has(code)) {
    return {
      name: `${prefix}.${code.endsWith("Exception") ? code : `${code}Exception`}`,
      cause: message,
    };
  }
  return {
    name: `${prefix}.${prefix}Exception`,
    cause: `${code}: ${message} (Service: ${prefix}, Error Code: ${code})`,
  };
}
