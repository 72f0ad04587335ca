import { NAMES, type StackModel } from "../../config/model";
import { literal } from "../jsonata";
import { NL, NOTICE_LIMITS, type NoticeParts } from "./notice";

/**
 * What the daily run tells the prod stack's channels and e-mails: how it ended (its report), and
 * an input it refused. JSONata over the state the machine holds at that point (see `notice.ts`).
 */

const L = NOTICE_LIMITS;

/** How a daily run ended, from its report: counts, each failed table (as many as fit), time. */
export function dailyRunEnds(model: Pick<StackModel, "accounts">): NoticeParts {
  const again = literal(
    `Copy the failed tables again: start ${NAMES.backupMachine} with the input `,
  );
  return {
    event: "ended",
    run: "daily-run",
    emoji: `$r.failed > 0 ? ':x:' : ':white_check_mark:'`,
    given: `$r := $in.report;
      $day := $substring($r.runStartedAt, 0, 10);
      $took := $between($r.runStartedAt, $states.context.State.EnteredTime);
      $chat := $fit($map($r.failedTables, function($f) { '• ' & $code($f.table, 80) & ': *' & $cut($f.error, 48) & '*' & ($f.cause ? ' ' & $code($f.cause, 120) : '') }), ${L.chatTables}, ${L.descriptionChars - 600});
      $mail := $fit($map($r.failedTables, function($f) { '- ' & $clean($f.table) & ': ' & $clean($f.error) & ($f.cause ? ': ' & $clean($f.cause) : '') }), ${L.chatTables * 10}, ${L.emailChars - 2_000});
      $more := function($shown) { $r.failed > $count($shown) ? ' and ' & ($r.failed - $count($shown)) & ' more, not listed here' : '' };
      $input := $string({'tables': [$r.failedTables[[0..9]].table]})`,
    headline: `'Daily copy of ' & $day & ': ' & ($r.failed > 0 ? $r.failed & ' of ' & $r.requested & ' tables failed' : $r.copied & ' of ' & $r.requested & ' tables copied')`,
    description: `'*Account* prod ${model.accounts.prod} · *started* ' & $when($r.runStartedAt) & ' · *took* ' & $took & ${NL} & '*Tables* ' & $r.requested & ' requested, ' & $r.copied & ' copied, ' & $r.failed & ' failed' & ($r.failed > 0 ? ${NL} & '*Failed*' & ${NL} & $join($chat, ${NL}) & $more($chat) : '')`,
    nextSteps: `'<' & $link & '|Open the run in the Step Functions console>', $r.failed > 0 ? 'What each error means: the runbook, section 12 (docs/setup.md)', $r.failed > 0 ? ${again} & $code($input, 2000)`,
    email: `'Account: prod ${model.accounts.prod}' & ${NL} & 'Tables: ' & $r.requested & ' requested, ' & $r.copied & ' copied, ' & $r.failed & ' failed' & ${NL} & 'Started: ' & $when($r.runStartedAt) & ', took ' & $took & ($r.failed > 0 ? ${NL} & ${NL} & 'Failed tables:' & ${NL} & $join($mail, ${NL}) & $more($mail) & ${NL} & ${NL} & ${again} & $input : '') & ${NL} & ${NL} & 'The run: ' & $link`,
    keywords: `'datarefresh', 'prod', $r.failed > 0 ? 'TablesFailed' : 'copied'`,
  };
}

/** An input the daily run refused (`$.invalid.cause`): started by hand with a bad list of tables. */
export function dailyRunRefused(): NoticeParts {
  const form = literal(
    'The input: {} (every table) or {"tables": ["Following"]} (catalogued tables only)',
  );
  return {
    event: "refused",
    run: "daily-run",
    emoji: literal(":no_entry:"),
    headline: `'A daily copy was refused (InvalidInput)'`,
    description: `$code($in.invalid.cause, ${L.causeChars})`,
    nextSteps: `${form}, '<' & $link & '|Open the run in the Step Functions console>'`,
    email: `'Refused: ' & $cut($in.invalid.cause, ${L.causeChars}) & ${NL} & ${NL} & ${form} & ${NL} & 'The run: ' & $link`,
    keywords: `'datarefresh', 'prod', 'InvalidInput'`,
  };
}
