import { allStates, type TaskState } from "../../asl";
import { planStack } from "../../stack/plan";
import { s3ExportProject } from "./project";
import { models } from "./rehearsal";

/** The machines of both stacks, with every optional branch (export, import, PITR) built in. */
export function allTasks(): { machine: string; name: string; task: TaskState }[] {
  const { prod, dev } = models({ enablePointInTimeRecovery: true }, s3ExportProject());
  return [planStack(prod), planStack(dev)].flatMap((plan) =>
    plan.machines.flatMap((m) =>
      [...allStates(m.definition)]
        .filter(({ state }) => state.Type === "Task")
        .map(({ name, state }) => ({ machine: m.name, name, task: state as TaskState })),
    ),
  );
}
