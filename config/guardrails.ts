import type { Catalog } from "./catalog";
import type { ConfigProblem } from "./errors";
import { NAMESPACE, type ConfiguredSettings, type StackName } from "./stack-config";

/** Keys that configure only one stack's parts: setting them in the other stack's file is a mistake. */
export const ONLY_IN: Record<StackName, readonly (keyof ConfiguredSettings)[]> = {
  prod: ["schedule", "prodRetentionDays", "manageRegionSettings", "enablePointInTimeRecovery"],
  dev: ["maxCopyAgeHours", "restoreAttempts", "chatBot"],
};

/** DynamoDB's longest table name. */
const MAX_TABLE_NAME = 255;

/**
 * The longest time between two daily runs a schedule allows, in hours, erring long: a cron
 * expression that names days of the month or of the week may leave a month or a week between runs.
 */
export function longestScheduleGapHours(schedule: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate !== null) {
    const unit = rate[2]!.startsWith("minute") ? 1 / 60 : rate[2]!.startsWith("hour") ? 1 : 24;
    return Number(rate[1]) * unit;
  }
  const fields = /^cron\((.+)\)$/.exec(schedule)?.[1]?.trim().split(/\s+/) ?? [];
  const [, hours, dayOfMonth, , dayOfWeek] = fields;
  const any = (field: string | undefined) => field === undefined || field === "*" || field === "?";
  if (!any(dayOfMonth)) return 31 * 24;
  if (!any(dayOfWeek)) return 7 * 24;
  return /^\d+$/.test(hours ?? "") ? 24 : 1;
}

/**
 * Settings that each pass their own check but together would hurt: the same account on both
 * sides, environments whose table prefixes overlap or make invalid names, one stack's keys in the
 * other's file, retention shorter than the gap between runs.
 */
export function guardrailProblems(
  stack: StackName,
  stackFile: string,
  settings: ConfiguredSettings,
  keysInFile: readonly string[],
  catalog: Catalog,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (key: string) => `config.${NAMESPACE}:${key}`;
  if (settings.prodAccountId === settings.devAccountId) {
    problems.push({
      file: stackFile,
      path: at("devAccountId"),
      message: `is the prod account (${settings.prodAccountId}); the dev copies must live in another account`,
    });
  }
  settings.environments.forEach((env, i) => {
    const other = settings.environments.find((o) => o !== env && env.startsWith(`${o}-`));
    if (other !== undefined) {
      problems.push({
        file: stackFile,
        path: `${at("environments")}[${i}]`,
        message: `"${env}" starts with "${other}-": tables of ${env} would also be tables of ${other}; choose names where neither is a prefix of the other`,
      });
    }
    if (settings.environments.indexOf(env) !== i) {
      problems.push({
        file: stackFile,
        path: `${at("environments")}[${i}]`,
        message: `"${env}" is listed twice`,
      });
    }
    const longest = catalog.tables.reduce((a, t) => (t.name.length > a.length ? t.name : a), "");
    if (env.length + 1 + longest.length > MAX_TABLE_NAME) {
      problems.push({
        file: stackFile,
        path: `${at("environments")}[${i}]`,
        message: `"${env}-${longest}" would be longer than DynamoDB's ${MAX_TABLE_NAME} characters`,
      });
    }
  });
  const other: StackName = stack === "prod" ? "dev" : "prod";
  for (const key of ONLY_IN[other].filter((k) => keysInFile.includes(k))) {
    problems.push({
      file: stackFile,
      path: at(key),
      message: `configures the ${other} stack's parts; move it to Pulumi.${other}.yaml`,
    });
  }
  if (stack === "prod") {
    const gap = longestScheduleGapHours(settings.schedule);
    for (const key of ["prodRetentionDays", "devRetentionDays"] as const) {
      if (settings[key] * 24 < gap) {
        problems.push({
          file: stackFile,
          path: at(key),
          message: `${settings[key]} days is shorter than the ${Math.round(gap / 24)} days ${settings.schedule} may leave between runs: no copy would always be there; expected at least ${Math.ceil(gap / 24)}`,
        });
      }
    }
  }
  return problems;
}
