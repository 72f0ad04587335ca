export * from "./types";
export { $, States, Context, isRef, type Ref } from "./paths";
export { renderPayload, type Payload, type AnyPayload } from "./payload";
export { Condition } from "./conditions";
export { jsonata, isExpression, type Expression, type Template } from "./jsonata";
export { Flow, FOLLOWING, when, type Goto, type ChoiceWhen, type TaskTarget } from "./flow";
export { buildStateMachine, onMachineBuilt, AslBuildError, type MachineOptions } from "./machine";
export {
  sdkCall,
  sdkError,
  sdkUnmodelledError,
  iamActionOf,
  iamActionOfResource,
  StatesError,
  SERVICES,
  type SdkCall,
  type SdkService,
  type SdkAction,
  type SdkInput,
  type SdkErrorName,
} from "./sdk";
export {
  Retry,
  REPEATABLE,
  repeatClassOf,
  repeatComment,
  retriesFor,
  serverSideErrors,
  throttlingErrors,
  type Integration,
  type RepeatClass,
  type Repeatable,
} from "./retry";
export { pollUntilDone, type PollOptions } from "./poll";
export { startExecutionSync } from "./nested";
export { renderDefinition } from "./render";
export { toMermaid } from "./mermaid";
export { allStates, isDistributedMap, successorsOf, type VisitedState } from "./walk";
