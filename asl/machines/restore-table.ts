import type { StackModel } from "../../config/model";
import { Flow } from "../flow";
import { jsonata } from "../jsonata";
import { buildStateMachine } from "../machine";
import { $, States } from "../paths";
import type { StateMachineDefinition } from "../types";
import {
  clearDevTable,
  DEV_TABLE_NOT_REPLACED,
  DEV_TABLE_UNREAD,
  LOOK_AT_DEV_TABLE,
  SETTLE_HOURS,
} from "./clear-dev-table";
import { failTable, failTableWithCaught, REPORT_FAILURE } from "./outcome";
import { putBackCapacity } from "./put-back-capacity";
import { putBackSettings } from "./put-back-settings";
import { recordOutcome } from "./record-outcome";
import { COPIES_UNREAD, resolveCopy } from "./resolve-copy";
import { restoreCopy, restoreStart } from "./restore-copy";
import { restoreSettingsJson } from "./restore-settings";
import { pickSettings } from "./table-settings";
import { TARGET } from "./table-ops";

const PUT_BACK_FAILED = "Settings could not be put back";
const PUT_BACK = "On-demand wanted?";
const RECORD = "Record the outcome";

/**
 * One table of one environment, in the development account: find the copy, clear the way, restore
 * (or import, for `s3-export` tables), put back what a restore drops, record the outcome in the
 * state table. Input (from the restore machine): `{"environment", "table", "copyDate",
 * "requestedBy", "parentExecution", "refreshStartedAt", "expiresAt"}`; the table's settings come
 * from the catalog, written into this definition. Output, always: `{"table", "targetTable",
 * "status": "RESTORED" | "FAILED", "recoveryPointArn", "exportArn", "copyCreatedAt", "error"?,
 * "cause"?}` (one of the two ARNs is null); the execution succeeds so that its parent hears of
 * every table.
 */
export function restoreTableMachine(model: StackModel): StateMachineDefinition {
  const flow = Flow.start()
    .pass("Read the request", {
      Parameters: {
        environment: $("$.environment"),
        table: $("$.table"),
        targetTable: States.format("{}-{}", $("$.environment"), $("$.table")),
        copyDate: $("$.copyDate"),
        requestedBy: $("$.requestedBy"),
        parentExecution: $("$.parentExecution"),
        refreshStartedAt: $("$.refreshStartedAt"),
        expiresAt: $("$.expiresAt"),
        attempts: { n: 1 },
        placeWaits: { n: 0 },
        poll: { polls: 0, total: 0 },
        outcome: {
          table: $("$.table"),
          targetTable: States.format("{}-{}", $("$.environment"), $("$.table")),
          recoveryPointArn: null,
          exportArn: null,
          copyCreatedAt: null,
        },
      },
    })
    .then(
      pickSettings("Take the table's settings", model.tables, restoreSettingsJson, {
        next: "Which copy?",
        unknown: "Not catalogued",
      }),
      resolveCopy(model, LOOK_AT_DEV_TABLE),
      clearDevTable(model, restoreStart(model)),
      restoreCopy(model, PUT_BACK),
      putBackCapacity(model, "Stream wanted?", PUT_BACK_FAILED),
      putBackSettings(model, PUT_BACK_FAILED),
    )
    .pass("Restored", {
      Parameters: {
        table: $("$.table"),
        targetTable: TARGET(),
        status: "RESTORED",
        recoveryPointArn: $("$.copy.recoveryPointArn"),
        exportArn: $("$.copy.exportArn"),
        copyCreatedAt: $("$.copy.copyCreatedAt"),
      },
      ResultPath: "$.outcome",
      Next: RECORD,
    })
    .then(
      failTable(
        "Not catalogued",
        "NotCatalogued",
        States.format("{} is not in the catalog this machine was built with", $("$.table")),
      ),
      failTableWithCaught(COPIES_UNREAD, "$.error"),
      failTableWithCaught(DEV_TABLE_UNREAD, "$.error"),
      failTableWithCaught(DEV_TABLE_NOT_REPLACED, "$.error"),
      failTableWithCaught(PUT_BACK_FAILED, "$.error"),
      failTable(
        "Dev table stayed busy",
        "TableBusy",
        States.format(
          "{} did not become ACTIVE within {} hours; it was left as it was",
          TARGET(),
          SETTLE_HOURS,
        ),
      ),
      failTable(
        "Table stayed busy",
        "TableBusy",
        States.format("{} did not become ACTIVE within 2 hours", TARGET()),
      ),
    )
    .compute(
      REPORT_FAILURE,
      jsonata(
        "$merge([$sift($states.input, function($v, $k) { $k != 'failure' }), {'outcome': $merge([$states.input.outcome, $states.input.failure])}])",
      ),
    )
    .then(recordOutcome(RECORD, "Done"))
    .succeed("Done", { OutputPath: "$.outcome" });
  return buildStateMachine(flow, {
    Comment:
      "Replace one development table with a copy of its production table, then put back its settings",
  });
}
