import { AwsError } from "./aws-error";
import type { DynamoDbSim, SimTable } from "./dynamodb";

const RECOVERY_PERIOD_DAYS = 35;

/** A table the continuous-backup APIs know, or TableNotFoundException as they say it. */
export function pitrTable(db: DynamoDbSim, now: number, name: string): SimTable {
  db.settle(now);
  const table = db.tables.get(name);
  if (table === undefined)
    throw new AwsError("dynamodb", "TableNotFoundException", `Table not found: ${name}`);
  return table;
}

/** The moments an export can take the table at: none while recovery is off. */
export function exportWindow(t: SimTable, now: number): { earliest: number; latest: number } {
  return {
    earliest: Math.max(t.pitrSince ?? t.createdAt, now - RECOVERY_PERIOD_DAYS * 86400),
    latest: now,
  };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function description(t: SimTable, now: number) {
  const window = exportWindow(t, now);
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: t.pitr
        ? {
            PointInTimeRecoveryStatus: "ENABLED",
            RecoveryPeriodInDays: RECOVERY_PERIOD_DAYS,
            EarliestRestorableDateTime: iso(window.earliest),
            LatestRestorableDateTime: iso(window.latest),
          }
        : { PointInTimeRecoveryStatus: "DISABLED" },
    },
  };
}

export function describeContinuousBackups(db: DynamoDbSim, now: number, name: string) {
  return description(pitrTable(db, now, name), now);
}

export function updateContinuousBackups(
  db: DynamoDbSim,
  now: number,
  name: string,
  spec: { PointInTimeRecoveryEnabled: boolean },
) {
  const t = pitrTable(db, now, name);
  if (spec.PointInTimeRecoveryEnabled && !t.pitr) t.pitrSince = now;
  t.pitr = spec.PointInTimeRecoveryEnabled;
  return description(t, now);
}
