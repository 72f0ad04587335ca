import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";

type DebuggablePromise = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/**
 * The SDK records a stack trace on each promise it makes, for its report of promises still
 * pending at exit (runtime/debuggable.js). Under tsx, Node maps every frame of each trace through
 * the source maps: 3 s of the suite's CPU, for traces no test reads. Its promises are recorded as
 * before, with an empty trace.
 */
function withoutPromiseTraces(): void {
  const debuggable = createRequire(require.resolve("@pulumi/pulumi"))("./runtime/debuggable") as {
    debuggablePromise: DebuggablePromise;
  };
  const original = debuggable.debuggablePromise;
  if (original.name !== "debuggablePromise") return;
  debuggable.debuggablePromise = function withoutTrace(promise, context) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(promise, context);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}
withoutPromiseTraces();

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The resource's URN, once the mock monitor has registered it. */
  urn?: string;
  /**
   * The URNs of the resources it depends on, as the SDK tells the engine (inputs taken from other
   * resources' outputs and `dependsOn`, components expanded to their children): the engine creates
   * a resource only after all of these.
   */
  dependencies?: string[];
}

export interface RecordedInvoke {
  token: string;
  inputs: Record<string, unknown>;
}

export const GET_TABLE = "aws:dynamodb/getTable:getTable";

export interface MockOptions {
  /**
   * The tables `aws.dynamodb.getTable` finds, with their point-in-time recovery; a table not
   * listed is not found (as the provider says it). Without this, every table is found, with
   * point-in-time recovery on.
   */
  tables?: Record<string, { pointInTimeRecovery: boolean }>;
}

export interface Recording {
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
}

function answerGetTable(inputs: Record<string, unknown>, options: MockOptions) {
  const name = String(inputs.name);
  const table = options.tables === undefined ? { pointInTimeRecovery: true } : options.tables[name];
  if (table === undefined) {
    // What the engine answers for a table that is not there: the SDK rejects the invoke with the
    // RPC error's `details` as its message.
    const details = `invocation of ${GET_TABLE} returned an error: invoking ${GET_TABLE}: 1 error occurred:\n\t* reading Dynamodb Table (${name}): couldn't find resource`;
    throw Object.assign(new Error(details), { details });
  }
  return {
    name,
    arn: `arn:aws:dynamodb:eu-west-1:111111111111:table/${name}`,
    pointInTimeRecovery: { enabled: table.pointInTimeRecovery, recoveryPeriodInDays: 35 },
  };
}

/** What the SDK sends the mock monitor to register a resource (the parts read here). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

type RegisterCallback = (error: unknown, response?: { getUrn(): string }) => void;

interface MockMonitor {
  registerResource(request: RegisterRequest, callback: RegisterCallback): Promise<void>;
}

/**
 * Completes each recorded resource with its URN and its dependencies, which the mocks' `newResource`
 * is not told: the monitor's `registerResource` is wrapped to read them off the request.
 */
function recordDependencies(recording: Recording): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      const resource = recording.resources.find(
        (r) => r.urn === undefined && r.type === request.getType() && r.name === request.getName(),
      );
      if (resource !== undefined && response !== undefined) {
        resource.urn = response.getUrn();
        resource.dependencies = request.getDependenciesList();
      }
      callback(error, response);
    });
}

/** Registers recording mocks for `stack`: every declared resource and every invoke is recorded. */
export function recordPulumi(stack: string, options: MockOptions = {}): Recording {
  const recording: Recording = { resources: [], invokes: [] };
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recording.resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        const arn = `arn:mock:${args.name}`;
        // Amazon Q Developer's configurations name their ARN otherwise.
        const own = args.type.startsWith("aws:chatbot/") ? { chatConfigurationArn: arn } : {};
        return { id: `${args.name}-id`, state: { ...args.inputs, arn, ...own } };
      },
      call: (args) => {
        recording.invokes.push({ token: args.token, inputs: args.inputs });
        if (args.token === GET_TABLE) return answerGetTable(args.inputs, options);
        return args.inputs;
      },
    },
    "datarefresh",
    stack,
    false,
  );
  recordDependencies(recording);
  return recording;
}

/** Registers recording mocks for `stack`; every declared resource lands in the returned list. */
export function recordResources(stack: string, options: MockOptions = {}): RecordedResource[] {
  return recordPulumi(stack, options).resources;
}

/**
 * Resolves once every resource declared so far has reached the mocks (registration is
 * asynchronous): the SDK's queue of outstanding RPCs, drained. `waitForRPCs` is internal to the
 * SDK (left out of its typings); where it is gone, a short wait stands in.
 */
export async function allRegistered(): Promise<void> {
  const runtime = pulumi.runtime as { waitForRPCs?: () => Promise<void> };
  if (typeof runtime.waitForRPCs === "function") await runtime.waitForRPCs();
  else await new Promise((resolve) => setTimeout(resolve, 200));
}

/** The value inside an Output, for assertions. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
