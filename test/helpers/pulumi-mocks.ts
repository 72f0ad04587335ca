import * as pulumi from "@pulumi/pulumi";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Registers recording mocks for `stack`; every declared resource lands in the returned list. */
export function recordResources(stack: string): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:mock:${args.name}` } };
      },
      call: (args) => args.inputs,
    },
    "datarefresh",
    stack,
    false,
  );
  return recorded;
}

/** The value inside an Output, for assertions. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
