import { renderTemplate, type Template } from "./jsonata";
import { renderPayload, type AnyPayload } from "./payload";
import {
  repeatComment,
  retriesFor,
  type Integration,
  type RepeatClass,
  type RetryLimits,
} from "./retry";
import type { SdkCall } from "./sdk";
import type {
  ChoiceExpression,
  Catcher,
  JsonValue,
  ProcessorConfig,
  Retrier,
  StateType,
  TaskCredentials,
} from "./types";

/**
 * Stands for "the state after this one in reading order" wherever a state names a successor
 * (a Choice rule, a Default, a Catch). It lets a reusable fragment leave by its end without
 * knowing what will follow it.
 */
export const FOLLOWING = "\u0000following";

/** Where a state goes next: named, the end, or (neither given) the state that follows it. */
export type Goto = { Next?: string; End?: never } | { End: true; Next?: never };

export interface IOOptions {
  Comment?: string;
  InputPath?: string | null;
  OutputPath?: string | null;
}

export interface ResultOptions {
  ResultPath?: string | null;
  ResultSelector?: AnyPayload;
}

export interface ErrorOptions {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export type TaskOptions = IOOptions &
  ResultOptions &
  ErrorOptions & {
    Credentials?: TaskCredentials;
    TimeoutSeconds?: number;
    HeartbeatSeconds?: number;
  } & Goto;

export type PassOptions = IOOptions & {
  Parameters?: AnyPayload;
  Result?: JsonValue;
  ResultPath?: string | null;
} & Goto;

export type WaitOptions = IOOptions &
  (
    | { Seconds: number }
    | { SecondsPath: string }
    | { Timestamp: string }
    | { TimestampPath: string }
  ) &
  Goto;

export interface ChoiceWhen {
  readonly condition: ChoiceExpression;
  readonly next: string;
  readonly comment?: string;
}

/** One rule of a Choice: go to `next` when `condition` holds. */
export function when(condition: ChoiceExpression, next: string, comment?: string): ChoiceWhen {
  return { condition, next, ...(comment === undefined ? {} : { comment }) };
}

export type ChoiceOptions = IOOptions & { Default?: string };

export type ParallelOptions = IOOptions &
  ResultOptions &
  ErrorOptions & { Parameters?: AnyPayload } & Goto;

export type MapOptions = IOOptions &
  ResultOptions &
  ErrorOptions & {
    ItemsPath?: string;
    ItemSelector?: AnyPayload;
    MaxConcurrency?: number;
  } & Goto;

export type DistributedMapOptions = MapOptions & { Label: string };

export type FailOptions = { Comment?: string } & (
  { Error?: string; ErrorPath?: never } | { ErrorPath: string; Error?: never }
) &
  ({ Cause?: string; CausePath?: never } | { CausePath: string; Cause?: never });

/** A state as added to a flow: its rendered fields, and nested flows still to be built. */
export interface StateDraft {
  readonly name: string;
  readonly type: StateType;
  readonly fields: Record<string, unknown>;
  readonly goto?: Goto;
  readonly choices?: readonly ChoiceWhen[];
  readonly branches?: readonly Flow[];
  readonly processor?: Flow;
  readonly processorConfig?: ProcessorConfig;
}

function renderResultOptions(options: ResultOptions): Record<string, unknown> {
  const { ResultSelector, ...rest } = options;
  return ResultSelector === undefined
    ? rest
    : { ...rest, ResultSelector: renderPayload(ResultSelector) };
}

function splitGoto<T extends Goto>(options: T): [Omit<T, "Next" | "End">, Goto] {
  const { Next, End, ...rest } = options;
  if (End === true) return [rest, { End: true }];
  return [rest, Next === undefined ? {} : { Next }];
}

/**
 * States in the order they run. Each state goes on to the one added after it unless it names
 * another (`Next`), ends (`End: true`) or cannot go on (Choice, Succeed, Fail).
 * `buildStateMachine` turns a flow into a definition and checks it.
 */
export class Flow {
  private readonly drafts: StateDraft[] = [];

  static start(): Flow {
    return new Flow();
  }

  get states(): readonly StateDraft[] {
    return this.drafts;
  }

  get startName(): string | undefined {
    return this.drafts[0]?.name;
  }

  /** A Task calling an AWS API through the SDK service integration, or another integration. */
  task(name: string, call: SdkCall | TaskTarget, options: TaskOptions = {}): this {
    const [rest, goto] = splitGoto(options);
    const fields = {
      Resource: call.resource,
      ...(call.parameters === undefined ? {} : { Parameters: call.parameters }),
      ...renderResultOptions(rest),
    };
    return this.add({ name, type: "Task", fields, goto });
  }

  /**
   * A Task calling an AWS API (or starting a child execution), with how its call may be repeated:
   * its retriers follow from that (`retriesFor`), and its comment says it. `options.Retry` adds
   * retriers of its own before them (a wait while a table is busy, a long wait for a place under
   * an account's limit): Step Functions uses the first retrier that names the error.
   */
  call(
    name: string,
    call: SdkCall | (TaskTarget & { integration: Integration }),
    repeat: RepeatClass,
    options: Omit<TaskOptions, "Comment"> & { retries?: RetryLimits } = {},
  ): this {
    const { retries, ...rest } = options;
    const Retry = [...(rest.Retry ?? []), ...retriesFor(call.integration, repeat, retries)];
    const withRetry = { ...rest, Retry, Comment: repeatComment(repeat) } as TaskOptions;
    return this.task(name, call, withRetry);
  }

  pass(name: string, options: PassOptions = {}): this {
    const [rest, goto] = splitGoto(options);
    const { Parameters, ...fields } = rest;
    const rendered =
      Parameters === undefined ? fields : { ...fields, Parameters: renderPayload(Parameters) };
    return this.add({ name, type: "Pass", fields: rendered, goto });
  }

  /**
   * A Pass state whose output is `output`, computed with JSONata (see `jsonata.ts`): for
   * measuring, cutting and counting, which JSONPath cannot do. The output replaces the state's
   * data; `$states.input` is the state's input.
   */
  compute(name: string, output: Template, options: { Comment?: string } & Goto = {}): this {
    const [rest, goto] = splitGoto(options);
    const fields = { ...rest, QueryLanguage: "JSONata", Output: renderTemplate(output) };
    return this.add({ name, type: "Pass", fields, goto });
  }

  wait(name: string, options: WaitOptions): this {
    const [fields, goto] = splitGoto(options);
    return this.add({ name, type: "Wait", fields, goto });
  }

  choice(name: string, choices: readonly ChoiceWhen[], options: ChoiceOptions = {}): this {
    return this.add({ name, type: "Choice", fields: { ...options }, choices });
  }

  parallel(name: string, branches: readonly Flow[], options: ParallelOptions = {}): this {
    const [rest, goto] = splitGoto(options);
    const { Parameters, ...others } = rest;
    const fields = {
      ...renderResultOptions(others),
      ...(Parameters === undefined ? {} : { Parameters: renderPayload(Parameters) }),
    };
    return this.add({ name, type: "Parallel", fields, goto, branches });
  }

  /** An inline Map: runs `processor` for each item, at most `MaxConcurrency` at once. */
  map(name: string, processor: Flow, options: MapOptions = {}): this {
    return this.addMap(name, processor, options, { Mode: "INLINE" });
  }

  /**
   * A Distributed Map: each item runs as a child execution of a Map Run, with a history of its
   * own, so that the parent's history grows by a few events whatever the number of items. The
   * processor's `$$.Execution` is the child's; what it needs of the parent's goes in ItemSelector.
   */
  distributedMap(name: string, processor: Flow, options: DistributedMapOptions): this {
    return this.addMap(name, processor, options, {
      Mode: "DISTRIBUTED",
      ExecutionType: "STANDARD",
    });
  }

  private addMap(
    name: string,
    processor: Flow,
    options: MapOptions | DistributedMapOptions,
    processorConfig: ProcessorConfig,
  ): this {
    const [rest, goto] = splitGoto(options);
    const { ItemSelector, ...others } = rest;
    const fields = {
      ...renderResultOptions(others),
      ...(ItemSelector === undefined ? {} : { ItemSelector: renderPayload(ItemSelector) }),
    };
    return this.add({ name, type: "Map", fields, goto, processor, processorConfig });
  }

  succeed(name: string, options: IOOptions = {}): this {
    return this.add({ name, type: "Succeed", fields: { ...options } });
  }

  fail(name: string, options: FailOptions = {}): this {
    return this.add({ name, type: "Fail", fields: { ...options } });
  }

  /** Appends the states of other flows (fragments such as a poll loop) in order. */
  then(...fragments: Flow[]): this {
    for (const fragment of fragments) for (const draft of fragment.drafts) this.add(draft);
    return this;
  }

  private add(draft: StateDraft): this {
    this.drafts.push(draft);
    return this;
  }
}

/** A Task resource that is not an SDK call (an optimized integration such as a nested execution). */
export interface TaskTarget {
  readonly resource: string;
  readonly parameters?: Record<string, JsonValue>;
  /** Who answers it, where the Task's retriers depend on that. */
  readonly integration?: Integration;
}
