import type { StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { States } from "../paths";
import { pollsWithin, pollUntilDone } from "../poll";
import { sdkCall, sdkError } from "../sdk";
import { catchAll, jobPolling, POLL_BUDGET } from "./jobs";
import { failTable } from "./outcome";
import { changeTable, TABLE_POLLING, TARGET, WAIT_WHILE_BUSY, waitUntilActive } from "./table-ops";

/** Hours a restore that a stopped refresh left running may take to finish making its table. */
export const SETTLE_HOURS = 24;

const notFound = sdkError("dynamodb", "ResourceNotFoundException");

/** The first state of `clearDevTable`. */
export const LOOK_AT_DEV_TABLE = "Look at the dev table";

/** Where the failures of clearing the way go. */
export const DEV_TABLE_UNREAD = "Dev table could not be read";
export const DEV_TABLE_NOT_REPLACED = "Dev table could not be replaced";

/**
 * Deletes the dev table if it exists, and waits until it is gone; then goes on to `next`. Lifts
 * deletion protection only where the catalog allows it (`replaceProtected`), and waits for a table
 * a stopped refresh left CREATING or UPDATING to settle first.
 */
export function clearDevTable(model: StackModel, next: string): Flow {
  const gone = { ErrorEquals: [notFound], Next: next, ResultPath: null };
  return (
    Flow.start()
      .call(
        LOOK_AT_DEV_TABLE,
        sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
        "read",
        {
          ResultPath: "$.existing",
          Catch: [gone, catchAll(DEV_TABLE_UNREAD)],
        },
      )
      .choice(
        "Is the dev table settled?",
        [
          when(
            Condition.stringEquals("$.existing.Table.TableStatus", "ACTIVE"),
            "Is the dev table protected?",
          ),
          when(
            Condition.stringEquals("$.existing.Table.TableStatus", "DELETING"),
            "Start polling the dev table to go",
          ),
        ],
        { Default: "Start polling the dev table to settle" },
      )
      // A restore that a stopped refresh left running is still making the table: let it finish.
      // An import that fails takes its table away: then the way is clear.
      .then(
        waitUntilActive(
          model,
          "the dev table to settle",
          "Dev table stayed busy",
          DEV_TABLE_NOT_REPLACED,
          {
            polling: jobPolling(model),
            hours: SETTLE_HOURS,
          },
          gone,
        ),
      )
      .pass("Settled", { Next: LOOK_AT_DEV_TABLE })
      .choice(
        "Is the dev table protected?",
        [
          when(
            Condition.booleanEquals("$.existing.Table.DeletionProtectionEnabled", true),
            "May protection be lifted?",
          ),
        ],
        { Default: "Delete the dev table" },
      )
      .choice(
        "May protection be lifted?",
        [when(Condition.isPresent("$.settings.replaceProtected"), "Lift deletion protection")],
        { Default: "Dev table protected" },
      )
      .then(
        failTable(
          "Dev table protected",
          "TableProtected",
          States.format(
            "{} has deletion protection on, and the catalog does not let a refresh lift it (dev.replaceProtected)",
            TARGET(),
          ),
        ),
        changeTable(
          model,
          "Lift deletion protection",
          sdkCall("dynamodb", "updateTable", {
            TableName: TARGET(),
            DeletionProtectionEnabled: false,
          }),
          DEV_TABLE_NOT_REPLACED,
          {
            inEffect: Condition.not(
              Condition.and(
                Condition.isPresent("$.described.Table.DeletionProtectionEnabled"),
                Condition.booleanEquals("$.described.Table.DeletionProtectionEnabled", true),
              ),
            ),
          },
        ),
      )
      // Repeated after it took effect, a deletion finds the table DELETING (busy), then gone.
      .call(
        "Delete the dev table",
        sdkCall("dynamodb", "deleteTable", { TableName: TARGET() }),
        "checked",
        {
          ResultPath: null,
          Retry: [WAIT_WHILE_BUSY],
          Catch: [gone, catchAll(DEV_TABLE_NOT_REPLACED)],
        },
      )
      .then(
        pollUntilDone({
          job: "the dev table to go",
          describe: sdkCall("dynamodb", "describeTable", { TableName: TARGET() }),
          resultPath: "$.described",
          interval: TABLE_POLLING,
          maxPolls: pollsWithin(TABLE_POLLING, 2),
          counterPath: "$.poll",
          budget: POLL_BUDGET,
          onTimeout: "Dev table stayed",
          catch: [gone, catchAll(DEV_TABLE_NOT_REPLACED)],
        }),
        failTable(
          "Dev table stayed",
          "DeleteTimedOut",
          States.format("{} was not deleted within 2 hours", TARGET()),
        ),
      )
  );
}
