import { largestFirst, s3ExportTableNames } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import { arns } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { startExecutionSync } from "../nested";
import { $, Context, States } from "../paths";
import type { StateMachineDefinition } from "../types";
import { checkNameList, invalidInput } from "./input-checks";
import { MAP_RUN_LABEL } from "./map-run";

/**
 * The daily production run: for each catalogued table (or those named in the input,
 * `{"tables"?: ["Following"]}`), back up and copy through the per-table child machine, a bounded
 * number at once. One table's failure never stops the others; the run fails at the end with
 * `TablesFailed` and every table's outcome in the cause.
 */
export function backupAndCopyMachine(model: StackModel): StateMachineDefinition {
  const a = arns(model);
  const catalogNames = model.tables.map((t) => t.name);
  const s3ExportTables = s3ExportTableNames(model.tables);

  const perTable = Flow.start()
    .task(
      "Back up and copy the table",
      startExecutionSync(a.backupTableMachine, {
        table: $("$.table"),
        token: $("$.token"),
        s3Export: $("$.s3Export"),
      }),
      {
        ResultSelector: { outcome: $("$.Output") },
        OutputPath: "$.outcome",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Table failed", ResultPath: "$.failure" }],
        End: true,
      },
    )
    .pass("Table failed", {
      Parameters: {
        table: $("$.table"),
        status: "FAILED",
        error: $("$.failure.Error"),
        cause: $("$.failure.Cause"),
      },
      End: true,
    });

  const flow = Flow.start()
    .choice("Tables named?", [when(Condition.isPresent("$.tables"), "Read tables")], {
      Default: "Take the whole catalog",
    })
    .pass("Take the whole catalog", {
      Result: { tables: largestFirst(model.tables).map((t) => t.name), s3ExportTables },
      Next: "Back up each table",
    })
    .then(
      checkNameList({
        label: "tables",
        listPath: "$.tables",
        allowed: catalogNames,
        what: "catalogued table names",
      }),
    )
    .pass("Drop repeated names", {
      Parameters: {
        tables: States.arrayUnique($("$.tables")),
        s3ExportTables,
      },
    })
    .distributedMap("Back up each table", perTable, {
      Label: MAP_RUN_LABEL,
      ItemsPath: "$.tables",
      ItemSelector: {
        table: Context.mapItemValue,
        // Unique per run and table, so a retried call never makes two jobs. Not hashed: the local
        // interpreter's States.Hash returns one digest for distinct inputs of some lengths.
        token: States.format("{}/{}", Context.executionName, Context.mapItemValue),
        s3Export: States.arrayContains($("$.s3ExportTables"), Context.mapItemValue),
      },
      MaxConcurrency: model.settings.maxConcurrency,
      ResultPath: "$.outcomes",
    })
    .pass("Collect the statuses", {
      Parameters: { tables: $("$.outcomes"), statuses: $("$.outcomes[*].status") },
    })
    .pass("Summarize", {
      Parameters: {
        tables: $("$.tables"),
        anyFailed: States.arrayContains($("$.statuses"), "FAILED"),
      },
    })
    .choice(
      "Did any table fail?",
      [when(Condition.booleanEquals("$.anyFailed", true), "Report failures")],
      {
        Default: "All tables copied",
      },
    )
    .pass("All tables copied", { Parameters: { tables: $("$.tables") }, End: true })
    .pass("Report failures", { Parameters: { cause: States.jsonToString($("$.tables")) } })
    .fail("Tables failed", { Error: "TablesFailed", CausePath: "$.cause" })
    .then(invalidInput());
  return buildStateMachine(flow, {
    Comment:
      "Back up every catalogued production table and copy it into the development account's vault",
  });
}
