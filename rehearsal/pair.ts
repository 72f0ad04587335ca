import { arns, NAMES, type StackModel } from "../config/model";
import { devMachines, planStack, prodMachines, type MachinePlan } from "../stack/plan";
import { Authorizer } from "./authorize";
import { Executor, type RunOptions } from "./executor";
import { World } from "./world";

/**
 * Both accounts with both stacks' machines deployed, as `pulumi up` would leave them: the daily
 * backup in prod, the restore in dev, every call checked against the synthesized policies.
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
    this.world.authorizer = new Authorizer([
      { plan: planStack(prod), model: prod },
      { plan: planStack(dev), model: dev },
    ]);
    this.giveVaultsTheirKeys();
    this.executor = new Executor(this.world);
    this.arns = arns(prod);
    const deploy = (side: "prod" | "dev", machines: MachinePlan[]) => {
      const account = prod.accounts[side];
      for (const m of machines) {
        this.executor.deploy({
          ...m,
          side,
          arn: this.arns.machine(account, m.name),
          roleArn: this.arns.role(account, m.role),
        });
      }
    };
    deploy("prod", prodMachines(prod));
    deploy("dev", devMachines(dev));
  }

  /** Each vault is encrypted with its stack's key, under the key policy the stack synthesizes. */
  private giveVaultsTheirKeys(): void {
    const vaults = [
      { side: "prod", vault: NAMES.prodVault, alias: NAMES.prodKeyAlias },
      { side: "dev", vault: NAMES.devVault, alias: NAMES.devKeyAlias },
    ] as const;
    for (const { side, vault, alias } of vaults) {
      const policy = this.world.authorizer!.keyPolicyOf(alias)!;
      const id = alias.replace(/^alias\//, "");
      const arn = `arn:${this.prod.partition}:kms:${this.prod.region}:${this.prod.accounts[side]}:key/${id}`;
      this.world.accounts[side].backup.vault(vault).key = { arn, policy };
    }
  }

  /** The daily production run. */
  backupAndCopy(input: unknown = {}) {
    return this.executor.run(this.arns.backupMachine, input);
  }

  /** A refresh, as the chat bot starts it. */
  refresh(input: unknown, options: string | RunOptions = {}) {
    return this.executor.run(
      this.arns.restoreMachine,
      input,
      typeof options === "string" ? { name: options } : options,
    );
  }

  /** Moves the shared clock on, as days pass between runs. */
  later(seconds: number): void {
    this.world.now += seconds;
  }
}
