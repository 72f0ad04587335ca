import { AwsError, unmodelled } from "./aws-error";
import type { BackupSim, TableSnapshot } from "./backup";
import type { Item, SimTable, UpdateTableParams } from "./dynamodb";
import { requestsOfCall } from "./authorize";
import { refuseOverLimit } from "./account-limits";
import { chaosCallFault } from "./chaos";
import { stepFunctionsError } from "./error-names";
import { describeExport, exportTableToPointInTime } from "./export-table";
import { describeImport, importTable } from "./import-table";
import type { CallContext } from "./call-context";
import { jobEnd } from "./job-end";
import { describeContinuousBackups, updateContinuousBackups } from "./pitr";
import { restoreRequestRefusal } from "./restore-request";
import { copyIntoCheck, jobRefusal, keyCheck } from "./service-access";
import type { CallRecord, World } from "./world";
import type { SdkService } from "../asl/sdk";
import type { PublishInput } from "@aws-sdk/client-sns";

type Params = Record<string, unknown>;
type Handler = (world: World, ctx: CallContext, p: Params) => unknown;

function refusedJob(now: number, message: string) {
  return { state: "FAILED" as const, at: now + 60, message };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function tableOfArn(arn: string): string {
  return arn.slice(arn.indexOf(":table/") + ":table/".length);
}

function accountOfArn(arn: string): string {
  return arn.split(":")[4] ?? "";
}

const backupHandlers: Record<string, Handler> = {
  async startBackupJob(world, ctx, p) {
    const account = world.accounts[ctx.side];
    const vault = account.backup.vault(p.BackupVaultName as string);
    const now = ctx.timeline.now;
    const tableName = tableOfArn(p.ResourceArn as string);
    const table = account.dynamodb.tables.get(tableName);
    const refusal = await jobRefusal(world, p.IamRoleArn as string, keyCheck(vault, "encrypt"));
    const job = account.backup.startJob("backup", p.IdempotencyToken as string | undefined, () => {
      const end =
        refusal !== undefined
          ? refusedJob(now, refusal)
          : table === undefined
            ? refusedJob(now, `Resource ${String(p.ResourceArn)} not found`)
            : jobEnd(world, "backup", tableName, now, table.sizeGb);
      const pointArn = account.backup.reserveRecoveryPointArn();
      return {
        createdAt: now,
        end,
        fields: {
          RecoveryPointArn: pointArn,
          ResourceArn: p.ResourceArn,
          BackupVaultName: vault.name,
          tableName,
        },
        complete: () =>
          account.backup.putRecoveryPoint({
            arn: pointArn,
            vault: vault.name,
            snapshot: snapshotOf(table!),
            createdAt: end.at,
            ...lifecycle(p),
          }),
      };
    });
    return {
      BackupJobId: job.id,
      RecoveryPointArn: job.fields.RecoveryPointArn,
      CreationDate: iso(job.createdAt),
    };
  },
  describeBackupJob(world, ctx, p) {
    const { job, state, message } = world.accounts[ctx.side].backup.jobState(
      ctx.timeline.now,
      p.BackupJobId as string,
    );
    const size =
      world.accounts[ctx.side].dynamodb.tables.get(job.fields.tableName as string)?.sizeGb ?? 0;
    return {
      BackupJobId: job.id,
      State: state,
      ...(message === undefined ? {} : { StatusMessage: message }),
      RecoveryPointArn: job.fields.RecoveryPointArn,
      ResourceArn: job.fields.ResourceArn,
      CreationDate: iso(job.createdAt),
      BackupSizeInBytes: Math.round(size * 1e9),
    };
  },
  async startCopyJob(world, ctx, p) {
    const source = world.accounts[ctx.side].backup;
    const sourceVault = source.vault(p.SourceBackupVaultName as string);
    const point = source.recoveryPoint(p.RecoveryPointArn as string);
    const now = ctx.timeline.now;
    const destinationArn = p.DestinationBackupVaultArn as string;
    const destinationSide = world.sideOfAccount(accountOfArn(destinationArn));
    const destination =
      destinationSide === undefined ? undefined : world.accounts[destinationSide].backup;
    const vaultName = destinationArn.slice(
      destinationArn.indexOf("backup-vault:") + "backup-vault:".length,
    );
    const refusal =
      copyRefusal(destination, vaultName) ??
      (await jobRefusal(world, p.IamRoleArn as string, [
        ...keyCheck(sourceVault, "decrypt"),
        ...copyIntoCheck(destination!.vault(vaultName)),
        ...keyCheck(destination!.vault(vaultName), "encrypt"),
      ]));
    const job = source.startJob("copy", p.IdempotencyToken as string | undefined, () => {
      const end =
        refusal === undefined
          ? jobEnd(world, "copy", point.snapshot.tableName, now, point.snapshot.sizeGb)
          : { state: "FAILED" as const, at: now + 60, message: refusal };
      const destinationPointArn = destination?.reserveRecoveryPointArn();
      return {
        createdAt: now,
        end,
        fields: {
          SourceRecoveryPointArn: point.arn,
          DestinationRecoveryPointArn: destinationPointArn,
          DestinationBackupVaultArn: destinationArn,
        },
        // A copy keeps the source's creation date.
        complete: () =>
          destination!.putRecoveryPoint({
            arn: destinationPointArn!,
            vault: vaultName,
            snapshot: point.snapshot,
            createdAt: point.createdAt,
            ...lifecycle(p),
          }),
      };
    });
    return { CopyJobId: job.id, CreationDate: iso(job.createdAt) };
  },
  describeCopyJob(world, ctx, p) {
    const { job, state, message } = world.accounts[ctx.side].backup.jobState(
      ctx.timeline.now,
      p.CopyJobId as string,
    );
    return {
      CopyJob: {
        CopyJobId: job.id,
        State: state,
        ...(message === undefined ? {} : { StatusMessage: message }),
        SourceRecoveryPointArn: job.fields.SourceRecoveryPointArn,
        DestinationRecoveryPointArn: job.fields.DestinationRecoveryPointArn,
        DestinationBackupVaultArn: job.fields.DestinationBackupVaultArn,
        CreationDate: iso(job.createdAt),
      },
    };
  },
  async startRestoreJob(world, ctx, p) {
    const account = world.accounts[ctx.side];
    const point = account.backup.recoveryPoint(p.RecoveryPointArn as string);
    const refused = restoreRequestRefusal(p);
    if (refused !== undefined) throw refused;
    const metadata = p.Metadata as Record<string, string>;
    const target = metadata.targetTableName;
    if (target === undefined)
      throw new AwsError(
        "backup",
        "InvalidParameterValueException",
        "Metadata targetTableName is required",
      );
    const now = ctx.timeline.now;
    refuseOverLimit(account.backup.running("restore", now), "backup", "restores");
    const refusal = await jobRefusal(
      world,
      p.IamRoleArn as string,
      keyCheck(account.backup.vault(point.vault), "decrypt"),
    );
    const job = account.backup.startJob("restore", p.IdempotencyToken as string | undefined, () => {
      const exists = account.dynamodb.tables.has(target);
      const end =
        refusal !== undefined
          ? refusedJob(now, refusal)
          : exists
            ? refusedJob(now, `Table already exists: ${target}`)
            : jobEnd(world, "restore", point.snapshot.tableName, now, point.snapshot.sizeGb);
      if (refusal === undefined && !exists && end.state === "COMPLETED") {
        account.dynamodb.createTable(now, restoredTable(target, point.snapshot), end.at);
      }
      return {
        createdAt: now,
        end,
        fields: { target, CreatedResourceArn: account.dynamodb.tables.get(target)?.arn },
      };
    });
    return { RestoreJobId: job.id };
  },
  describeRestoreJob(world, ctx, p) {
    const { job, state, message } = world.accounts[ctx.side].backup.jobState(
      ctx.timeline.now,
      p.RestoreJobId as string,
    );
    return {
      RestoreJobId: job.id,
      Status: state,
      ...(message === undefined ? {} : { StatusMessage: message }),
      ...(state === "COMPLETED" ? { CreatedResourceArn: job.fields.CreatedResourceArn } : {}),
      CreationDate: iso(job.createdAt),
    };
  },
};

/** Why a copy into `vault` cannot even start: no such account in the organization, or no such vault. */
function copyRefusal(destination: BackupSim | undefined, vault: string): string | undefined {
  if (destination === undefined)
    return "Destination account is not in the same organization as the source account";
  if (!destination.vaults.has(vault)) return `Destination backup vault ${vault} does not exist`;
  return undefined;
}

function lifecycle(p: Params): { deleteAfterDays?: number } {
  const days = (p.Lifecycle as { DeleteAfterDays?: number } | undefined)?.DeleteAfterDays;
  return days === undefined ? {} : { deleteAfterDays: days };
}

function snapshotOf(table: SimTable): TableSnapshot {
  return {
    tableName: table.name,
    tableArn: table.arn,
    schema: structuredClone(table.schema),
    billing: table.billing,
    capacity: { ...table.capacity },
    indexCapacity: structuredClone(table.indexCapacity),
    sizeGb: table.sizeGb,
    itemCount: table.itemCount,
  };
}

/** A restored table: schema, billing and capacity of the backup; no stream, TTL, tags or protection. */
function restoredTable(name: string, s: TableSnapshot) {
  return {
    name,
    schema: structuredClone(s.schema),
    billing: s.billing,
    capacity: { ...s.capacity },
    indexCapacity: structuredClone(s.indexCapacity),
    tags: {},
    deletionProtection: false,
    pitr: false,
    sizeGb: s.sizeGb,
    itemCount: s.itemCount,
  };
}

const dynamodbHandlers: Record<string, Handler> = {
  describeTable: (w, c, p) =>
    w.accounts[c.side].dynamodb.describeTable(c.timeline.now, p.TableName as string),
  deleteTable: (w, c, p) =>
    w.accounts[c.side].dynamodb.deleteTable(c.timeline.now, p.TableName as string),
  updateTable: (w, c, p) => {
    const dynamodb = w.accounts[c.side].dynamodb;
    const result = dynamodb.updateTable(c.timeline.now, p as unknown as UpdateTableParams);
    const busy = w.takeFault("busy", (f) => f.table === p.TableName);
    if (busy !== undefined) dynamodb.tables.get(p.TableName as string)!.settlesAt += busy.seconds;
    return result;
  },
  updateTimeToLive: (w, c, p) =>
    w.accounts[c.side].dynamodb.updateTimeToLive(
      c.timeline.now,
      p.TableName as string,
      p.TimeToLiveSpecification as { Enabled: boolean; AttributeName: string },
    ),
  describeTimeToLive: (w, c, p) =>
    w.accounts[c.side].dynamodb.describeTimeToLive(c.timeline.now, p.TableName as string),
  tagResource: (w, c, p) =>
    w.accounts[c.side].dynamodb.tagResource(
      c.timeline.now,
      p.ResourceArn as string,
      p.Tags as { Key: string; Value: string }[],
    ),
  putItem: (w, c, p) => w.accounts[c.side].dynamodb.putItem(c.timeline.now, p as never),
  getItem: (w, c, p) =>
    w.accounts[c.side].dynamodb.getItem(c.timeline.now, p as { TableName: string; Key: Item }),
  deleteItem: (w, c, p) => w.accounts[c.side].dynamodb.deleteItem(c.timeline.now, p as never),
  query: (w, c, p) => w.accounts[c.side].dynamodb.query(c.timeline.now, p as never),
  describeContinuousBackups: (w, c, p) =>
    describeContinuousBackups(w.accounts[c.side].dynamodb, c.timeline.now, p.TableName as string),
  updateContinuousBackups: (w, c, p) =>
    updateContinuousBackups(
      w.accounts[c.side].dynamodb,
      c.timeline.now,
      p.TableName as string,
      p.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled: boolean },
    ),
  exportTableToPointInTime,
  describeExport,
  importTable,
  describeImport,
};

const sfnHandlers: Record<string, Handler> = {
  describeExecution(world, ctx, p) {
    const record = world.executions.get(p.ExecutionArn as string);
    if (record === undefined || record.startedAt > ctx.timeline.now) {
      throw new AwsError(
        "sfn",
        "ExecutionDoesNotExist",
        `Execution Does Not Exist: '${String(p.ExecutionArn)}'`,
      );
    }
    // As seen at the caller's time: an execution that ends later in simulated time still runs.
    const running = record.stoppedAt === undefined || record.stoppedAt > ctx.timeline.now;
    if (running)
      return { ExecutionArn: record.arn, Status: "RUNNING", StartDate: iso(record.startedAt) };
    return {
      ExecutionArn: record.arn,
      Status: record.status,
      StartDate: iso(record.startedAt),
      StopDate: iso(record.stoppedAt!),
      ...(record.output === undefined ? {} : { Output: JSON.stringify(record.output) }),
      ...(record.error?.Error === undefined ? {} : { Error: record.error.Error }),
      ...(record.error?.Cause === undefined ? {} : { Cause: record.error.Cause }),
    };
  },
};

const snsHandlers: Record<string, Handler> = {
  publish: (w, c, p) =>
    w.accounts[c.side].sns.publish(c.timeline.now, c.execution, p as unknown as PublishInput),
};

const HANDLERS: Record<SdkService, Record<string, Handler>> = {
  backup: backupHandlers,
  dynamodb: dynamodbHandlers,
  sfn: sfnHandlers,
  sns: snsHandlers,
};

/** Whether a call's parameters include each of `wanted`, compared as JSON. */
function hasParams(params: Record<string, unknown>, wanted: Record<string, unknown> = {}): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify(params[key]) === JSON.stringify(value),
  );
}

/** The table a call is about, for faults that name one. */
function tableOfCall(p: Params): string | undefined {
  if (typeof p.TableName === "string") return p.TableName;
  for (const arn of [p.ResourceArn, p.TableArn]) {
    if (typeof arn === "string" && arn.includes(":table/")) return tableOfArn(arn);
  }
  const created = p.TableCreationParameters as { TableName?: unknown } | undefined;
  if (typeof created?.TableName === "string") return created.TableName;
  return undefined;
}

/** Answers one SDK call of a Task, as the service in that account would, and logs it. */
export async function callAws(
  world: World,
  ctx: CallContext,
  service: string,
  action: string,
  params: Params,
): Promise<unknown> {
  const call = `${service}:${action}`;
  const record: CallRecord = {
    at: ctx.timeline.now,
    side: ctx.side,
    ...(ctx.execution === undefined ? {} : { execution: ctx.execution }),
    call,
    params,
  };
  world.calls.push(record);
  try {
    const handler = HANDLERS[service as SdkService]?.[action];
    if (handler === undefined) {
      throw unmodelled(
        (service in HANDLERS ? service : "dynamodb") as SdkService,
        `the rehearsal does not simulate ${call}`,
      );
    }
    if (world.authorizer !== undefined && ctx.principal !== undefined) {
      const account = world.accounts[ctx.side].id;
      for (const request of requestsOfCall(
        world.arns,
        account,
        ctx.principal,
        service,
        action,
        params,
      )) {
        const decision = await world.authorizer.decide(request);
        if (!decision.allowed) {
          record.denied = decision.reason;
          throw new AwsError(service as SdkService, "AccessDeniedException", decision.reason);
        }
      }
      record.authorized = true;
    }
    const occasion = `${ctx.execution ?? ctx.side}\n${call}\n${JSON.stringify(params)}`;
    const drawn = chaosCallFault(world.chaos, service as SdkService, occasion);
    const drawnError = (fault: { code: string }) =>
      new AwsError(service as SdkService, fault.code, `${fault.code} (a fault the rehearsal drew)`);
    if (drawn !== undefined && !drawn.afterEffect) throw drawnError(drawn);
    const fault = world.takeFault(
      "error",
      (f) =>
        f.call === call &&
        (f.table === undefined || f.table === tableOfCall(params)) &&
        hasParams(params, f.with) &&
        (f.after === undefined ||
          world.calls.some((c) => c.call === f.after!.call && hasParams(c.params, f.after!.with))),
    );
    if (fault !== undefined && fault.afterEffect !== true)
      throw new AwsError(
        service as SdkService,
        fault.code,
        fault.message ?? `${fault.code} (injected)`,
      );
    const result = structuredClone(await handler(world, ctx, params)) as { Count?: number };
    if (typeof result?.Count === "number") record.found = result.Count;
    if (drawn?.afterEffect === true) throw drawnError(drawn);
    if (fault?.afterEffect === true)
      throw new AwsError(
        service as SdkService,
        fault.code,
        fault.message ?? `${fault.code} (injected, after the call took effect)`,
      );
    return result;
  } catch (error) {
    if (error instanceof AwsError) {
      const named = stepFunctionsError(
        error.service,
        action,
        error.code,
        error.message,
        world.errorNaming,
      );
      error.name = named.name;
      error.message = named.cause;
    }
    record.error = (error as Error).name;
    throw error;
  }
}
