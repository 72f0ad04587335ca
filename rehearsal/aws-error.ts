import { SERVICES, type SdkService } from "../asl/sdk";

/**
 * An error of a simulated AWS call, named as a Step Functions Task reports it
 * (`DynamoDb.ResourceNotFoundException`), so that the machines' Retry and Catch see what they would
 * see in AWS.
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

/** An error a service does not model: Step Functions names it after the service's base exception. */
export function unmodelled(service: SdkService, message: string): AwsError {
  return new AwsError(service, `${SERVICES[service].errorPrefix}Exception`, message);
}
