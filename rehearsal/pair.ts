import { requireAgreement } from "../config/agreement";
import { arns, NAMES, type StackModel } from "../config/model";
import {
  devMachines,
  planStack,
  prodMachines,
  type MachinePlan,
  type StackPlan,
} from "../stack/plan";
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
    // One pair of accounts in one Region, with one catalog: stack files that disagree are refused.
    requireAgreement(prod, dev);
    this.world = new World(dev, start);
    const plans = [
      { plan: planStack(prod), model: prod },
      { plan: planStack(dev), model: dev },
    ];
    this.world.authorizer = new Authorizer(plans);
    createPlannedResources(
      this.world,
      plans.map((p) => p.plan),
    );
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

  /** Each vault is encrypted with its stack's key. */
  private giveVaultsTheirKeys(): void {
    const vaults = [
      { side: "prod", vault: NAMES.prodVault, alias: NAMES.prodKeyAlias },
      { side: "dev", vault: NAMES.devVault, alias: NAMES.devKeyAlias },
    ] as const;
    for (const { side, vault, alias } of vaults) {
      const key = this.world.accounts[side].kms.resolve(alias);
      if (key !== undefined) this.world.accounts[side].backup.vault(vault).key = key;
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

/**
 * The resources whose policies the stacks synthesize, in the stack's account: each KMS key under
 * its alias, each bucket under its name, with the synthesized policy.
 */
export function createPlannedResources(
  world: World,
  plans: Pick<StackPlan, "stack" | "policies">[],
): void {
  for (const plan of plans) {
    const account = world.accounts[plan.stack];
    for (const p of plan.policies) {
      if (p.kind === "kms-key") account.kms.add(p.attachedTo, p.document);
      if (p.kind === "bucket") account.s3.addBucket(p.attachedTo, p.document);
    }
  }
}
