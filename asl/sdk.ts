import type * as Backup from "@aws-sdk/client-backup";
import type * as DynamoDB from "@aws-sdk/client-dynamodb";
import type * as SFN from "@aws-sdk/client-sfn";
import type * as SNS from "@aws-sdk/client-sns";
import type { Ref } from "./paths";
import { renderPayload, type Payload } from "./payload";
import type { JsonObject } from "./types";

/** `startBackupJob` -> the input type of `StartBackupJobCommand`, for every command a client exports. */
type ActionsOf<Client> = {
  [
    K in keyof Client as K extends `${infer Op}Command` ? Uncapitalize<Op> : never
  ]: Client[K] extends abstract new (...args: infer A) => unknown ? NonNullable<A[0]> : never;
};

/** Error classes a client models (`$fault` marks them), less the service's base class. */
type ExceptionsOf<Client> = Exclude<
  {
    [K in keyof Client]: Client[K] extends abstract new (...args: never[]) => { $fault: unknown }
      ? K
      : never;
  }[keyof Client] &
    string,
  `${string}ServiceException`
>;

interface ServiceModules {
  backup: typeof Backup;
  dynamodb: typeof DynamoDB;
  sfn: typeof SFN;
  sns: typeof SNS;
}

export type SdkService = keyof ServiceModules;
export type SdkAction<S extends SdkService> = keyof ActionsOf<ServiceModules[S]> & string;
/** Deeply capitalized keys: Step Functions takes PascalCase parameters even where an API is camelCase. */
type PascalKeys<T> = T extends readonly (infer Item)[]
  ? PascalKeys<Item>[]
  : T extends Date | Uint8Array
    ? T
    : T extends object
      ? {
          [
            K in keyof T as K extends string ? (string extends K ? K : Capitalize<K>) : K
          ]: PascalKeys<T[K]>;
        }
      : T;

export type SdkInput<S extends SdkService, A extends SdkAction<S>> = S extends CamelCaseApi
  ? PascalKeys<ActionsOf<ServiceModules[S]>[A]>
  : ActionsOf<ServiceModules[S]>[A];

/** Services whose API (and so SDK) member names are camelCase. */
type CamelCaseApi = "sfn";
export type SdkErrorName<S extends SdkService> = ExceptionsOf<ServiceModules[S]>;

/**
 * How Step Functions names each service: the error prefix of its SDK integration (see the
 * "Exception prefix" table of the developer guide; DynamoDB is `DynamoDb`) and its IAM prefix.
 */
export const SERVICES: Record<SdkService, { errorPrefix: string; iamPrefix: string }> = {
  backup: { errorPrefix: "Backup", iamPrefix: "backup" },
  dynamodb: { errorPrefix: "DynamoDb", iamPrefix: "dynamodb" },
  sfn: { errorPrefix: "Sfn", iamPrefix: "states" },
  sns: { errorPrefix: "Sns", iamPrefix: "sns" },
};

const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/;

/** A call to one AWS API action through the SDK service integration. */
export interface SdkCall {
  readonly resource: string;
  readonly parameters: JsonObject;
  readonly iamAction: string;
  readonly integration: SdkService;
}

export function sdkCall<S extends SdkService, A extends SdkAction<S>>(
  service: S,
  action: A,
  parameters: Exclude<Payload<SdkInput<S, A>>, Ref>,
): SdkCall {
  return {
    resource: `arn:aws:states:::aws-sdk:${service}:${action}`,
    parameters: renderPayload(parameters as object),
    iamAction: iamActionOf(service, action),
    integration: service,
  };
}

export function iamActionOf(service: string, action: string): string {
  const prefix = service in SERVICES ? SERVICES[service as SdkService].iamPrefix : service;
  return `${prefix}:${action.charAt(0).toUpperCase()}${action.slice(1)}`;
}

/** The IAM action that an `arn:aws:states:::aws-sdk:...` resource needs; undefined for others. */
export function iamActionOfResource(resource: string): string | undefined {
  const match = SDK_RESOURCE.exec(resource);
  return match ? iamActionOf(match[1]!, match[2]!) : undefined;
}

/**
 * An error name exactly as a Task reports it: `sdkError("dynamodb", "ResourceNotFoundException")`.
 * Step Functions always ends the name in `Exception` (DynamoDB's `RequestLimitExceeded` arrives as
 * `DynamoDb.RequestLimitExceededException`).
 */
export function sdkError<S extends SdkService>(service: S, name: SdkErrorName<S>): string {
  const suffixed = name.endsWith("Exception") ? name : `${name}Exception`;
  return `${SERVICES[service].errorPrefix}.${suffixed}`;
}

/**
 * The name under which Step Functions reports a service's errors that its SDK model does not
 * declare (a DynamoDB ValidationException arrives as `DynamoDb.DynamoDbException`).
 */
export function sdkUnmodelledError(service: SdkService): string {
  const prefix = SERVICES[service].errorPrefix;
  return `${prefix}.${prefix}Exception`;
}

/** Errors that Step Functions itself raises. */
export const StatesError = {
  ALL: "States.ALL",
  TaskFailed: "States.TaskFailed",
  Timeout: "States.Timeout",
  Permissions: "States.Permissions",
  Runtime: "States.Runtime",
  IntrinsicFailure: "States.IntrinsicFailure",
} as const;
