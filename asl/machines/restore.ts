import { largestFirst } from "../../config/catalog";
import { arns, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, FOLLOWING, when } from "../flow";
import { buildStateMachine } from "../machine";
import { startExecutionSync } from "../nested";
import { $, Context, States } from "../paths";
import type { JsonObject, StateMachineDefinition } from "../types";
import { releaseEnvironmentLock, TAKE_LOCK, takeEnvironmentLock } from "./environment-lock";
import { checkNameList, invalidInput, INVALID_INPUT, refuse } from "./input-checks";
import { MAP_RUN_LABEL } from "./map-run";
import { RESTORE_INPUT_KEYS, restoreRefusals, restoreRulesOf, tablesRule } from "./restore-input";
import { restoreSettingsJson } from "./restore-settings";

export { RESTORE_INPUT_KEYS };
const OPTIONAL_KEYS = RESTORE_INPUT_KEYS.filter((k) => k !== "environment");

/**
 * Step Functions passes at most 256 KB between states; the request, the counters and the marks of
 * asked tables (about 25 bytes a table) need the rest.
 */
export const CATALOG_SETTINGS_LIMIT = 224 * 1024;

/**
 * What the machine puts back on each table, carried in its state from the first check to the
 * per-table children: it must fit in a state's payload, whatever the catalog.
 */
function refreshSettings(model: StackModel): JsonObject[] {
  const settings = largestFirst(model.tables).map(restoreSettingsJson);
  const bytes = Buffer.byteLength(JSON.stringify(settings));
  if (bytes > CATALOG_SETTINGS_LIMIT) {
    throw new Error(
      `the refresh settings of ${model.tables.length} catalogued tables take ${Math.ceil(bytes / 1024)} KB, more than the ${CATALOG_SETTINGS_LIMIT / 1024} KB a Step Functions state can pass on: shorten tags and tableCreationParameters, or split the catalog into two projects`,
    );
  }
  return settings;
}

/**
 * Checks the request before anything is touched: a configured environment, catalogued tables, a
 * text requester, a UTC date, and no other key (the given keys are counted against the known ones
 * present, for ASL cannot list a JSON object's keys). The rules and their causes are those of
 * `restore-input.ts`, which clients check a request with before they send it.
 */
function checkRequest(model: StackModel): Flow {
  const rules = restoreRulesOf(model);
  const environments = rules.environments;
  const refusals = restoreRefusals(rules);
  const flow = Flow.start()
    .choice(
      "Is there an environment?",
      [when(Condition.isPresent("$.environment"), "Read the input")],
      {
        Default: "Refuse a request without environment",
      },
    )
    .then(refuse("Refuse a request without environment", refusals.notAnObject))
    .pass("Read the input", {
      Parameters: {
        input: $("$"),
        values: $("$.*"),
        catalog: refreshSettings(model),
      },
    })
    .choice(
      "Is the environment configured?",
      [
        when(
          Condition.and(
            Condition.isString("$.input.environment"),
            Condition.stringIn("$.input.environment", environments),
          ),
          "Count the given keys",
        ),
      ],
      { Default: "Refuse the environment" },
    )
    .then(
      refuse(
        "Refuse the environment",
        States.format(refusals.environment, States.jsonToString($("$.input.environment"))),
      ),
    )
    .pass("Count the given keys", {
      Parameters: { given: States.arrayLength($("$.values")) },
      ResultPath: "$.count",
    })
    .pass("Count the environment", { Result: { n: 1 }, ResultPath: "$.known" });
  OPTIONAL_KEYS.forEach((key, i) => {
    const next =
      OPTIONAL_KEYS[i + 1] === undefined ? "Any other key?" : `Is there ${OPTIONAL_KEYS[i + 1]}?`;
    flow
      .choice(`Is there ${key}?`, [when(Condition.isPresent(`$.input.${key}`), `Count ${key}`)], {
        Default: next,
      })
      .pass(`Count ${key}`, {
        Parameters: { n: States.mathAdd($("$.known.n"), 1) },
        ResultPath: "$.known",
        Next: next,
      });
  });
  return flow
    .choice(
      "Any other key?",
      [when(Condition.numberEqualsPath("$.known.n", "$.count.given"), "Tables named?")],
      {
        Default: "Refuse another key",
      },
    )
    .then(
      refuse(
        "Refuse another key",
        States.format(refusals.otherKey, States.jsonToString($("$.input"))),
      ),
    )
    .choice("Tables named?", [when(Condition.isPresent("$.input.tables"), "Read tables")], {
      Default: "Check requestedBy",
    })
    .then(
      checkNameList({
        ...tablesRule(rules),
        listPath: "$.input.tables",
        allowedPath: "$.catalog[*].name",
      }),
    )
    .choice(
      "Check requestedBy",
      [
        when(
          Condition.and(
            Condition.isPresent("$.input.requestedBy"),
            Condition.not(Condition.isString("$.input.requestedBy")),
          ),
          "Refuse requestedBy",
        ),
      ],
      { Default: "Check copyDate" },
    )
    .then(
      refuse(
        "Refuse requestedBy",
        States.format(refusals.requestedBy, States.jsonToString($("$.input.requestedBy"))),
      ),
    )
    .choice(
      "Check copyDate",
      [
        when(
          Condition.and(
            Condition.isPresent("$.input.copyDate"),
            Condition.not(Condition.isString("$.input.copyDate")),
          ),
          "Refuse copyDate",
        ),
        when(Condition.isPresent("$.input.copyDate"), "Read copyDate"),
      ],
      { Default: "Fill in the defaults" },
    )
    .pass("Read copyDate", {
      Parameters: { midnight: States.format("{}T00:00:00Z", $("$.input.copyDate")) },
      ResultPath: "$.date",
    })
    .choice(
      "Is copyDate a date?",
      [when(Condition.isTimestamp("$.date.midnight"), "Fill in the defaults")],
      {
        Default: "Refuse copyDate",
      },
    )
    .then(
      refuse(
        "Refuse copyDate",
        States.format(refusals.copyDate, States.jsonToString($("$.input.copyDate"))),
      ),
    )
    .pass("Fill in the defaults", {
      Parameters: { tables: $("$.catalog[*].name"), requestedBy: "unknown", copyDate: "latest" },
      ResultPath: "$.defaults",
    })
    .pass("Merge the request", {
      Parameters: {
        request: States.jsonMerge($("$.defaults"), $("$.input")),
        catalog: $("$.catalog"),
      },
    })
    .pass("Count the tables", {
      Parameters: {
        all: States.arrayLength($("$.request.tables")),
        distinct: States.arrayLength(States.arrayUnique($("$.request.tables"))),
        catalog: States.arrayLength($("$.catalog")),
      },
      ResultPath: "$.tableCount",
      Next: "Is a table named twice?",
    })
    .then(
      refuse(
        "Refuse a table named twice",
        States.format(refusals.tableTwice, States.jsonToString($("$.request.tables"))),
      ),
    )
    .choice(
      "Is a table named twice?",
      [when(Condition.numberEqualsPath("$.tableCount.all", "$.tableCount.distinct"), FOLLOWING)],
      { Default: "Refuse a table named twice" },
    );
}

/**
 * The catalog entries of the asked tables, at `$.tables`, beside the request and nothing else:
 * the whole catalog when every table is asked for (nothing to look at), else those marked as
 * asked, one look per catalogued table. Each step replaces the catalog rather than copying it: a
 * state's data is limited to 256 KB.
 */
function pickTables(): Flow {
  return Flow.start()
    .choice(
      "Every table asked for?",
      [
        when(
          Condition.numberEqualsPath("$.tableCount.distinct", "$.tableCount.catalog"),
          "Take every table",
        ),
      ],
      { Default: "Mark the asked tables" },
    )
    .pass("Take every table", {
      Parameters: { request: $("$.request"), tables: $("$.catalog") },
      Next: TAKE_LOCK,
    })
    .map("Mark the asked tables", Flow.start().pass("Mark a table", { End: true }), {
      ItemsPath: "$.catalog",
      ItemSelector: {
        entry: Context.mapItemValue,
        asked: States.arrayContains($("$.request.tables"), $("$$.Map.Item.Value.name")),
      },
      MaxConcurrency: 40,
      ResultPath: "$.catalog",
    })
    .pass("Keep the asked entries", {
      Parameters: { request: $("$.request"), tables: $("$.catalog[?(@.asked == true)].entry") },
    });
}

/** Each asked table, refreshed by the per-table machine, in a child execution of the Map Run. */
function perTable(model: StackModel): Flow {
  return Flow.start()
    .task(
      "Refresh the table",
      startExecutionSync(arns(model).restoreTableMachine, {
        environment: $("$.request.environment"),
        table: $("$.entry.name"),
        targetTable: States.format("{}-{}", $("$.request.environment"), $("$.entry.name")),
        settings: $("$.entry"),
        copyDate: $("$.request.copyDate"),
        requestedBy: $("$.request.requestedBy"),
        parentExecution: $("$.parentExecution"),
      }),
      {
        ResultSelector: { outcome: $("$.Output") },
        OutputPath: "$.outcome",
        Catch: [
          {
            ErrorEquals: ["States.ALL"],
            Next: "The table could not be refreshed",
            ResultPath: "$.failure",
          },
        ],
        End: true,
      },
    )
    .pass("The table could not be refreshed", {
      Parameters: {
        table: $("$.entry.name"),
        targetTable: States.format("{}-{}", $("$.request.environment"), $("$.entry.name")),
        status: "FAILED",
        recoveryPointArn: null,
        exportArn: null,
        copyCreatedAt: null,
        error: $("$.failure.Error"),
        cause: $("$.failure.Cause"),
      },
      End: true,
    });
}

/**
 * The on-demand refresh of one development environment, started by the chat bot. Input:
 * `{"environment": "dev-3", "tables"?: ["Following"], "requestedBy"?: "slack:U0123",
 * "copyDate"?: "2026-11-25"}`. Output: `{"environment", "tables": [<outcome>...]}`; fails with
 * `InvalidInput` (nothing touched), `RefreshInProgress` (the running refresh left alone) or, after
 * every table has had its turn, `TablesFailed`.
 */
export function restoreMachine(model: StackModel): StateMachineDefinition {
  const flow = Flow.start()
    .then(checkRequest(model), pickTables(), takeEnvironmentLock())
    .distributedMap("Refresh each table", perTable(model), {
      Label: MAP_RUN_LABEL,
      ItemsPath: "$.tables",
      ItemSelector: {
        entry: Context.mapItemValue,
        request: $("$.request"),
        // Evaluated in the parent: inside a child execution, $$.Execution is the child's.
        parentExecution: Context.executionId,
      },
      MaxConcurrency: model.settings.maxConcurrency,
      // The outcomes take the place of the entries.
      ResultPath: "$.tables",
      Catch: [
        {
          ErrorEquals: ["States.ALL"],
          Next: "Release the lock after an error",
          ResultPath: "$.error",
        },
      ],
    })
    .then(releaseEnvironmentLock("after the refresh"))
    .pass("Keep the asked tables", {
      Parameters: { environment: $("$.request.environment"), tables: $("$.tables") },
    })
    .pass("Collect the statuses", {
      Parameters: {
        environment: $("$.environment"),
        tables: $("$.tables"),
        statuses: $("$.tables[*].status"),
      },
    })
    .pass("Summarize", {
      Parameters: {
        environment: $("$.environment"),
        tables: $("$.tables"),
        anyFailed: States.arrayContains($("$.statuses"), "FAILED"),
      },
    })
    .choice(
      "Did any table fail?",
      [when(Condition.booleanEquals("$.anyFailed", true), "Report failures")],
      {
        Default: "Environment refreshed",
      },
    )
    .pass("Environment refreshed", {
      Parameters: { environment: $("$.environment"), tables: $("$.tables") },
      End: true,
    })
    .pass("Report failures", {
      Parameters: {
        cause: States.jsonToString($("$.tables")),
      },
    })
    .fail("Tables failed", { Error: "TablesFailed", CausePath: "$.cause" })
    .then(releaseEnvironmentLock("after an error"))
    .fail("Fail as the refresh did", { ErrorPath: "$.error.Error", CausePath: "$.error.Cause" })
    .then(invalidInput());
  return buildStateMachine(flow, {
    Comment:
      "Refresh the tables of one development environment from the newest copies of production",
    // Far beyond any refresh; an execution that hangs still ends, and so does its lock.
    TimeoutSeconds: 7 * 24 * 3600,
  });
}

export { INVALID_INPUT };
