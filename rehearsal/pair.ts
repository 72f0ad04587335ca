import { arns, type StackModel } from "../config/model";
import { devMachines, prodMachines } from "../stack/plan";
import { Executor } from "./executor";
import { World } from "./world";

/**
 * Both accounts with both stacks' machines deployed, as `pulumi up` would leave them: the daily
 * backup in prod, the restore in dev.
 */
export class Rehearsal {
  readonly world: World;
  readonly executor: Executor;
  readonly arns: ReturnType<typeof arns>;

  constructor(
    readonly prod: StackModel,
    readonly dev: StackModel,
    start?: number,
  ) {
    this.world = new World(dev, start);
    this.executor = new Executor(this.world);
    this.arns = arns(prod);
    for (const m of prodMachines(prod)) {
      this.executor.deploy({
        ...m,
        side: "prod",
        arn: this.arns.machine(prod.accounts.prod, m.name),
      });
    }
    for (const m of devMachines(dev)) {
      this.executor.deploy({ ...m, side: "dev", arn: this.arns.machine(dev.accounts.dev, m.name) });
    }
  }

  /** The daily production run. */
  backupAndCopy(input: unknown = {}) {
    return this.executor.run(this.arns.backupMachine, input);
  }

  /** A refresh, as the chat bot starts it. */
  refresh(input: unknown, name?: string) {
    return this.executor.run(this.arns.restoreMachine, input, name === undefined ? {} : { name });
  }

  /** Moves the shared clock on, as days pass between runs. */
  later(seconds: number): void {
    this.world.now += seconds;
  }
}
