import { largestFirst } from "../../config/catalog";
import type { StackModel } from "../../config/model";
import { arns } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { buildStateMachine } from "../machine";
import { startExecutionSync } from "../nested";
import { $, Context, States } from "../paths";
import type { StateMachineDefinition } from "../types";
import {
  askedNames,
  checkInput,
  inputTooLong,
  invalidInput,
  nameListChecks,
  notAnObject,
  otherKey,
  RUN_KEY,
} from "./input-checks";
import { CHILD_ALREADY_EXISTS, takeEndedChild } from "./child-run";
import { dailyRunEnds, dailyRunRefused } from "./daily-run-notices";
import { MAP_RUN_LABEL } from "./map-run";
import { tell } from "./notice";
import { catalogCauseChars, report, resultOfFailure, resultOfOutcome } from "./table-results";

/** The daily run's input: `{}` from its schedule, or `{"tables": [...]}` to run some tables again. */
const DAILY_INPUT_KEYS = ["tables"];

/**
 * The daily production run: for each catalogued table (or those named in the input,
 * `{"tables"?: ["Following"]}`), back up and copy through the per-table child machine, a bounded
 * number at once. One table's failure never stops the others; the run fails at the end with
 * `TablesFailed` and a report (counts, the failed tables) as the cause. It tells the prod stack's
 * run topic how it ended (`daily-run-notices.ts`).
 */
export function backupAndCopyMachine(model: StackModel): StateMachineDefinition {
  const names = model.tables.map((t) => t.name);
  const chars = catalogCauseChars(model.tables);
  const rule = { label: "tables", what: "catalogued table names", allowed: names };
  const list = nameListChecks(rule);
  const longest = JSON.stringify({ tables: names }).length + 100;
  const topic = arns(model).prodTopic;

  const perTable = Flow.start()
    .call(
      "Back up and copy the table",
      startExecutionSync(arns(model).backupTableMachine, $("$.name"), {
        table: $("$.table"),
        token: $("$.token"),
        runStartedAt: $("$.runStartedAt"),
      }),
      "named",
      {
        ResultSelector: { outcome: $("$.Output") },
        ResultPath: "$.run",
        Catch: [
          {
            ErrorEquals: CHILD_ALREADY_EXISTS,
            Next: "Back up and copy the table: read the run that ended",
            ResultPath: "$.failure",
          },
          { ErrorEquals: ["States.ALL"], Next: "Keep the failure", ResultPath: "$.failure" },
        ],
      },
    )
    .then(
      resultOfOutcome("Keep the table's result", "run.outcome", chars),
      resultOfFailure("Keep the failure", "failure", chars),
      takeEndedChild("Back up and copy the table", arns(model).backupTableMachine, {
        onResult: "Keep the table's result",
        onFailure: "Keep the failure",
      }),
    );

  const flow = Flow.start()
    .then(
      checkInput(
        "Check the input",
        [
          notAnObject(undefined, 'the input must be an object: {} or {"tables": ["Following"]}'),
          list.tooMany,
          inputTooLong(longest, `the input has {} characters of JSON; at most ${longest}`),
          otherKey(DAILY_INPUT_KEYS, `the input may only have the key tables; it was {}`),
          list.notAList,
          list.empty,
          list.unknown,
        ],
        `{'tables': ${askedNames(
          "tables",
          largestFirst(model.tables).map((t) => t.name),
        )}, 'runKey': ${RUN_KEY}}`,
      ),
    )
    .distributedMap("Back up each table", perTable, {
      Label: MAP_RUN_LABEL,
      ItemsPath: "$.tables",
      ItemSelector: {
        table: Context.mapItemValue,
        name: States.format("{}-{}", $("$.runKey"), Context.mapItemIndex),
        // Unique per run and table, so a retried call never makes two jobs. Not hashed: the local
        // interpreter's States.Hash returns one digest for distinct inputs of some lengths.
        token: States.format("{}/{}", Context.executionName, Context.mapItemValue),
        // Every table's copy is filed under the day the run started, midnight or not.
        runStartedAt: Context.executionStartTime,
      },
      MaxConcurrency: model.settings.maxConcurrency,
      ResultPath: "$.results",
    })
    .then(
      report("Report the run", {
        succeeded: ["COPIED", "EXPORTED"],
        succeededKey: "copied",
        header: "{'runStartedAt': $states.context.Execution.StartTime}",
      }),
    )
    .then(tell("Tell how the run ended", dailyRunEnds(model), model, topic))
    .choice(
      "Did any table fail?",
      [when(Condition.booleanEquals("$.anyFailed", true), "Tables failed")],
      { Default: "All tables copied" },
    )
    .succeed("All tables copied", { OutputPath: "$.report" })
    .fail("Tables failed", { Error: "TablesFailed", CausePath: "$.cause" })
    .then(invalidInput((name) => tell(name, dailyRunRefused(), model, topic)));
  return buildStateMachine(flow, {
    Comment:
      "Back up every catalogued production table and copy it into the development account's vault",
  });
}
