import { backupAndCopyMachine } from "../asl/machines/backup-and-copy";
import { backupTableMachine } from "../asl/machines/backup-table";
import { restoreMachine } from "../asl/machines/restore";
import { restoreTableMachine } from "../asl/machines/restore-table";
import { catalogCauseChars } from "../asl/machines/table-results";
import { renderDefinition } from "../asl/render";
import type { StateMachineDefinition } from "../asl/types";
import { usesS3Export } from "../config/catalog";
import { arns, exportBucketName, NAMES, type StackModel } from "../config/model";
import { chatBotPolicies } from "../policies/chat-bot";
import { chatChannelPolicies } from "../policies/chat-channel";
import { callsOf, mergeCalls } from "../policies/derive";
import { deployerPolicy } from "../policies/deployer";
import { renderPolicy, type NamedPolicy, type PolicyDocument } from "../policies/document";
import { identityPolicy, passRoleStatement, type ResourceScopes } from "../policies/identity";
import { observabilityStatements } from "../policies/logging";
import {
  devKeyPolicy,
  devVaultAccessPolicy,
  exportBucketPolicy,
  exportKeyPolicy,
  prodKeyPolicy,
} from "../policies/resource-policies";
import { restoreServiceGuard } from "../policies/restore-service";
import {
  copyRecorderScopes,
  devMachineScopes,
  importRoleScopes,
  prodMachineScopes,
} from "../policies/scopes";
import { backupTrust, eventsTrust, machineTrust, stepFunctionsTrust } from "../policies/trust";
import { stackResources } from "./inventory";

export interface MachinePlan {
  /** Physical name of the state machine; also the file name stem in synth's output. */
  name: string;
  definition: StateMachineDefinition;
  /** Name of the execution role. */
  role: string;
}

/** Everything a stack deploys that a reviewer reads: definitions and policy documents. */
export interface StackPlan {
  stack: StackModel["stack"];
  machines: MachinePlan[];
  policies: NamedPolicy[];
  /** AWS managed policies attached to service roles, by role name. */
  managedPolicies: Record<string, string[]>;
  /** What whoever runs `pulumi up` and `pulumi destroy` of the stack needs, and no more. */
  deployerPolicy: PolicyDocument;
  /** How many characters of each failed table's cause a run's report carries. */
  reportCauseChars: number;
}

/** A plan before the deployer's policy, which is derived from the rest. */
type ResourcePlan = Omit<StackPlan, "deployerPolicy" | "reportCauseChars">;

function awsManaged(model: StackModel, name: string): string {
  return `arn:${model.partition}:iam::aws:policy/service-role/${name}`;
}

/** The production side's machines, built once for both stacks (the dev side trusts what they call). */
export function prodMachines(model: StackModel): MachinePlan[] {
  const role = NAMES.backupMachineRole;
  return [
    { name: NAMES.backupMachine, definition: backupAndCopyMachine(model), role },
    { name: NAMES.backupTableMachine, definition: backupTableMachine(model), role },
  ];
}

export function devMachines(model: StackModel): MachinePlan[] {
  const role = NAMES.restoreMachineRole;
  return [
    { name: NAMES.restoreMachine, definition: restoreMachine(model), role },
    { name: NAMES.restoreTableMachine, definition: restoreTableMachine(model), role },
  ];
}

/**
 * The execution role of a side's machines: its identity policy is computed from their definitions
 * (the actions their tasks call, the roles they pass) and scoped by `scopes`; its trust admits
 * Step Functions for the state machines of that account and Region.
 */
function machineRolePolicies(
  model: StackModel,
  account: string,
  machines: MachinePlan[],
  scopes: ResourceScopes,
): NamedPolicy[] {
  const role = machines[0]!.role;
  const calls = mergeCalls(machines.map((m) => callsOf(m.definition)));
  return [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: identityPolicy(role, calls.own, scopes, [
        ...passRoleStatement(calls.passedRoles),
        ...observabilityStatements(model.settings.xrayTracing),
      ]),
    },
    {
      name: `${role}.trust`,
      kind: "trust",
      attachedTo: role,
      document: stepFunctionsTrust(model.partition, model.region, account),
    },
  ];
}

function keyPolicyName(alias: string): string {
  return `${alias.replace("alias/", "")}.kms-key`;
}

/** The prod bucket the exports go to, and its key. */
function exportStorePolicies(model: StackModel): NamedPolicy[] {
  const bucket = exportBucketName(model);
  return [
    {
      name: `${bucket}.bucket`,
      kind: "bucket",
      attachedTo: bucket,
      document: exportBucketPolicy(model),
    },
    {
      name: keyPolicyName(NAMES.exportKeyAlias),
      kind: "kms-key",
      attachedTo: NAMES.exportKeyAlias,
      document: exportKeyPolicy(model),
    },
  ];
}

function planProd(model: StackModel): ResourcePlan {
  const a = arns(model);
  const machines = prodMachines(model);
  const policies: NamedPolicy[] = [
    ...machineRolePolicies(model, model.accounts.prod, machines, prodMachineScopes(model)),
    {
      name: `${NAMES.backupServiceRole}.trust`,
      kind: "trust",
      attachedTo: NAMES.backupServiceRole,
      document: backupTrust(),
    },
    {
      name: `${NAMES.scheduleRole}.identity`,
      kind: "identity",
      attachedTo: NAMES.scheduleRole,
      document: identityPolicy(NAMES.scheduleRole, ["states:StartExecution"], {
        "states:StartExecution": [a.backupMachine],
      }),
    },
    {
      name: `${NAMES.scheduleRole}.trust`,
      kind: "trust",
      attachedTo: NAMES.scheduleRole,
      document: eventsTrust(model.accounts.prod),
    },
    {
      name: keyPolicyName(NAMES.prodKeyAlias),
      kind: "kms-key",
      attachedTo: NAMES.prodKeyAlias,
      document: prodKeyPolicy(model),
    },
    ...(usesS3Export(model.tables) ? exportStorePolicies(model) : []),
    ...chatChannelPolicies(model),
  ];
  return {
    stack: model.stack,
    machines,
    policies,
    managedPolicies: {
      [NAMES.backupServiceRole]: [awsManaged(model, "AWSBackupServiceRolePolicyForBackup")],
    },
  };
}

/** The role the restore machines import as: what their `ImportTable` calls need, nothing else. */
function importRolePolicies(model: StackModel, machines: MachinePlan[]): NamedPolicy[] {
  const a = arns(model);
  const calls = mergeCalls(machines.map((m) => callsOf(m.definition)));
  const role = NAMES.importRole;
  return [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: identityPolicy(
        role,
        calls.assumed.get(a.importRole) ?? [],
        importRoleScopes(model),
      ),
    },
    {
      name: `${role}.trust`,
      kind: "trust",
      attachedTo: role,
      document: machineTrust(a.restoreMachineRole, a.restoreTableMachine),
    },
  ];
}

function planDev(model: StackModel): ResourcePlan {
  const a = arns(model);
  const machines = devMachines(model);
  // The copy recorder does what the prod machines ask of it, and nothing else.
  const prodCalls = mergeCalls(prodMachines(model).map((m) => callsOf(m.definition)));
  const recorderActions = prodCalls.assumed.get(a.copyRecorderRole) ?? new Set<string>();
  const recorder = NAMES.copyRecorderRole;
  const policies: NamedPolicy[] = [
    ...machineRolePolicies(model, model.accounts.dev, machines, devMachineScopes(model)),
    {
      name: `${NAMES.devVault}.vault-access`,
      kind: "vault-access",
      attachedTo: NAMES.devVault,
      document: devVaultAccessPolicy(model),
    },
    {
      name: keyPolicyName(NAMES.devKeyAlias),
      kind: "kms-key",
      attachedTo: NAMES.devKeyAlias,
      document: devKeyPolicy(model),
    },
    {
      name: `${recorder}.identity`,
      kind: "identity",
      attachedTo: recorder,
      document: identityPolicy(recorder, recorderActions, copyRecorderScopes(model)),
    },
    {
      name: `${recorder}.trust`,
      kind: "trust",
      attachedTo: recorder,
      document: machineTrust(a.backupMachineRole, a.backupTableMachine),
    },
    {
      name: `${NAMES.restoreServiceRole}.identity`,
      kind: "identity",
      attachedTo: NAMES.restoreServiceRole,
      document: restoreServiceGuard(model),
    },
    {
      name: `${NAMES.restoreServiceRole}.trust`,
      kind: "trust",
      attachedTo: NAMES.restoreServiceRole,
      document: backupTrust(),
    },
    ...chatBotPolicies(model),
    ...chatChannelPolicies(model),
    ...(usesS3Export(model.tables) ? importRolePolicies(model, machines) : []),
  ];
  return {
    stack: model.stack,
    machines,
    policies,
    managedPolicies: {
      [NAMES.restoreServiceRole]: [awsManaged(model, "AWSBackupServiceRolePolicyForRestores")],
    },
  };
}

/** IAM's limit on the inline policies of one role, all together, in characters. */
export const INLINE_POLICY_LIMIT = 10_240;

/** Step Functions takes a definition of at most 1 MiB (limits.html), as Pulumi sends it. */
export const DEFINITION_LIMIT = 1_048_576;

/** Plans already made, by their model's JSON text, frozen: a plan is given to every caller. */
const plans = new Map<string, StackPlan>();
const PLANS_KEPT = 16;

/**
 * What the model's stack deploys, computed by the same functions for Pulumi, synth and the
 * rehearsal. A model is planned once a process: the rehearsal, the benchmark and the tests plan
 * the same few models again and again, and the plan depends on nothing else.
 */
export function planStack(model: StackModel): StackPlan {
  const key = JSON.stringify(model);
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = deepFreeze(newPlan(model));
    if (plans.size >= PLANS_KEPT) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
  }
  return plan;
}

/** Forgets every plan made: for a test runner that credits each test with the code it runs. */
export function forgetPlans(): void {
  plans.clear();
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function newPlan(model: StackModel): StackPlan {
  const planned = model.stack === "prod" ? planProd(model) : planDev(model);
  const plan = {
    ...planned,
    deployerPolicy: deployerPolicy(model, stackResources(model, planned)),
    reportCauseChars: catalogCauseChars(model.tables),
  };
  for (const machine of plan.machines) {
    const bytes = Buffer.byteLength(renderDefinition(machine.definition));
    if (bytes > DEFINITION_LIMIT) {
      throw new Error(
        `the definition of ${machine.name} would take ${Math.ceil(bytes / 1024)} KiB, more than the ${DEFINITION_LIMIT / 1024} KiB Step Functions takes: it carries each table's dev settings (tags, tableCreationParameters); shorten them, or split the catalog into two projects`,
      );
    }
  }
  for (const p of plan.policies.filter((x) => x.kind === "identity")) {
    const size = renderPolicy(p.document).length;
    if (size > INLINE_POLICY_LIMIT) {
      throw new Error(
        `the policy of role ${p.attachedTo} would be ${size} characters, more than the ${INLINE_POLICY_LIMIT} IAM allows a role's inline policies: fewer environments, or fewer s3-export tables (each is named in the prod machines' role policy: about 105 of 20-character names fit) would fit`,
      );
    }
  }
  return plan;
}
