import { NAMES } from "../../config/model";
import { Flow } from "../flow";
import { jsonata } from "../jsonata";
import { $ } from "../paths";
import { sdkCall } from "../sdk";

/**
 * Where every table's full outcome of a refresh is read: one item per table in the state table,
 * `{pk: "refresh#<refresh execution ARN>", sk: <table>, targetTable, status, error?, cause?,
 * recoveryPointArn?, exportArn?, copyCreatedAt?}`, kept OUTCOME_DAYS days (`expiresAt`, the
 * table's time to live). One `Query` on that `pk` reads them all, whatever the refresh's size;
 * the refresh's own output holds counts and the failed tables only.
 */
export const OUTCOME_DAYS = 30;

/** The outcome at `$.outcome` as a DynamoDB item, each attribute present only where it has a value. */
const ITEM = `(
  $o := $states.input.outcome;
  $s := function($v) { $type($v) = 'string' ? {'S': $v} : undefined };
  {
    'pk': {'S': 'refresh#' & $states.input.parentExecution},
    'sk': {'S': $states.input.table},
    'targetTable': $s($o.targetTable),
    'status': $s($o.status),
    'error': $s($o.error),
    'cause': $s($o.cause),
    'recoveryPointArn': $s($o.recoveryPointArn),
    'exportArn': $s($o.exportArn),
    'copyCreatedAt': $s($o.copyCreatedAt),
    'expiresAt': {'N': $states.input.expiresAt}
  }
)`;

/**
 * Records the outcome at `$.outcome` (status and all) as the table's item. A record that cannot be
 * written leaves the outcome in the execution's output only: the refresh goes on to `next` alike.
 */
export function recordOutcome(name: string, next: string): Flow {
  return Flow.start()
    .compute(name, jsonata(`$merge([$states.input, {'record': ${ITEM}}])`))
    .call(
      `${name}: write it`,
      sdkCall("dynamodb", "putItem", { TableName: NAMES.stateTable, Item: $("$.record") }),
      "same",
      {
        ResultPath: null,
        Catch: [{ ErrorEquals: ["States.ALL"], Next: next, ResultPath: null }],
        Next: next,
      },
    );
}
