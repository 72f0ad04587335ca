import { expect } from "chai";
import {
  repeatClassOf,
  serverSideErrors,
  throttlingErrors,
  type Integration,
  type RepeatClass,
  type TaskState,
} from "../../asl";
import { PUBLISHED_ONCE } from "../../asl/machines/notice";
import { allTasks } from "../helpers/tasks";

/**
 * Every Task of every machine, with how its call is repeated after an error that may have taken
 * effect (`asl/retry.ts`). A Task added without a class fails here, and so does one whose class
 * changes unseen: this list is the review of each call's safety.
 */
const EXPECTED: [string, string, RepeatClass][] = [
  ["datarefresh-backup-and-copy", "Back up and copy the table", "named"],
  ["datarefresh-backup-and-copy", "Back up and copy the table: read the run that ended", "read"],
  ["datarefresh-backup-and-copy", "Tell how the run ended: publish it", PUBLISHED_ONCE],
  ["datarefresh-backup-and-copy", "Tell why the input was refused: publish it", PUBLISHED_ONCE],
  ["datarefresh-backup-table", "Start backup", "token"],
  ["datarefresh-backup-table", "Describe backup job", "read"],
  ["datarefresh-backup-table", "Start copy to dev vault", "token"],
  ["datarefresh-backup-table", "Describe copy job", "read"],
  ["datarefresh-backup-table", "Record the copy for dev", "same"],
  ["datarefresh-backup-table", "Describe the table to export", "read"],
  ["datarefresh-backup-table", "Look at point-in-time recovery", "read"],
  ["datarefresh-backup-table", "Turn point-in-time recovery on", "same"],
  ["datarefresh-backup-table", "Start the export", "token"],
  ["datarefresh-backup-table", "Describe the export", "read"],
  ["datarefresh-backup-table", "Record the export for dev", "same"],
  ["datarefresh-restore", "Take the environment lock", "conditional"],
  ["datarefresh-restore", "Read the lock", "read"],
  ["datarefresh-restore", "Ask whether the holder runs", "read"],
  ["datarefresh-restore", "Take over the stale lock", "conditional"],
  ["datarefresh-restore", "Tell that the environment is busy: publish it", PUBLISHED_ONCE],
  ["datarefresh-restore", "Tell that the refresh starts: publish it", PUBLISHED_ONCE],
  ["datarefresh-restore", "Refresh the table", "named"],
  ["datarefresh-restore", "Record why the table failed: write it", "same"],
  ["datarefresh-restore", "Refresh the table: read the run that ended", "read"],
  ["datarefresh-restore", "Release the lock after the refresh", "conditional"],
  ["datarefresh-restore", "Tell how the refresh ended: publish it", PUBLISHED_ONCE],
  ["datarefresh-restore", "Release the lock after an error", "conditional"],
  ["datarefresh-restore", "Tell what stopped the refresh: publish it", PUBLISHED_ONCE],
  ["datarefresh-restore", "Tell why the input was refused: publish it", PUBLISHED_ONCE],
  ["datarefresh-restore-table", "Find the newest copy", "read"],
  ["datarefresh-restore-table", "Find the copy of the date", "read"],
  ["datarefresh-restore-table", "Look at the dev table", "read"],
  ["datarefresh-restore-table", "Describe the dev table to settle", "read"],
  ["datarefresh-restore-table", "Lift deletion protection", "checked"],
  ["datarefresh-restore-table", "Check: lift deletion protection", "read"],
  ["datarefresh-restore-table", "Describe the table after: lift deletion protection", "read"],
  ["datarefresh-restore-table", "Delete the dev table", "checked"],
  ["datarefresh-restore-table", "Describe the dev table to go", "read"],
  ["datarefresh-restore-table", "Import the export", "token"],
  ["datarefresh-restore-table", "Describe the import", "read"],
  ["datarefresh-restore-table", "Restore the copy", "token"],
  ["datarefresh-restore-table", "Describe the restore job", "read"],
  ["datarefresh-restore-table", "Describe the restored table", "read"],
  ["datarefresh-restore-table", "Switch to on-demand", "checked"],
  ["datarefresh-restore-table", "Check: switch to on-demand", "read"],
  ["datarefresh-restore-table", "Describe the table after: switch to on-demand", "read"],
  ["datarefresh-restore-table", "Switch to provisioned with its indexes", "checked"],
  ["datarefresh-restore-table", "Check: switch to provisioned with its indexes", "read"],
  [
    "datarefresh-restore-table",
    "Describe the table after: switch to provisioned with its indexes",
    "read",
  ],
  ["datarefresh-restore-table", "Switch to provisioned", "checked"],
  ["datarefresh-restore-table", "Check: switch to provisioned", "read"],
  ["datarefresh-restore-table", "Describe the table after: switch to provisioned", "read"],
  ["datarefresh-restore-table", "Set the table's capacity", "checked"],
  ["datarefresh-restore-table", "Check: set the table's capacity", "read"],
  ["datarefresh-restore-table", "Describe the table after: set the table's capacity", "read"],
  ["datarefresh-restore-table", "Size the indexes", "checked"],
  ["datarefresh-restore-table", "Check: size the indexes", "read"],
  ["datarefresh-restore-table", "Describe the table after: size the indexes", "read"],
  ["datarefresh-restore-table", "Turn the stream on", "checked"],
  ["datarefresh-restore-table", "Check: turn the stream on", "read"],
  ["datarefresh-restore-table", "Describe the table after: turn the stream on", "read"],
  ["datarefresh-restore-table", "Turn TTL on", "checked"],
  ["datarefresh-restore-table", "Check: TTL", "read"],
  ["datarefresh-restore-table", "Turn deletion protection on", "checked"],
  ["datarefresh-restore-table", "Check: turn deletion protection on", "read"],
  ["datarefresh-restore-table", "Describe the table after: turn deletion protection on", "read"],
  ["datarefresh-restore-table", "Tag the table", "same"],
  ["datarefresh-restore-table", "Record the outcome: write it", "same"],
];

function integrationOf(task: TaskState): Integration {
  if (task.Resource === "arn:aws:states:::states:startExecution.sync:2") return "states-sync";
  return /^arn:aws:states:::aws-sdk:(\w+):/.exec(task.Resource)![1] as Integration;
}

// Each test builds the machines itself: built once for the file, they would be built while it
// loads, where a mutation run's per-test coverage does not see which tests read them.
describe("every Task says how its call is repeated, and retries accordingly", () => {
  it("lists each Task of each machine with its repeat class", () => {
    const tasks = allTasks();
    expect(tasks.map((t) => [t.machine, t.name, repeatClassOf(t.task)])).to.deep.equal(EXPECTED);
  });

  it("retries throttling under its modelled names, always", () => {
    const tasks = allTasks();
    for (const { machine, name, task } of tasks) {
      const retried = (task.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried, `${machine}: ${name}`).to.include.members(
        throttlingErrors(integrationOf(task)),
      );
    }
  });

  it("retries failures on AWS's side, the base exception included, where the call is safe to repeat, and only there", () => {
    const tasks = allTasks();
    for (const { machine, name, task } of tasks) {
      const retried = (task.Retry ?? []).flatMap((r) => r.ErrorEquals);
      const serverSide = serverSideErrors(integrationOf(task));
      if (typeof repeatClassOf(task) === "string")
        expect(retried, `${machine}: ${name}`).to.include.members(serverSide);
      else
        expect(
          retried.filter((e) => serverSide.includes(e)),
          `${machine}: ${name}`,
        ).to.deep.equal([]);
    }
  });

  it("backs off exponentially with full jitter, and gives up after a bounded number of tries", () => {
    const tasks = allTasks();
    for (const { machine, name, task } of tasks) {
      for (const retrier of task.Retry ?? []) {
        expect(retrier, `${machine}: ${name}`).to.include({ JitterStrategy: "FULL" });
        expect(retrier.BackoffRate, `${machine}: ${name}`).to.be.at.least(1.5);
        expect(retrier.MaxAttempts, `${machine}: ${name}`).to.be.within(1, 30);
        expect(retrier.MaxDelaySeconds, `${machine}: ${name}`).to.be.a("number");
      }
    }
  });
});
