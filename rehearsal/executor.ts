import type { StateMachine } from "aws-local-stepfunctions";
import type { Retrier, StateMachineDefinition } from "../asl/types";
import { allStates, isDistributedMap } from "../asl/walk";
import { interpreterModule } from "./interpreter";
import { chaosStartFault } from "./chaos";
import { callAws } from "./sdk-router";
import {
  countHistory,
  STATE_DATA_LIMIT,
  type DataLimitBreach,
  type ExecutionLayout,
} from "./history-count";
import { evaluateOutput, withJsonataPassesAsTasks, type JsonataContext } from "./jsonata-states";
import { concurrencyAround, MapSlots } from "./map-slots";
import { Timeline } from "./timeline";
import type { ExecutionRecord, Side, World } from "./world";

type Interpreter = StateMachine;

export interface DeployedMachine {
  name: string;
  arn: string;
  side: Side;
  definition: StateMachineDefinition;
  /** The execution role: whose policies the machine's own calls are checked against. */
  roleArn?: string;
}

const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;
const NESTED_SYNC = "arn:aws:states:::states:startExecution.sync:2";

/**
 * Runs `start` with the clock at `seconds`. aws-local-stepfunctions 3.0.0 sets
 * `$$.Execution.StartTime` to the real time whatever context it is given, as it starts an
 * execution (synchronously, inside `run`); the machines age copies by that time.
 */
function atVirtualTime<T>(seconds: number, start: () => T): T {
  const RealDate = globalThis.Date;
  const ms = seconds * 1000;
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      super(...((args.length === 0 ? [ms] : args) as [number]));
    }
    static override now(): number {
      return ms;
    }
  }
  globalThis.Date = VirtualDate as DateConstructor;
  try {
    return start();
  } finally {
    globalThis.Date = RealDate;
  }
}

/**
 * Virtual time for retries. The interpreter waits out a retrier's backoff in real time (made 0
 * here) and does not say when; a call of a state that just failed is taken to be its retry, and
 * the execution's clock moves on by the backoff the matching retrier sets (without jitter).
 */
class RetryClock {
  private readonly last = new Map<string, { error: string; count: Map<number, number> }>();

  constructor(private readonly timeline: Timeline) {}

  before(state: string, retriers: readonly Retrier[]): void {
    const failed = this.last.get(state);
    if (failed === undefined) return;
    const index = retriers.findIndex((r) =>
      r.ErrorEquals.some(
        (e) =>
          e === failed.error ||
          e === "States.ALL" ||
          (e === "States.TaskFailed" && failed.error !== "States.Timeout"),
      ),
    );
    if (index < 0) return;
    const retrier = retriers[index]!;
    const attempt = failed.count.get(index) ?? 0;
    failed.count.set(index, attempt + 1);
    const delay = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
    this.timeline.advance(Math.min(delay, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY));
  }

  failed(state: string, error: string): void {
    const previous = this.last.get(state);
    this.last.set(state, { error, count: previous?.count ?? new Map() });
  }

  succeeded(state: string): void {
    this.last.delete(state);
  }
}

export interface RunOptions {
  name?: string;
  timeline?: Timeline;
  /** The execution that started this one (`startExecution.sync:2`). */
  parent?: string;
  /** Stop the execution, and its children, once they have made this many calls. */
  stopAfterCalls?: number;
}

/** A Step Functions error, as the interpreter matches it against Retry and Catch. */
function statesError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/**
 * The states that start a child and wait for it; the states Distributed Maps run as children; the
 * JSONata Pass states.
 */
function layoutOf(machine: DeployedMachine): ExecutionLayout {
  const syncTasks = new Set<string>();
  const mapRunStates = new Map<string, string>();
  const passesRunAsTasks = new Set<string>();
  const states = [...allStates(machine.definition)];
  const distributed = new Set(states.filter((s) => isDistributedMap(s.state)).map((s) => s.name));
  for (const { name, state, enclosing } of states) {
    if (state.Type === "Task" && state.Resource === NESTED_SYNC) syncTasks.add(name);
    if (state.Type === "Pass" && state.QueryLanguage === "JSONata") passesRunAsTasks.add(name);
    const map = enclosing.find((outer) => distributed.has(outer));
    if (map !== undefined) mapRunStates.set(name, map);
  }
  return { syncTasks, mapRunStates, passesRunAsTasks };
}

/** The size of a state's data as Step Functions counts it: its JSON text, in UTF-8. */
function dataBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null));
}

/**
 * Runs the deployed definitions, unchanged, in aws-local-stepfunctions. Every Task is answered by
 * the simulated accounts, in the account of the role that makes the call (`Credentials.RoleArn`,
 * which the interpreter ignores); `startExecution.sync:2` runs the child machine the same way.
 * Waits and retry intervals take virtual time, not real time.
 */
export class Executor {
  private readonly machines = new Map<string, DeployedMachine>();
  private readonly aborts = new Map<string, () => void>();
  private readonly stopped = new Set<string>();
  private readonly children = new Map<string, string[]>();
  private readonly rootOf = new Map<string, string>();
  private readonly stopAt = new Map<string, number>();
  private readonly callsOf = new Map<string, number>();
  private counter = 0;
  private readonly interpreters = new Map<string, Promise<Interpreter>>();
  private readonly mapSlots = new Map<string, MapSlots>();
  /** Resolves when each execution has ended: a stopped parent ends after its stopped children. */
  private readonly ended = new Map<string, Promise<void>>();
  /** SDK calls under way: a stopped execution ends only once those it had in flight have answered. */
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();
  /** Who waits for an execution of a given ARN to exist (a start whose answer was lost). */
  private readonly registered = new Map<string, () => void>();
  /** Executions that passed Step Functions' 256 KiB on a state's data, and where. */
  private readonly breaches = new Map<string, DataLimitBreach>();

  /** Told of every execution that ends, children included: for progress displays. */
  onExecutionEnd?: (record: ExecutionRecord) => void;

  constructor(readonly world: World) {}

  deploy(machine: DeployedMachine): void {
    this.machines.set(machine.arn, machine);
    this.interpreters.delete(machine.arn);
  }

  /** Starts an execution and resolves when it ends, whatever its outcome. */
  async run(
    machineArn: string,
    input: unknown,
    options: RunOptions = {},
  ): Promise<ExecutionRecord> {
    const machine = this.machines.get(machineArn);
    if (machine === undefined) {
      throw statesError(
        "Sfn.StateMachineDoesNotExistException",
        `State Machine Does Not Exist: '${machineArn}'`,
      );
    }
    const timeline = options.timeline ?? new Timeline(this.world.now);
    this.counter += 1;
    const name = options.name ?? `run-${String(this.counter).padStart(5, "0")}`;
    const arn = machineArn.replace(":stateMachine:", ":execution:") + `:${name}`;
    const record: ExecutionRecord = {
      arn,
      machine: machine.name,
      status: "RUNNING",
      input,
      ...(options.parent === undefined ? {} : { parent: options.parent }),
      startedAt: timeline.now,
      history: { transitions: 0, events: 0 },
    };
    this.world.executions.set(arn, record);
    const root =
      options.parent === undefined ? arn : (this.rootOf.get(options.parent) ?? options.parent);
    this.rootOf.set(arn, root);
    if (options.parent !== undefined)
      this.children.set(options.parent, [...(this.children.get(options.parent) ?? []), arn]);
    if (options.stopAfterCalls !== undefined) this.stopAt.set(arn, options.stopAfterCalls);
    if (options.parent !== undefined && this.stopped.has(options.parent)) this.stopped.add(arn);
    let markEnded = (): void => undefined;
    this.ended.set(arn, new Promise<void>((resolve) => (markEnded = resolve)));
    this.registered.get(arn)?.();
    this.registered.delete(arn);
    try {
      return await this.execute(machine, record, timeline, input);
    } finally {
      markEnded();
    }
  }

  private async execute(
    machine: DeployedMachine,
    record: ExecutionRecord,
    timeline: Timeline,
    input: unknown,
  ): Promise<ExecutionRecord> {
    const { arn } = record;
    const name = arn.split(":").at(-1)!;
    const interpreter = await this.interpreterOf(machine);
    const execution = atVirtualTime(record.startedAt, () =>
      interpreter.run(
        structuredClone(input) as never,
        {
          overrides: {
            taskResourceLocalHandlers: this.handlers(machine, timeline, arn, {
              Execution: {
                Id: arn,
                Name: name,
                StartTime: timeline.iso(record.startedAt),
                Input: input,
              },
              StateMachine: { Id: machine.arn, Name: machine.name },
            }),
            waitTimeOverrides: this.virtualWaits(machine.definition, timeline),
            retryIntervalOverrides: this.virtualRetries(),
          },
          context: {
            Execution: {
              Id: arn,
              Name: name,
              StartTime: timeline.iso(record.startedAt),
              Input: input,
            },
            StateMachine: { Id: machine.arn, Name: machine.name },
          },
        } as never,
      ),
    );
    this.aborts.set(arn, () => execution.abort());
    const counted = countHistory(execution.eventLogs, record.history, layoutOf(machine), (breach) =>
      this.breach(arn, breach),
    );
    if (this.stopped.has(arn)) execution.abort();
    try {
      record.output = await execution.result;
      if (dataBytes(record.output) > STATE_DATA_LIMIT)
        this.breach(arn, { state: "(the execution's output)", bytes: dataBytes(record.output) });
      const breach = this.breaches.get(arn);
      if (breach !== undefined) throw new Error(`data limit at ${breach.state}`);
      record.status = "SUCCEEDED";
      await counted;
    } catch (error) {
      this.aborts.delete(arn);
      const breach = this.breaches.get(arn);
      if (breach !== undefined) {
        await this.quiesce(arn);
        delete record.output;
        record.status = "FAILED";
        record.error = {
          Error: "States.DataLimitExceeded",
          Cause: `The state/task '${breach.state}' returned a result with a size exceeding the maximum number of bytes service limit (${breach.bytes} bytes; at most ${STATE_DATA_LIMIT}).`,
        };
        record.stoppedAt = timeline.now;
        this.world.now = Math.max(this.world.now, timeline.now);
        this.onExecutionEnd?.(record);
        return record;
      }
      if (this.stopped.has(arn)) {
        await this.quiesce(arn);
        record.status = "ABORTED";
        record.stoppedAt = timeline.now;
        this.world.now = Math.max(this.world.now, timeline.now);
        return record;
      }
      const cause = (error as { cause?: { name?: string; message?: string } }).cause;
      record.status = "FAILED";
      record.error = {
        Error: cause?.name ?? "States.Runtime",
        Cause: cause?.message ?? String(error),
      };
    }
    record.stoppedAt = timeline.now;
    this.world.now = Math.max(this.world.now, timeline.now);
    this.onExecutionEnd?.(record);
    return record;
  }

  /**
   * States.DataLimitExceeded is terminal: no Catch sees it, and the execution fails at that state
   * (its children are stopped with it).
   */
  private breach(executionArn: string, breach: DataLimitBreach): void {
    if (this.breaches.has(executionArn)) return;
    this.breaches.set(executionArn, breach);
    for (const child of this.children.get(executionArn) ?? []) this.stop(child);
    this.aborts.get(executionArn)?.();
  }

  /** One interpreter per machine, reused by its executions: it validates the definition once. */
  private interpreterOf(machine: DeployedMachine): Promise<Interpreter> {
    let interpreter = this.interpreters.get(machine.arn);
    if (interpreter === undefined) {
      // The interpreter times TimeoutSeconds on the wall clock, where the rehearsal's time is
      // simulated: a week or a year there would end nothing, and Node cuts a timer of more than
      // 24.8 days to 1 ms, which would end every execution at once. So the rehearsal leaves it out.
      const { TimeoutSeconds: _wallClock, ...timed } = machine.definition;
      const runnable = withJsonataPassesAsTasks(timed).definition;
      const { StateMachine } = interpreterModule();
      interpreter = Promise.resolve(
        new StateMachine(
          structuredClone(runnable) as never,
          { validationOptions: { noValidate: true } } as never,
        ),
      );
      this.interpreters.set(machine.arn, interpreter);
    }
    return interpreter;
  }

  /** Stops an execution and the children it started, as StopExecution does (their locks stay behind). */
  stop(executionArn: string): void {
    if (this.stopped.has(executionArn)) return;
    this.stopped.add(executionArn);
    for (const child of this.children.get(executionArn) ?? []) this.stop(child);
    this.aborts.get(executionArn)?.();
  }

  /**
   * Makes a call of an execution and keeps account of it until it has answered. A stopped
   * execution makes none: the interpreter may still run a retry or a Map iteration it had queued.
   */
  private async tracked<T>(executionArn: string, work: () => Promise<T>): Promise<T> {
    if (this.stopped.has(executionArn)) throw statesError("States.Runtime", "stopped");
    const call = work();
    const calls = this.inFlight.get(executionArn) ?? new Set<Promise<unknown>>();
    this.inFlight.set(executionArn, calls);
    calls.add(call);
    try {
      return await call;
    } finally {
      calls.delete(call);
    }
  }

  /**
   * A stopped execution ends once the calls it had under way have answered and its children have
   * ended, as in AWS, where a call already made still takes effect.
   */
  private async quiesce(executionArn: string): Promise<void> {
    for (;;) {
      const children = (this.children.get(executionArn) ?? []).filter(
        (child) => this.world.executions.get(child)?.status === "RUNNING",
      );
      const waits = [
        ...(this.inFlight.get(executionArn) ?? []),
        ...children.map((child) => this.ended.get(child)),
      ];
      if (waits.length === 0) return;
      await Promise.allSettled(waits);
    }
  }

  /** Counts a call of an execution's tree; stops the tree when it has made as many as asked. */
  private counted(executionArn: string): void {
    const root = this.rootOf.get(executionArn) ?? executionArn;
    const calls = (this.callsOf.get(root) ?? 0) + 1;
    this.callsOf.set(root, calls);
    const limit = this.stopAt.get(root);
    if (limit !== undefined && calls >= limit) this.stop(root);
  }

  private handlers(
    machine: DeployedMachine,
    timeline: Timeline,
    executionArn: string,
    context: JsonataContext,
  ) {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const retries = new RetryClock(timeline);
    const { mapRunStates } = layoutOf(machine);
    for (const [name, output] of withJsonataPassesAsTasks(machine.definition).outputs) {
      handlers[name] = async (input) => {
        const state = { Name: name, EnteredTime: timeline.iso(timeline.now) };
        try {
          return await evaluateOutput(output, input, { ...context, State: state });
        } catch (error) {
          throw statesError("States.QueryEvaluationError", (error as Error).message);
        }
      };
    }
    for (const { name, state } of allStates(machine.definition)) {
      if (state.Type !== "Task") continue;
      const sdk = SDK_RESOURCE.exec(state.Resource);
      const assumed = state.Credentials?.RoleArn;
      if (sdk !== null) {
        handlers[name] = (input) => this.tracked(executionArn, () => handle(input));
        const handle = async (input: unknown) => {
          this.checkData(executionArn, name, input);
          const side =
            assumed === undefined
              ? machine.side
              : await this.assume(machine, assumed, timeline, executionArn);
          const principal = assumed ?? machine.roleArn;
          const ctx = {
            side,
            timeline,
            execution: executionArn,
            ...(principal === undefined ? {} : { principal }),
          };
          retries.before(name, state.Retry ?? []);
          try {
            const result = await callAws(
              this.world,
              ctx,
              sdk[1]!,
              sdk[2]!,
              input as Record<string, unknown>,
            );
            retries.succeeded(name);
            this.checkData(executionArn, name, result);
            return result;
          } catch (error) {
            retries.failed(name, (error as Error).name);
            throw error;
          } finally {
            this.counted(executionArn);
          }
        };
      } else if (state.Resource === NESTED_SYNC) {
        const start = async (input: unknown) => {
          this.checkData(executionArn, name, input);
          const child = input as { StateMachineArn: string; Name?: string; Input: unknown };
          // The Map Run started the child execution this Task runs in, as an execution of the
          // machine itself; the interpreter runs the Map inline, so the start is checked here.
          if (mapRunStates.has(name))
            await this.authorize(machine, "states:StartExecution", machine.arn);
          await this.authorize(machine, "states:StartExecution", child.StateMachineArn);
          const slots = this.slotsOf(machine, name, executionArn, timeline);
          const fault = chaosStartFault(
            this.world.chaos,
            `${executionArn}\n${child.Name ?? JSON.stringify(child.Input)}`,
          );
          if (fault?.afterEffect === false)
            throw statesError(fault.code, "a fault the rehearsal drew");
          if (fault?.afterEffect === true && child.Name !== undefined) {
            // Started, but the answer was lost: the Task fails while the child runs on.
            const arn = `${child.StateMachineArn.replace(":stateMachine:", ":execution:")}:${child.Name}`;
            const started = new Promise<void>((resolve) => this.registered.set(arn, resolve));
            this.runChild(child, timeline, executionArn, slots).catch(() => undefined);
            await started;
            throw statesError(
              fault.code,
              "a fault the rehearsal drew, after the start took effect",
            );
          }
          const result = await this.runChild(child, timeline, executionArn, slots);
          this.checkData(executionArn, name, result);
          return result;
        };
        handlers[name] = (input) => this.tracked(executionArn, () => start(input));
      } else {
        handlers[name] = async () => {
          throw statesError(
            "States.TaskFailed",
            `the rehearsal does not simulate ${state.Resource}`,
          );
        };
      }
    }
    return handlers;
  }

  /**
   * A Task's `Credentials`: the execution role assumes the role, which must trust it with the
   * machine's ARN as external ID. Returns the side (account) the calls then go to.
   */
  private async assume(
    machine: DeployedMachine,
    roleArn: string,
    timeline: Timeline,
    executionArn: string,
  ): Promise<Side> {
    const side = this.world.sideOfAccount(roleArn.split(":")[4] ?? "");
    const record = {
      at: timeline.now,
      side: machine.side,
      execution: executionArn,
      call: "sts:assumeRole",
      params: { RoleArn: roleArn },
    };
    this.world.calls.push(record);
    const authorizer = this.world.authorizer;
    const trust = authorizer?.trustOf(roleArn);
    if (side === undefined || (authorizer !== undefined && trust === undefined)) {
      throw statesError("States.TaskFailed", `cannot assume role ${roleArn}: no such role`);
    }
    if (authorizer !== undefined && machine.roleArn !== undefined) {
      const decision = await authorizer.decide({
        principal: machine.roleArn,
        action: "sts:AssumeRole",
        resource: roleArn,
        resourcePolicy: trust!,
        context: { "sts:ExternalId": machine.arn },
      });
      if (!decision.allowed) {
        Object.assign(record, { error: "States.TaskFailed", denied: decision.reason });
        throw statesError("States.TaskFailed", decision.reason);
      }
      Object.assign(record, { authorized: true });
    }
    return side;
  }

  /** A Task's request after Parameters, or its result, over 256 KiB fails the execution there. */
  private checkData(executionArn: string, state: string, data: unknown): void {
    const bytes = dataBytes(data);
    const history = this.world.executions.get(executionArn)?.history;
    if (history !== undefined)
      history.largestStateBytes = Math.max(history.largestStateBytes ?? 0, bytes);
    if (bytes <= STATE_DATA_LIMIT) return;
    this.breach(executionArn, { state, bytes });
    throw statesError("States.DataLimitExceeded", `${state}: ${bytes} bytes`);
  }

  /** An action of the execution role itself (starting a child), checked like an SDK call. */
  private async authorize(
    machine: DeployedMachine,
    action: string,
    resource: string,
  ): Promise<void> {
    if (this.world.authorizer === undefined || machine.roleArn === undefined) return;
    const decision = await this.world.authorizer.decide({
      principal: machine.roleArn,
      action,
      resource,
    });
    if (!decision.allowed) throw statesError("States.TaskFailed", decision.reason);
  }

  /**
   * `startExecution.sync:2` by name: a second start of a name whose execution still runs with the
   * same input waits for that execution (StartExecution is idempotent for Standard workflows); a
   * name already used otherwise is refused, as AWS does.
   */
  private async runChild(
    input: { StateMachineArn: string; Name?: string; Input: unknown },
    parent: Timeline,
    parentArn: string,
    slots: MapSlots,
  ) {
    const name = input.Name;
    const arn =
      name === undefined
        ? undefined
        : `${input.StateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const existing = arn === undefined ? undefined : this.world.executions.get(arn);
    let record: ExecutionRecord | undefined;
    let child: Timeline;
    if (existing !== undefined) {
      const same = JSON.stringify(existing.input) === JSON.stringify(input.Input);
      // As seen at the caller's time: a child that ends later in simulated time still runs.
      const running = existing.stoppedAt === undefined || existing.stoppedAt > parent.now;
      if (!running || !same) {
        throw statesError(
          "StepFunctions.ExecutionAlreadyExistsException",
          `Execution Already Exists: '${arn}'`,
        );
      }
      await this.ended.get(existing.arn);
      record = existing;
      child = new Timeline(existing.stoppedAt ?? parent.now);
    } else {
      ({ record, child } = await slots.run(async (start) => {
        const child = new Timeline(start);
        const record = this.stopped.has(parentArn)
          ? undefined
          : await this.run(input.StateMachineArn, input.Input, {
              timeline: child,
              parent: parentArn,
              ...(name === undefined ? {} : { name }),
            });
        return { result: { record, child }, end: child.now };
      }));
    }
    if (record === undefined) throw statesError("States.Runtime", "stopped");
    parent.catchUp(child.now);
    const description = {
      ExecutionArn: record.arn,
      StateMachineArn: input.StateMachineArn,
      Status: record.status,
      StartDate: child.iso(record.startedAt),
      StopDate: child.iso(record.stoppedAt),
      ParentExecution: parentArn,
    };
    if (record.status !== "SUCCEEDED") {
      throw statesError("States.TaskFailed", JSON.stringify({ ...description, ...record.error }));
    }
    return { ...description, Output: record.output };
  }

  /** The slots of the Map around a state that starts children, one set per parent execution. */
  private slotsOf(
    machine: DeployedMachine,
    state: string,
    parentArn: string,
    parent: Timeline,
  ): MapSlots {
    const key = `${parentArn}#${state}`;
    let slots = this.mapSlots.get(key);
    if (slots === undefined) {
      slots = new MapSlots(parent.now, concurrencyAround(machine.definition, state));
      this.mapSlots.set(key, slots);
    }
    return slots;
  }

  /** Every Wait returns at once and moves the execution's clock by its seconds. */
  private virtualWaits(definition: StateMachineDefinition, timeline: Timeline) {
    const seconds = new Map<string, number>();
    for (const { name, state } of allStates(definition)) {
      if (state.Type === "Wait") seconds.set(name, state.Seconds ?? 0);
    }
    return new Proxy({} as Record<string, number>, {
      get: (_target, name) => {
        if (typeof name !== "string" || !seconds.has(name)) return undefined;
        timeline.advance(seconds.get(name)!);
        return 0;
      },
    });
  }

  /** Every retry happens at once (the interpreter reads this more than once a retry: no clock here). */
  private virtualRetries() {
    return new Proxy({} as Record<string, number>, {
      get: (_target, name) => (typeof name === "string" ? 0 : undefined),
    });
  }
}
