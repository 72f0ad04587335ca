/**
 * Amazon States Language, JSONPath query language, as rendered into a definition.
 * Field names are the spec's own so that a definition reads like the AWS documentation.
 * https://states-language.net/spec.html
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A state either names its successor or ends the machine (or branch), never both. */
export type Transition = { Next: string; End?: never } | { End: true; Next?: never };

interface Common {
  Comment?: string;
}

interface InputOutput {
  InputPath?: string | null;
  OutputPath?: string | null;
}

interface WithParameters {
  Parameters?: JsonObject;
}

interface WithResult {
  ResultPath?: string | null;
  ResultSelector?: JsonObject;
}

export type JitterStrategy = "FULL" | "NONE";

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: JitterStrategy;
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Comment?: string;
}

interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface TaskCredentials {
  RoleArn?: string;
  "RoleArn.$"?: string;
}

export type TaskState = Common &
  InputOutput &
  WithParameters &
  WithResult &
  ErrorHandling &
  Transition & {
    Type: "Task";
    Resource: string;
    Credentials?: TaskCredentials;
    TimeoutSeconds?: number;
    TimeoutSecondsPath?: string;
    HeartbeatSeconds?: number;
    HeartbeatSecondsPath?: string;
  };

export type PassState = Common &
  InputOutput &
  WithParameters &
  Transition & {
    Type: "Pass";
    Result?: JsonValue;
    ResultPath?: string | null;
    /** A state that computes its output with JSONata (`Output`), in a JSONPath machine. */
    QueryLanguage?: "JSONata";
    Output?: JsonValue;
  };

export type WaitState = Common &
  InputOutput &
  Transition & {
    Type: "Wait";
    Seconds?: number;
    SecondsPath?: string;
    Timestamp?: string;
    TimestampPath?: string;
  };

export type StringOperator =
  | "StringEquals"
  | "StringLessThan"
  | "StringGreaterThan"
  | "StringLessThanEquals"
  | "StringGreaterThanEquals"
  | "StringMatches";
export type NumericOperator =
  | "NumericEquals"
  | "NumericLessThan"
  | "NumericGreaterThan"
  | "NumericLessThanEquals"
  | "NumericGreaterThanEquals";
export type TimestampOperator =
  | "TimestampEquals"
  | "TimestampLessThan"
  | "TimestampGreaterThan"
  | "TimestampLessThanEquals"
  | "TimestampGreaterThanEquals";
export type TypeTestOperator =
  "IsNull" | "IsPresent" | "IsNumeric" | "IsString" | "IsBoolean" | "IsTimestamp";
export type ComparisonOperator =
  | StringOperator
  | NumericOperator
  | TimestampOperator
  | "BooleanEquals"
  | `${StringOperator | NumericOperator | TimestampOperator | "BooleanEquals"}Path`
  | TypeTestOperator;

/** A Boolean expression of a Choice rule: a comparison, or And / Or / Not of expressions. */
export type ChoiceExpression =
  | ({ Variable: string } & { [Op in ComparisonOperator]?: string | number | boolean })
  | { And: ChoiceExpression[] }
  | { Or: ChoiceExpression[] }
  | { Not: ChoiceExpression };

export type ChoiceRule = ChoiceExpression & { Next: string; Comment?: string };

export type ChoiceState = Common &
  InputOutput & {
    Type: "Choice";
    Choices: ChoiceRule[];
    Default?: string;
  };

/** The states and start of a machine, a Parallel branch or a Map's item processor. */
export interface StateGraph {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string;
}

export type ParallelState = Common &
  InputOutput &
  WithParameters &
  WithResult &
  ErrorHandling &
  Transition & {
    Type: "Parallel";
    Branches: StateGraph[];
  };

/**
 * INLINE runs the iterations inside the execution, in its history; DISTRIBUTED runs each as a
 * child execution of a Map Run, with a history of its own.
 */
export type ProcessorConfig =
  { Mode: "INLINE" } | { Mode: "DISTRIBUTED"; ExecutionType: "STANDARD" };

export interface ItemProcessor extends StateGraph {
  ProcessorConfig?: ProcessorConfig;
}

export type MapState = Common &
  InputOutput &
  WithResult &
  ErrorHandling &
  Transition & {
    Type: "Map";
    ItemsPath?: string;
    ItemSelector?: JsonObject;
    ItemProcessor: ItemProcessor;
    MaxConcurrency?: number;
    /** A Distributed Map's name in its Map Run's and child executions' ARNs. */
    Label?: string;
    MaxConcurrencyPath?: string;
  };

export type SucceedState = Common &
  InputOutput & {
    Type: "Succeed";
  };

export type FailState = Common & {
  Type: "Fail";
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
};

export type State =
  | TaskState
  | PassState
  | WaitState
  | ChoiceState
  | ParallelState
  | MapState
  | SucceedState
  | FailState;

export type StateType = State["Type"];

export interface StateMachineDefinition extends StateGraph {
  QueryLanguage?: "JSONPath";
  TimeoutSeconds?: number;
  Version?: "1.0";
}
