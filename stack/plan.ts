import { backupAndCopyMachine } from "../asl/machines/backup-and-copy";
import { backupTableMachine } from "../asl/machines/backup-table";
import type { StateMachineDefinition } from "../asl/types";
import { arns, NAMES, type StackModel } from "../config/model";
import { callsOf, mergeCalls } from "../policies/derive";
import type { NamedPolicy } from "../policies/document";
import { identityPolicy, passRoleStatement, serviceTrust } from "../policies/identity";
import { devKeyPolicy, devVaultAccessPolicy, prodKeyPolicy } from "../policies/resource-policies";
import { observabilityStatements } from "../policies/logging";
import { copyRecorderScopes, prodMachineScopes } from "../policies/scopes";
import { crossAccountTrust } from "../policies/trust";

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
}

function awsManaged(model: StackModel, name: string): string {
  return `arn:${model.partition}:iam::aws:policy/service-role/${name}`;
}

/** The production side's machines, built once for both stacks (the dev side trusts what they call). */
export function prodMachines(model: StackModel): MachinePlan[] {
  return [
    {
      name: NAMES.backupMachine,
      definition: backupAndCopyMachine(model),
      role: NAMES.backupMachineRole,
    },
    {
      name: NAMES.backupTableMachine,
      definition: backupTableMachine(model),
      role: NAMES.backupMachineRole,
    },
  ];
}

function planProd(model: StackModel): StackPlan {
  const a = arns(model);
  const machines = prodMachines(model);
  const calls = mergeCalls(machines.map((m) => callsOf(m.definition)));
  const role = NAMES.backupMachineRole;
  const policies: NamedPolicy[] = [
    {
      name: `${role}.identity`,
      kind: "identity",
      attachedTo: role,
      document: identityPolicy(role, calls.own, prodMachineScopes(model), [
        ...passRoleStatement(calls.passedRoles),
        ...observabilityStatements(model.settings.xrayTracing),
      ]),
    },
    {
      name: `${role}.trust`,
      kind: "trust",
      attachedTo: role,
      document: serviceTrust(
        "states.amazonaws.com",
        model.accounts.prod,
        a.machine(model.accounts.prod, "datarefresh-backup-*"),
      ),
    },
    {
      name: `${NAMES.backupServiceRole}.trust`,
      kind: "trust",
      attachedTo: NAMES.backupServiceRole,
      document: serviceTrust("backup.amazonaws.com", model.accounts.prod),
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
      document: serviceTrust("events.amazonaws.com", model.accounts.prod),
    },
    {
      name: `${NAMES.prodKeyAlias.replace("alias/", "")}.kms-key`,
      kind: "kms-key",
      attachedTo: NAMES.prodKeyAlias,
      document: prodKeyPolicy(model),
    },
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

function planDev(model: StackModel): StackPlan {
  const prodCalls = mergeCalls(prodMachines(model).map((m) => callsOf(m.definition)));
  const a = arns(model);
  const recorderActions = prodCalls.assumed.get(a.copyRecorderRole) ?? new Set<string>();
  const recorder = NAMES.copyRecorderRole;
  const policies: NamedPolicy[] = [
    {
      name: `${NAMES.devVault}.vault-access`,
      kind: "vault-access",
      attachedTo: NAMES.devVault,
      document: devVaultAccessPolicy(model),
    },
    {
      name: `${NAMES.devKeyAlias.replace("alias/", "")}.kms-key`,
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
      document: crossAccountTrust(a.backupMachineRole, a.backupTableMachine),
    },
    {
      name: `${NAMES.restoreServiceRole}.trust`,
      kind: "trust",
      attachedTo: NAMES.restoreServiceRole,
      document: serviceTrust("backup.amazonaws.com", model.accounts.dev),
    },
  ];
  return {
    stack: model.stack,
    machines: [],
    policies,
    managedPolicies: {
      [NAMES.restoreServiceRole]: [awsManaged(model, "AWSBackupServiceRolePolicyForRestores")],
    },
  };
}

/** What the model's stack deploys, computed by the same functions for Pulumi, synth and the rehearsal. */
export function planStack(model: StackModel): StackPlan {
  return model.stack === "prod" ? planProd(model) : planDev(model);
}
