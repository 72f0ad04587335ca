import { consoleExecutionUrlPrefix, type StackModel } from "../../config/model";
import { literal } from "../jsonata";
import { NL, NOTICE_LIMITS, type NoticeParts } from "./notice";

/**
 * What the restore machine tells its channels and e-mails: that a refresh starts, how it ended
 * (its report), what stopped it, and why a request was refused (InvalidInput, RefreshInProgress).
 * Each is JSONata over the state the machine holds at that point (see `notice.ts`).
 */

const L = NOTICE_LIMITS;

/** The request's fields for a chat message and an e-mail, from `$r` (`request` or the report). */
const REQUEST = `$requester := $cut($r.requestedBy, 256);
  $copy := $cut($r.copyDate, 10)`;

const ASK_AGAIN = literal(
  'A request: {"environment": "dev-3", "tables": ["Following"], "requestedBy": "slack:U0123", "copyDate": "2026-11-25"}; tables and copyDate may be left out (every table, the newest copy)',
);

/** Names, at most 10, then how many more. */
const NAMES_SHOWN = `$named := function($names) { (
  $shown := [$names[[0..9]]];
  $join([$map($shown, function($n) { $cut($n, 80) })], ', ') & ($count($names) > $count($shown) ? ' and ' & ($count($names) - $count($shown)) & ' more' : '')
) }`;

export function refreshStarts(): NoticeParts {
  return {
    event: "started",
    run: "refresh",
    emoji: literal(":arrows_counterclockwise:"),
    given: `$r := $in.request; ${REQUEST}; ${NAMES_SHOWN};
      $tables := $count($in.tables) & ($count($in.tables) = 1 ? ' table' : ' tables')`,
    headline: `'Refreshing ' & $r.environment & ': ' & $tables`,
    description: `'*Requested by* ' & $code($requester, 256) & ' · *copy* ' & $copy & ${NL} & '*Tables* ' & $named($in.tables)`,
    nextSteps: `'<' & $link & '|Follow it in the Step Functions console>'`,
    email: `'Environment: ' & $r.environment & ${NL} & 'Requested by: ' & $requester & ${NL} & 'Copy date: ' & $copy & ${NL} & 'Tables: ' & $named($in.tables) & ${NL} & 'Started: ' & $when($states.context.Execution.StartTime) & ${NL} & ${NL} & 'Follow it: ' & $link`,
    keywords: `'datarefresh', $r.environment, 'started'`,
  };
}

const EVERY_TABLE = literal("Every table's outcome: ");

/** The command that reads every table's outcome from the state table (README). */
const EVERY_OUTCOME = `$query := 'aws dynamodb query --table-name ' & $in.report.outcomes.tableName & ' --key-condition-expression "pk = :pk" --expression-attribute-values ' & "'" & $string({':pk': {'S': $in.report.outcomes.pk}}) & "'"`;

/**
 * How a refresh ended, from its report (`table-results.ts`): counts, each failed table with its
 * error and the start of its cause (as many as fit; the rest counted), how long it took.
 */
export function refreshEnds(): NoticeParts {
  return {
    event: "ended",
    run: "refresh",
    emoji: `$r.failed > 0 ? ':x:' : ':white_check_mark:'`,
    given: `$r := $in.report; ${REQUEST}; ${EVERY_OUTCOME};
      $took := $between($states.context.Execution.StartTime, $states.context.State.EnteredTime);
      $chat := $fit($map($r.failedTables, function($f) { '• ' & $code($f.table, 80) & ' → ' & $code($f.targetTable, 80) & ': *' & $cut($f.error, 48) & '*' & ($f.cause ? ' ' & $code($f.cause, 120) : '') }), ${L.chatTables}, ${L.descriptionChars - 600});
      $mail := $fit($map($r.failedTables, function($f) { '- ' & $clean($f.table) & ' (' & $clean($f.targetTable) & '): ' & $clean($f.error) & ($f.cause ? ': ' & $clean($f.cause) : '') }), ${L.chatTables * 10}, ${L.emailChars - 2_000});
      $more := function($shown) { $r.failed > $count($shown) ? ' and ' & ($r.failed - $count($shown)) & ' more, not listed here' : '' }`,
    headline: `$r.failed > 0 ? $r.environment & ': ' & $r.failed & ' of ' & $r.requested & ' tables failed' : $r.environment & ' refreshed: ' & $r.restored & ' of ' & $r.requested & ' tables'`,
    description: `'*Requested by* ' & $code($requester, 256) & ' · *copy* ' & $copy & ' · *took* ' & $took & ${NL} & '*Tables* ' & $r.requested & ' requested, ' & $r.restored & ' restored, ' & $r.failed & ' failed' & ($r.failed > 0 ? ${NL} & '*Failed*' & ${NL} & $join($chat, ${NL}) & $more($chat) : '')`,
    nextSteps: `'<' & $link & '|Open the refresh in the Step Functions console>', $r.failed > 0 ? 'What each error means: the runbook, section 12 (docs/setup.md)', $r.failed > $count($chat) ? ${EVERY_TABLE} & $code($query, 1000)`,
    email: `'Environment: ' & $r.environment & ${NL} & 'Requested by: ' & $requester & ${NL} & 'Copy date: ' & $copy & ${NL} & 'Tables: ' & $r.requested & ' requested, ' & $r.restored & ' restored, ' & $r.failed & ' failed' & ${NL} & 'Started: ' & $when($states.context.Execution.StartTime) & ', took ' & $took & ($r.failed > 0 ? ${NL} & ${NL} & 'Failed tables:' & ${NL} & $join($mail, ${NL}) & $more($mail) : '') & ${NL} & ${NL} & 'The refresh: ' & $link & ($r.failed > 0 ? ${NL} & ${EVERY_TABLE} & $query : '')`,
    keywords: `'datarefresh', $r.environment, $r.failed > 0 ? 'TablesFailed' : 'refreshed'`,
  };
}

/** What stopped a refresh before it could report (`$.error`: the Map's `{Error, Cause}`). */
export function refreshStopped(): NoticeParts {
  return {
    event: "ended",
    run: "refresh",
    emoji: literal(":x:"),
    given: `$r := $in.request; ${REQUEST};
      $error := $cut($in.error.Error, 48);
      $took := $between($states.context.Execution.StartTime, $states.context.State.EnteredTime)`,
    headline: `$r.environment & ': the refresh stopped (' & $error & ')'`,
    description: `'*Requested by* ' & $code($requester, 256) & ' · *copy* ' & $copy & ' · *took* ' & $took & ${NL} & '*' & $error & '* ' & $code($in.error.Cause, ${L.causeChars})`,
    nextSteps: `'<' & $link & '|Open the refresh in the Step Functions console>', 'What each error means: the runbook, section 12 (docs/setup.md)'`,
    email: `'Environment: ' & $r.environment & ${NL} & 'Requested by: ' & $requester & ${NL} & 'Copy date: ' & $copy & ${NL} & 'Started: ' & $when($states.context.Execution.StartTime) & ', stopped after ' & $took & ${NL} & ${NL} & $error & ': ' & $cut($in.error.Cause, ${L.causeChars}) & ${NL} & ${NL} & 'The refresh: ' & $link`,
    keywords: `'datarefresh', $r.environment, $error`,
  };
}

/**
 * A request the machine refused (`$.invalid.cause`): the request itself may be anything, so the
 * notice quotes only what is a text, cut.
 */
export function refreshRefused(): NoticeParts {
  return {
    event: "refused",
    run: "refresh",
    emoji: literal(":no_entry:"),
    given: `$asked := $states.context.Execution.Input;
      $environment := $type($asked.environment) = 'string' ? $cut($asked.environment, 64) : 'no environment';
      $requester := $type($asked.requestedBy) = 'string' ? $cut($asked.requestedBy, 256) : 'unknown'`,
    headline: `'A refresh was refused (InvalidInput)'`,
    description: `'*Requested by* ' & $code($requester, 256) & ' · *environment* ' & $code($environment, 64) & ${NL} & $code($in.invalid.cause, ${L.causeChars})`,
    nextSteps: `${ASK_AGAIN}, '<' & $link & '|Open the request in the Step Functions console>'`,
    email: `'Requested by: ' & $requester & ${NL} & 'Environment: ' & $environment & ${NL} & ${NL} & 'Refused: ' & $cut($in.invalid.cause, ${L.causeChars}) & ${NL} & ${NL} & ${ASK_AGAIN} & ${NL} & 'The request: ' & $link`,
    keywords: `'datarefresh', 'InvalidInput'`,
  };
}

/**
 * A request for an environment another refresh holds (`$.busy.cause` names the holder, whose ARN
 * is `$.lockItem.Item.holder.S`; the lock item also says who asked for that refresh, and when it
 * started). A lock written by hand may lack those two: the notice then says so.
 */
export function refreshBusy(model: Pick<StackModel, "partition" | "region">): NoticeParts {
  const console = literal(consoleExecutionUrlPrefix(model.partition, model.region));
  return {
    event: "refused",
    run: "refresh",
    emoji: literal(":hourglass_flowing_sand:"),
    given: `$r := $in.request; ${REQUEST};
      $holder := ${console} & $in.lockItem.Item.holder.S;
      $lock := $in.lockItem.Item;
      $heldFor := $type($lock.requestedBy.S) = 'string' ? $cut($lock.requestedBy.S, 256) : 'unknown';
      $heldSince := $type($lock.since.S) = 'string' ? $when($lock.since.S) : 'an unknown time'`,
    headline: `$r.environment & ' is being refreshed already: this request was refused (RefreshInProgress)'`,
    description: `'*Requested by* ' & $code($requester, 256) & ${NL} & '*Held for* ' & $code($heldFor, 256) & ' since ' & $heldSince & ${NL} & $code($in.busy.cause, ${L.causeChars})`,
    nextSteps: `'<' & $holder & '|Follow the refresh that holds ' & $r.environment & '>', 'Ask again when it has ended'`,
    email: `'Requested by: ' & $requester & ${NL} & 'Refused: ' & $cut($in.busy.cause, ${L.causeChars}) & ${NL} & ${NL} & 'The refresh that holds ' & $r.environment & ': ' & $holder & ${NL} & 'Held for: ' & $heldFor & ', since ' & $heldSince & ${NL} & 'This request: ' & $link`,
    keywords: `'datarefresh', $r.environment, 'RefreshInProgress'`,
  };
}
