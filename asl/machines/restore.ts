import { largestFirst } from "../../config/catalog";
import { arns, NAMES, type StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { fill, jsonata, literal, literals, textCut } from "../jsonata";
import { buildStateMachine } from "../machine";
import { startExecutionSync } from "../nested";
import { $, Context, States } from "../paths";
import type { StateMachineDefinition } from "../types";
import { CHILD_ALREADY_EXISTS, takeEndedChild } from "./child-run";
import { releaseEnvironmentLock, takeEnvironmentLock } from "./environment-lock";
import {
  askedNames,
  checkInput,
  inputTooLong,
  invalidInput,
  nameListChecks,
  notAnObject,
  otherKey,
  RUN_KEY,
  textTooLong,
  type Refusal,
} from "./input-checks";
import { MAP_RUN_LABEL } from "./map-run";
import { tell } from "./notice";
import { OUTCOME_CAUSE_CHARS } from "./outcome";
import { OUTCOME_DAYS, recordOutcome } from "./record-outcome";
import {
  refreshBusy,
  refreshEnds,
  refreshRefused,
  refreshStarts,
  refreshStopped,
} from "./refresh-notices";
import {
  MAX_REQUESTED_BY,
  maxRequestChars,
  RESTORE_INPUT_KEYS,
  restoreRefusals,
  restoreRulesOf,
  tablesRule,
} from "./restore-input";
import { catalogCauseChars, report, resultOfOutcome } from "./table-results";

export { RESTORE_INPUT_KEYS };

/**
 * The request's checks, in the order of `checkRestoreInput` (which clients run before they send
 * it), and what a good request becomes: `{request: {environment, requestedBy, copyDate}, tables:
 * the asked names largest first, execution, runKey, expiresAt}`.
 */
function checkRequest(model: StackModel): Flow {
  const rules = restoreRulesOf(model);
  const refusals = restoreRefusals(rules);
  const names = nameListChecks(tablesRule(rules));
  const copyDate = "$in.copyDate";
  const checks: Refusal[] = [
    notAnObject("environment", refusals.notAnObject),
    names.tooMany,
    textTooLong("requestedBy", MAX_REQUESTED_BY, refusals.requestedByTooLong),
    inputTooLong(maxRequestChars(rules), refusals.tooLong),
    {
      when: `$not($type($in.environment) = 'string' and $in.environment in ${literals(rules.environments)})`,
      cause: fill(refusals.environment, "$in.environment"),
    },
    otherKey(RESTORE_INPUT_KEYS, refusals.otherKey),
    names.notAList,
    names.empty,
    names.unknown,
    {
      when: `$exists($in.requestedBy) and $type($in.requestedBy) != 'string'`,
      cause: fill(refusals.requestedBy, "$in.requestedBy"),
    },
    {
      when: `$exists(${copyDate}) and $not($type(${copyDate}) = 'string' and $contains(${copyDate}, /^\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\\d|3[01])$/))`,
      cause: fill(refusals.copyDate, copyDate),
    },
    {
      when: `$exists($in.tables) and $count($distinct($in.tables)) != $count($in.tables)`,
      cause: fill(refusals.tableTwice, "$in.tables"),
    },
  ];
  const order = largestFirst(model.tables).map((t) => t.name);
  const accepted = `{
    'request': {
      'environment': $in.environment,
      'requestedBy': $exists($in.requestedBy) ? $in.requestedBy : 'unknown',
      'copyDate': $exists($in.copyDate) ? $in.copyDate : 'latest'
    },
    'tables': ${askedNames("tables", order)},
    'execution': $states.context.Execution.Id,
    'runKey': ${RUN_KEY},
    'expiresAt': $string($floor($toMillis($states.context.Execution.StartTime) / 1000) + ${OUTCOME_DAYS * 86_400})
  }`;
  return checkInput("Check the request", checks, accepted);
}

/**
 * Each asked table, in a child execution of the Map Run: the per-table machine refreshes it and
 * records its full outcome in the state table; the child keeps a compact result. A per-table
 * execution that could not even run has its failure recorded here.
 */
function perTable(model: StackModel, chars: number): Flow {
  return Flow.start()
    .call(
      "Refresh the table",
      startExecutionSync(arns(model).restoreTableMachine, $("$.name"), {
        environment: $("$.environment"),
        table: $("$.table"),
        copyDate: $("$.copyDate"),
        requestedBy: $("$.requestedBy"),
        parentExecution: $("$.parentExecution"),
        refreshStartedAt: $("$.refreshStartedAt"),
        expiresAt: $("$.expiresAt"),
      }),
      "named",
      {
        ResultSelector: { outcome: $("$.Output") },
        ResultPath: "$.run",
        Catch: [
          {
            ErrorEquals: CHILD_ALREADY_EXISTS,
            Next: "Refresh the table: read the run that ended",
            ResultPath: "$.failure",
          },
          {
            ErrorEquals: ["States.ALL"],
            Next: "Say why the table failed",
            ResultPath: "$.failure",
          },
        ],
      },
    )
    .then(resultOfOutcome("Keep the table's result", "run.outcome", chars))
    .compute(
      "Say why the table failed",
      jsonata(`$merge([$sift($states.input, function($v, $k) { $k != 'failure' }), {'outcome': {
        'table': $states.input.table,
        'targetTable': $states.input.environment & '-' & $states.input.table,
        'status': 'FAILED',
        'recoveryPointArn': null,
        'exportArn': null,
        'copyCreatedAt': null,
        'error': $substring($string($states.input.failure.Error), 0, 256),
        'cause': ${textCut("$states.input.failure.Cause", OUTCOME_CAUSE_CHARS)}
      }}])`),
    )
    .then(recordOutcome("Record why the table failed", "Keep the failure"))
    .then(resultOfOutcome("Keep the failure", "outcome", chars))
    .then(
      takeEndedChild("Refresh the table", arns(model).restoreTableMachine, {
        onResult: "Keep the table's result",
        onFailure: "Say why the table failed",
      }),
    );
}

const WEEK = 7 * 24 * 3600;
/** The longest a Standard workflow's execution may run (service-quotas.html, tutorial-continue-new.html). */
const YEAR = 365 * 24 * 3600;

/**
 * How long a refresh may run before Step Functions ends it: far beyond any refresh, twice the
 * `maxCopyAgeHours` a refresh of every table is planned to fit (config/run-fit.ts), a week at
 * least, a year at most. An execution that hangs still ends, and so does its lock.
 */
export function refreshTimeoutSeconds(maxCopyAgeHours: number): number {
  return Math.min(YEAR, Math.max(WEEK, 2 * maxCopyAgeHours * 3600));
}

/**
 * The on-demand refresh of one development environment, started by the chat bot. Input:
 * `{"environment": "dev-3", "tables"?: ["Following"], "requestedBy"?: "slack:U0123",
 * "copyDate"?: "2026-11-25"}`. Output: the report of `table-results.ts`, `{environment,
 * requestedBy, copyDate, requested, restored, failed, failedTables, notListed, outcomes}`; fails
 * with `InvalidInput` (nothing touched), `RefreshInProgress` (the running refresh left alone) or,
 * after every table has had its turn, `TablesFailed` with that report as the cause. It tells the
 * dev stack's run topic when it starts and how it ends, whichever way (`refresh-notices.ts`).
 */
export function restoreMachine(model: StackModel): StateMachineDefinition {
  const chars = catalogCauseChars(model.tables);
  const topic = arns(model).devTopic;
  const flow = Flow.start()
    .then(
      checkRequest(model),
      takeEnvironmentLock((name) => tell(name, refreshBusy(model), model, topic)),
      tell("Tell that the refresh starts", refreshStarts(), model, topic),
    )
    .distributedMap("Refresh each table", perTable(model, chars), {
      Label: MAP_RUN_LABEL,
      ItemsPath: "$.tables",
      ItemSelector: {
        table: Context.mapItemValue,
        name: States.format("{}-{}", $("$.runKey"), Context.mapItemIndex),
        environment: $("$.request.environment"),
        copyDate: $("$.request.copyDate"),
        requestedBy: $("$.request.requestedBy"),
        expiresAt: $("$.expiresAt"),
        // Evaluated in the parent: inside a child execution, $$.Execution is the child's.
        parentExecution: Context.executionId,
        refreshStartedAt: Context.executionStartTime,
      },
      MaxConcurrency: model.settings.maxConcurrency,
      ResultPath: "$.results",
      Catch: [
        {
          ErrorEquals: ["States.ALL"],
          Next: "Release the lock after an error",
          ResultPath: "$.error",
        },
      ],
    })
    .then(releaseEnvironmentLock("after the refresh"))
    .then(
      report("Report the refresh", {
        succeeded: ["RESTORED"],
        succeededKey: "restored",
        header: `{'environment': $in.request.environment, 'requestedBy': $in.request.requestedBy, 'copyDate': $in.request.copyDate}`,
        perFailed: `{'targetTable': $in.request.environment & '-' & $t}`,
        outcomes: `{'tableName': ${literal(NAMES.stateTable)}, 'pk': 'refresh#' & $in.execution}`,
      }),
    )
    .then(tell("Tell how the refresh ended", refreshEnds(), model, topic))
    .choice(
      "Did any table fail?",
      [when(Condition.booleanEquals("$.anyFailed", true), "Tables failed")],
      { Default: "Environment refreshed" },
    )
    .succeed("Environment refreshed", { OutputPath: "$.report" })
    .fail("Tables failed", { Error: "TablesFailed", CausePath: "$.cause" })
    .then(releaseEnvironmentLock("after an error"))
    .then(tell("Tell what stopped the refresh", refreshStopped(), model, topic))
    .compute(
      "Say what stopped the refresh",
      jsonata(
        `{'error': $substring($string($states.input.error.Error), 0, 256), 'cause': $substring($string($states.input.error.Cause), 0, 30000)}`,
      ),
    )
    .fail("Fail as the refresh did", { ErrorPath: "$.error", CausePath: "$.cause" })
    .then(invalidInput((name) => tell(name, refreshRefused(), model, topic)));
  return buildStateMachine(flow, {
    Comment:
      "Refresh the tables of one development environment from the newest copies of production",
    TimeoutSeconds: refreshTimeoutSeconds(model.settings.maxCopyAgeHours),
  });
}
