/** A request that the restore machine would refuse: nothing was sent to AWS. */
export class RequestRefused extends Error {
  override readonly name = "RequestRefused";
  constructor(readonly reason: string) {
    super(`refused before anything was sent: ${reason}`);
  }
}

/** A call that AWS refused or that could not be made, in words that say what to do. */
export class AwsCallFailed extends Error {
  override readonly name = "AwsCallFailed";
  constructor(
    message: string,
    /** The AWS error's name, `AccessDeniedException`. */
    readonly code: string,
    /** The SDK command, `StartExecution`. */
    readonly operation: string,
    /** Worth trying again in a while: throttling, a service hiccup, a network error. */
    readonly transient: boolean,
    /** What the SDK threw, AWS's own message and all. */
    options?: { cause: Error },
  ) {
    super(message, options);
  }
}

interface SdkError {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
]);

const CREDENTIALS = new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "ExpiredToken",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
]);

const NETWORK = new Set(["TimeoutError", "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN"]);

/** What a person should read for an AWS error of `operation` on `target`. */
function explain(code: string, message: string, operation: string, target: string): string {
  if (code === "ExecutionAlreadyExists")
    return `an execution of that name already exists on ${target}: ${message}`;
  if (code === "ExecutionDoesNotExist") return `there is no refresh ${target}`;
  if (code === "StateMachineDoesNotExist")
    return `there is no state machine ${target} in this account and Region: is the dev stack deployed here, and are the ARN, profile and Region right?`;
  if (code === "StateMachineDeleting") return `the state machine ${target} is being deleted`;
  if (code === "ExecutionLimitExceeded")
    return "Step Functions refuses more running executions in this account and Region: wait for some to end";
  if (code === "InvalidArn") return `${target} is not a valid ARN: ${message}`;
  if (code === "InvalidName") return `${target} is not a valid execution name: ${message}`;
  if (code === "InvalidExecutionInput") return `Step Functions refused the input: ${message}`;
  if (code === "AccessDeniedException" || code === "AccessDenied")
    return `AWS denied ${operation} on ${target}: the credentials in use may not do this (${message}). Use the chat bot's role (datarefresh-chat-bot) or another role allowed to; check --profile`;
  if (THROTTLING.has(code))
    return `AWS is throttling ${operation} calls (${code}), even after the SDK's retries: try again in a minute`;
  if (CREDENTIALS.has(code))
    return `no usable AWS credentials (${code}: ${message}): log in again (aws sso login), or give --profile or AWS_PROFILE`;
  if (NETWORK.has(code))
    return `could not reach AWS (${code}: ${message}): check the network and the Region`;
  return `AWS refused ${operation} on ${target}: ${code}: ${message}`;
}

/** Turns what the SDK threw into an AwsCallFailed; anything else (a bug) is thrown as it was. */
export function awsCallFailed(error: unknown, operation: string, target: string): AwsCallFailed {
  if (error instanceof AwsCallFailed) return error;
  if (!(error instanceof Error)) throw error;
  const e = error as Error & SdkError & { code?: string };
  const code = e.name === "Error" && typeof e.code === "string" ? e.code : e.name;
  const fromAws = "$metadata" in e || "$fault" in e || CREDENTIALS.has(code) || NETWORK.has(code);
  if (!fromAws) throw error;
  const transient =
    THROTTLING.has(code) ||
    NETWORK.has(code) ||
    e.$retryable !== undefined ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500;
  return new AwsCallFailed(
    explain(code, e.message ?? "", operation, target),
    code,
    operation,
    transient,
    { cause: e },
  );
}

/** Runs one SDK call; its failure becomes an AwsCallFailed. */
export async function call<T>(
  operation: string,
  target: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw awsCallFailed(error, operation, target);
  }
}
