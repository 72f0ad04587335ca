import { loadConfig } from "../../config/load";
import { toModel, type StackModel } from "../../config/model";
import { Rehearsal } from "../../rehearsal/pair";
import { PROJECT_DIR } from "./project";

/** The models of the example stacks, with settings changed where a test needs it. */
export function models(
  overrides: Partial<StackModel["settings"]> = {},
  project: string = PROJECT_DIR,
): {
  prod: StackModel;
  dev: StackModel;
} {
  const load = (stack: "prod" | "dev") => {
    const model = toModel(loadConfig(project, stack));
    return { ...model, settings: { ...model.settings, ...overrides } };
  };
  return { prod: load("prod"), dev: load("dev") };
}

/** Simulated accounts with both stacks deployed. */
export function rehearsal(
  overrides: Partial<StackModel["settings"]> = {},
  project: string = PROJECT_DIR,
): Rehearsal {
  const { prod, dev } = models(overrides, project);
  return new Rehearsal(prod, dev);
}

/** A rehearsal whose daily backup has already run (and an hour has passed since). */
export async function afterDailyBackup(
  overrides: Partial<StackModel["settings"]> = {},
): Promise<Rehearsal> {
  const r = rehearsal(overrides);
  const run = await r.backupAndCopy();
  if (run.status !== "SUCCEEDED")
    throw new Error(`the daily backup failed: ${JSON.stringify(run.error)}`);
  r.later(3600);
  return r;
}

/** Calls that change or remove a dev table: none may happen before a refresh is sure it can go on. */
export const DESTRUCTIVE = [
  "dynamodb:deleteTable",
  "dynamodb:updateTable",
  "backup:startRestoreJob",
];
