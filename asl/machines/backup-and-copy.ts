import type { StackModel } from "../../config/model";
import { arns, NAMES } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { startExecutionSync } from "../nested";
import { $, Context, States } from "../paths";
import type { StateMachineDefinition } from "../types";

/**
 * The daily production run: for each catalogued table (or those named in the input,
 * `{"tables"?: ["Following"]}`), back up and copy through the per-table child machine, a bounded
 * number at once. One table's failure never stops the others; the run fails at the end with
 * `TablesFailed` and every table's outcome in the cause.
 */
export function backupAndCopyMachine(model: StackModel): StateMachineDefinition {
  const a = arns(model);
  const catalogNames = model.tables.map((t) => t.name);

  const perTable = Flow.start()
    .task(
      "Back up and copy the table",
      startExecutionSync(a.backupTableMachine, {
        table: $("$.table"),
        token: $("$.token"),
      }),
      {
        ResultSelector: { outcome: $("$.Output") },
        OutputPath: "$.outcome",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Table failed", ResultPath: "$.failure" }],
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
    .choice("Tables named?", [when(Condition.isPresent("$.tables"), "Add the catalog")], {
      Default: "Take the whole catalog",
    })
    .pass("Take the whole catalog", {
      Result: { tables: catalogNames },
      Next: "Back up each table",
    })
    .pass("Add the catalog", { Parameters: { tables: $("$.tables"), catalog: catalogNames } })
    .map(
      "Check the named tables",
      Flow.start()
        .pass("Look up the name", {
          Parameters: {
            name: $("$.name"),
            known: States.arrayContains($("$.catalog"), $("$.name")),
          },
        })
        .choice(
          "Is it catalogued?",
          [when(Condition.booleanEquals("$.known", true), "Known table")],
          {
            Default: "Unknown table",
          },
        )
        .pass("Known table", { End: true })
        .fail("Unknown table", {
          Error: "InvalidInput",
          Cause: "a name in tables is not in the catalog",
        }),
      {
        ItemsPath: "$.tables",
        ItemSelector: { name: Context.mapItemValue, catalog: $("$.catalog") },
        ResultPath: null,
        Next: "Back up each table",
        Catch: [{ ErrorEquals: ["InvalidInput"], Next: "Invalid input" }],
      },
    )
    .map("Back up each table", perTable, {
      ItemsPath: "$.tables",
      ItemSelector: {
        table: Context.mapItemValue,
        token: States.hash(
          States.format("{}/{}", Context.executionId, Context.mapItemValue),
          "SHA-256",
        ),
      },
      MaxConcurrency: model.settings.maxConcurrency,
      ResultPath: "$.outcomes",
    })
    .pass("Summarize", {
      Parameters: {
        outcomes: $("$.outcomes"),
        anyFailed: States.arrayContains($("$.outcomes[*].status"), "FAILED"),
      },
    })
    .choice(
      "Did any table fail?",
      [when(Condition.booleanEquals("$.anyFailed", true), "Report failures")],
      {
        Default: "All tables copied",
      },
    )
    .succeed("All tables copied", { OutputPath: "$.outcomes" })
    .pass("Report failures", { Parameters: { cause: States.jsonToString($("$.outcomes")) } })
    .fail("Tables failed", { Error: "TablesFailed", CausePath: "$.cause" })
    .fail("Invalid input", {
      Error: "InvalidInput",
      Cause: `tables must be names from the catalog of ${NAMES.backupMachine}`,
    });
  return buildStateMachine(flow, {
    Comment:
      "Back up every catalogued production table and copy it into the development account's vault",
  });
}
