import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Flow,
  pollUntilDone,
  repeatClassOf,
  sdkCall,
  serverSideErrors,
  throttlingErrors,
  type ChoiceState,
  type PollOptions,
  type StateMachineDefinition,
  type TaskState,
} from "../../asl";
import { POLL_RETRIES } from "../../asl/poll";
import { runMachine } from "../helpers/run-machine";

const DESCRIBE = "Describe backup job";

function pollOptions(overrides: Partial<PollOptions> = {}): PollOptions {
  return {
    job: "backup job",
    describe: sdkCall("backup", "describeBackupJob", { BackupJobId: $("$.jobId") }),
    resultPath: "$.job",
    statusPath: "$.job.State",
    succeeded: ["COMPLETED"],
    failed: ["FAILED", "ABORTED"],
    interval: { seconds: 30 },
    maxPolls: 5,
    counterPath: "$.poll",
    onFailure: "Backup failed",
    onTimeout: "Backup timed out",
    ...overrides,
  };
}

/** The poll loop, then "Done" when it succeeds, and a Fail state for each way out. */
function pollMachine(overrides: Partial<PollOptions> = {}): StateMachineDefinition {
  return buildStateMachine(
    Flow.start()
      .then(pollUntilDone(pollOptions(overrides)))
      .pass("Done", { End: true })
      .fail("Backup failed", { Error: "BackupFailed", CausePath: "$.job.StatusMessage" })
      .fail("Backup timed out", { Error: "BackupTimedOut", Cause: "the job took too long" }),
  );
}

/** A Describe handler answering with `statuses` in turn (the last one repeated), counting calls. */
function describer(...statuses: string[]) {
  const calls: Record<string, unknown>[] = [];
  const handler = async (input: Record<string, unknown>) => {
    calls.push(input);
    const State = statuses[Math.min(calls.length, statuses.length) - 1];
    return {
      BackupJobId: input.BackupJobId,
      State,
      StatusMessage: `${State} at poll ${calls.length}`,
    };
  };
  return { calls, handlers: { [DESCRIBE]: handler } };
}

/** Runs the machine expecting it to fail; returns what aws-local-stepfunctions rejects with. */
async function failureOf(run: Promise<unknown>): Promise<Error & { cause?: Error }> {
  try {
    await run;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error & { cause?: Error };
  }
  return expect.fail("the execution succeeded");
}

describe("pollUntilDone: the rendered loop", () => {
  it("adds its states in order: start, wait, a missed poll's count, describe, count, decide", () => {
    expect(Object.keys(pollMachine().States).slice(0, 7)).to.deep.equal([
      "Start polling backup job",
      "Wait for backup job",
      "Note a missed poll of backup job",
      "Go on polling backup job?",
      DESCRIBE,
      "Count backup job polls",
      "Is backup job done?",
    ]);
  });

  it("waits the interval in a Wait state named after the job", () => {
    expect(pollMachine().States["Wait for backup job"]).to.deep.equal({
      Type: "Wait",
      Seconds: 30,
      Next: DESCRIBE,
    });
  });

  it("reads the interval from the input when given a path", () => {
    const wait = pollMachine({ interval: { secondsPath: "$.pollSeconds" } }).States[
      "Wait for backup job"
    ];
    expect(wait).to.deep.equal({ Type: "Wait", SecondsPath: "$.pollSeconds", Next: DESCRIBE });
  });

  it("decides in a Choice: success goes on, failure and too many polls leave, otherwise wait again", () => {
    const choice = pollMachine().States["Is backup job done?"] as ChoiceState;
    expect(choice.Default).to.equal("Wait for backup job");
    expect(choice.Choices).to.deep.equal([
      { Variable: "$.job.State", StringEquals: "COMPLETED", Next: "Done" },
      {
        Or: [
          { Variable: "$.job.State", StringEquals: "FAILED" },
          { Variable: "$.job.State", StringEquals: "ABORTED" },
        ],
        Next: "Backup failed",
      },
      { Variable: "$.poll.polls", NumericGreaterThanEquals: 5, Next: "Backup timed out" },
    ]);
  });

  it("puts the Describe response at resultPath, as a read retried a little", () => {
    const describe = pollMachine().States[DESCRIBE] as TaskState;
    expect(describe).to.include({
      Resource: "arn:aws:states:::aws-sdk:backup:describeBackupJob",
      ResultPath: "$.job",
      Next: "Count backup job polls",
    });
    expect(describe.Parameters).to.deep.equal({ "BackupJobId.$": "$.jobId" });
    expect(repeatClassOf(describe)).to.equal("read");
    expect(describe.Retry!.map((r) => r.MaxAttempts)).to.deep.equal([
      POLL_RETRIES.throttling,
      POLL_RETRIES.transient,
    ]);
  });

  it("counts a Describe that keeps failing on AWS's side as a missed poll, within the same limits", () => {
    const machine = pollMachine();
    const describe = machine.States[DESCRIBE] as TaskState;
    expect(describe.Catch![0]).to.deep.equal({
      ErrorEquals: [...throttlingErrors("backup"), ...serverSideErrors("backup")],
      Next: "Note a missed poll of backup job",
      ResultPath: null,
    });
    const go = machine.States["Go on polling backup job?"] as ChoiceState;
    const done = machine.States["Is backup job done?"] as ChoiceState;
    expect(go.Choices).to.deep.equal(done.Choices.filter((c) => "NumericGreaterThanEquals" in c));
  });
});

describe("pollUntilDone: run in aws-local-stepfunctions", () => {
  it("goes on after RUNNING, RUNNING, COMPLETED, having described the job three times", async () => {
    const { calls, handlers } = describer("RUNNING", "RUNNING", "COMPLETED");
    const output = await runMachine(pollMachine(), { jobId: "job-1" }, handlers);
    expect(calls).to.have.length(3);
    expect(calls.map((input) => input.BackupJobId)).to.deep.equal(["job-1", "job-1", "job-1"]);
    expect(output).to.deep.equal({
      jobId: "job-1",
      poll: { polls: 3 },
      job: { BackupJobId: "job-1", State: "COMPLETED", StatusMessage: "COMPLETED at poll 3" },
    });
  });

  it("leaves by onFailure on a failed status", async () => {
    const { calls, handlers } = describer("RUNNING", "FAILED");
    const error = await failureOf(runMachine(pollMachine(), { jobId: "job-2" }, handlers));
    expect(calls).to.have.length(2);
    expect(error.name).to.equal("ExecutionError");
    expect(error.message).to.include("FAILED at poll 2");
    expect(error.cause?.name).to.equal("BackupFailed");
    expect(error.cause?.message).to.equal("FAILED at poll 2");
  });

  it("leaves by onTimeout after maxPolls Describe calls", async () => {
    const { calls, handlers } = describer("RUNNING");
    const error = await failureOf(
      runMachine(pollMachine({ maxPolls: 2 }), { jobId: "job-3" }, handlers),
    );
    expect(calls).to.have.length(2);
    expect(error.cause?.name).to.equal("BackupTimedOut");
    expect(error.cause?.message).to.equal("the job took too long");
  });

  it("still succeeds when the last allowed poll finds the job done", async () => {
    const { calls, handlers } = describer("RUNNING", "COMPLETED");
    const output = await runMachine(pollMachine({ maxPolls: 2 }), { jobId: "job-4" }, handlers);
    expect(calls).to.have.length(2);
    expect(output).to.have.nested.property("job.State", "COMPLETED");
  });

  it("counts Describe calls that keep failing on AWS's side as missed polls, and goes on", async () => {
    let calls = 0;
    const handlers = {
      [DESCRIBE]: async (input: Record<string, unknown>) => {
        calls += 1;
        // The first poll fails each of its attempts (1 + the retries); the interpreter retries at once.
        if (calls <= 1 + POLL_RETRIES.transient) {
          const error = new Error("ThrottlingException: Rate exceeded");
          error.name = "Backup.BackupException";
          throw error;
        }
        return { BackupJobId: input.BackupJobId, State: "COMPLETED" };
      },
    };
    const output = await runMachine(pollMachine(), { jobId: "job-6" }, handlers);
    expect(output).to.deep.include({ poll: { polls: 2 } });
    expect(output).to.have.nested.property("job.State", "COMPLETED");
  });

  it("times out, never loops for ever, when every Describe fails on AWS's side", async () => {
    const handlers = {
      [DESCRIBE]: async () => {
        const error = new Error("ServiceUnavailable");
        error.name = "Backup.BackupException";
        throw error;
      },
    };
    const error = await failureOf(
      runMachine(pollMachine({ maxPolls: 3 }), { jobId: "job-7" }, handlers),
    );
    expect(error.cause?.name).to.equal("BackupTimedOut");
  });

  it("allows a single poll with maxPolls 1", async () => {
    const { calls, handlers } = describer("RUNNING");
    const error = await failureOf(
      runMachine(pollMachine({ maxPolls: 1 }), { jobId: "job-5" }, handlers),
    );
    expect(calls).to.have.length(1);
    expect(error.cause?.name).to.equal("BackupTimedOut");
  });
});

describe("pollUntilDone: refusals", () => {
  it("refuses a loop that has no way to end: no succeeded status, no catch", () => {
    const {
      statusPath: _path,
      succeeded: _done,
      failed: _failed,
      onFailure: _go,
      ...endless
    } = pollOptions();
    expect(() => pollUntilDone(endless)).to.throw(
      "pollUntilDone(backup job): give a succeeded status or a catch that ends the loop",
    );
  });

  it("refuses failed statuses with nowhere to go", () => {
    expect(() => pollUntilDone(pollOptions({ onFailure: undefined }))).to.throw(
      "pollUntilDone(backup job): failed statuses need onFailure",
    );
  });

  for (const maxPolls of [0, 1.5, -1]) {
    it(`refuses maxPolls ${maxPolls}`, () => {
      expect(() => pollUntilDone(pollOptions({ maxPolls }))).to.throw(
        "pollUntilDone(backup job): maxPolls must be a whole number >= 1",
      );
    });
  }
});
