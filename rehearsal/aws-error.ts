import { SERVICES, type SdkService } from "../asl/sdk";

/**
 * An error of a simulated AWS call, by the code the service returns (`ResourceNotFoundException`).
 * Its name is the one Step Functions gives a declared code (`DynamoDb.ResourceNotFoundException`);
 * the SDK router names it as Step Functions reports it for the operation (`error-names.ts`), so
 * that the machines' Retry and Catch see what they would see in AWS.
 */
export class AwsError extends Error {
  constructor(
    readonly service: SdkService,
    readonly code: string,
    message: string,
  ) {
    super(message);
    const prefix = SERVICES[service].errorPrefix;
    this.name = `${prefix}.${code.endsWith("Exception") ? code : `${code}Exception`}`;
  }
}

/** A request a service refuses as invalid: a ValidationException, which no SDK model declares. */
export function unmodelled(service: SdkService, message: string): AwsError {
  return new AwsError(service, "ValidationException", message);
}
