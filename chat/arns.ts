import { consoleExecutionUrlPrefix } from "../config/model";

/** The parts of a Step Functions state machine or execution ARN. */
export interface StatesArn {
  partition: string;
  region: string;
  account: string;
  machine: string;
  /** The execution's name; undefined for a state machine ARN. */
  execution?: string;
}

const STATES_ARN =
  /^arn:(aws[a-z-]*):states:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(stateMachine|execution):([\w-]{1,80})(?::([\w-]{1,80}))?$/;

/** The parts of a state machine ARN or an execution ARN; undefined for anything else. */
export function parseStatesArn(arn: string): StatesArn | undefined {
  const m = STATES_ARN.exec(arn);
  if (m === null) return undefined;
  const [, partition, region, account, kind, machine, execution] = m;
  if ((kind === "execution") !== (execution !== undefined)) return undefined;
  return {
    partition: partition!,
    region: region!,
    account: account!,
    machine: machine!,
    ...(execution === undefined ? {} : { execution }),
  };
}

/** The ARN of execution `name` of a state machine. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** Where a person sees an execution in the AWS console. */
export function consoleUrlOf(executionArn: string): string {
  const parts = parseStatesArn(executionArn);
  if (parts === undefined) throw new Error(`${executionArn} is not a Step Functions execution ARN`);
  return `${consoleExecutionUrlPrefix(parts.partition, parts.region)}${executionArn}`;
}
