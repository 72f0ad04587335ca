import { expect } from "chai";
import { allTasks } from "../helpers/tasks";

/**
 * A read that decides what a run does must see the last write: whether a lock is held, which copy
 * is the newest. DynamoDB's GetItem and Query read eventually consistent data unless asked for
 * `ConsistentRead` (developerguide/HowItWorks.ReadConsistency.html), and the rehearsal, which has
 * no stale reads, cannot show the difference: hence this check of the definitions.
 */
describe("every DynamoDB read a machine makes is strongly consistent", () => {
  it("asks for ConsistentRead in each GetItem and Query", () => {
    const reads = allTasks().filter(({ task }) =>
      /:aws-sdk:dynamodb:(getItem|query)$/.test(task.Resource),
    );
    expect(reads.map((r) => r.name)).to.deep.equal([
      "Read the lock",
      "Find the newest copy",
      "Find the copy of the date",
    ]);
    for (const { name, task } of reads)
      expect((task.Parameters as { ConsistentRead?: unknown }).ConsistentRead, name).to.equal(true);
  });
});
