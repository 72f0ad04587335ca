import { Flow } from "../flow";
import { jsonata, literal, textCut } from "../jsonata";

/**
 * What the parent machines keep of each table, and the report they end with, both bounded
 * whatever the catalog and however the tables fail: a Distributed Map hands its parent every
 * child's output in one list, and Step Functions fails an execution for good
 * (`States.DataLimitExceeded`, which no Catch sees) whose state passes 256 KiB. So each child
 * keeps a compact result (status, error name, a cause cut to `causeChars`), the full outcome stays
 * with the per-table execution (and, for a refresh, in the state table), and the report lists the
 * failed tables that fit in a cause Step Functions keeps whole.
 */

/** Half of the 256 KiB a state may pass: what the largest state of any execution is held to. */
export const STATE_BUDGET = 131_072;

/** Step Functions keeps an execution's cause to 32,768 characters; a report stays within this. */
export const REPORT_CHARS = 30_000;

/** An error name in a result: at most this many characters of `A-Z a-z 0-9 . _ : -`. */
export const ERROR_CHARS = 48;

/** A cause in a result is cut to at most this many characters. */
export const MAX_CAUSE_CHARS = 300;

/** The parent's state besides the names and the results: request, lock, run key (bytes). */
const PARENT_FIXED_BYTES = 4_096;

/** `{"status":"FAILED","error":"","cause":""}` and a comma. */
const RESULT_FIXED_BYTES = 38;

/** UTF-8 takes at most 4 bytes for a character (and JSON 2 for a quote or backslash). */
const BYTES_PER_CHAR = 4;

/**
 * How many characters of each failed table's cause the results can carry, so that `tables`
 * results and the names (`namesBytes` of JSON) stay within STATE_BUDGET with every table failed:
 * MAX_CAUSE_CHARS for a small catalog, fewer for a large one (none at 1,000 tables).
 */
export function causeChars(tables: number, namesBytes: number): number {
  const perTable =
    (STATE_BUDGET - PARENT_FIXED_BYTES - namesBytes) / Math.max(1, tables) -
    RESULT_FIXED_BYTES -
    ERROR_CHARS;
  return Math.max(0, Math.min(MAX_CAUSE_CHARS, Math.floor(perTable / BYTES_PER_CHAR)));
}

/** `causeChars` of a catalog: its tables and the JSON of their names. */
export function catalogCauseChars(tables: readonly { name: string }[]): number {
  return causeChars(tables.length, Buffer.byteLength(JSON.stringify(tables.map((t) => t.name))));
}

/** An error name cut to ERROR_CHARS characters of the few an error name is made of. */
function errorCut(path: string): string {
  return `$substring($replace($string(${path}), /[^A-Za-z0-9._:-]/, ''), 0, ${ERROR_CHARS})`;
}

function failedResult(errorPath: string, causePath: string, chars: number): string {
  const cause = chars > 0 ? `, 'cause': ${textCut(causePath, chars)}` : "";
  return `{'status': 'FAILED', 'error': ${errorCut(errorPath)}${cause}}`;
}

/** The compact result of a table whose per-table execution ended with `outcomePath`. */
export function resultOfOutcome(name: string, outcomePath: string, chars: number): Flow {
  const o = `$states.input.${outcomePath}`;
  return Flow.start().compute(
    name,
    jsonata(
      `${o}.status = 'FAILED' ? ${failedResult(`${o}.error`, `${o}.cause`, chars)} : {'status': ${o}.status}`,
    ),
    { End: true },
  );
}

/** The compact result of a table whose per-table execution failed, with `{Error, Cause}` at `failurePath`. */
export function resultOfFailure(name: string, failurePath: string, chars: number): Flow {
  const f = `$states.input.${failurePath}`;
  return Flow.start().compute(name, jsonata(failedResult(`${f}.Error`, `${f}.Cause`, chars)), {
    End: true,
  });
}

export interface ReportOptions {
  /** The status a table that went well has: `RESTORED`, or `COPIED` and `EXPORTED`. */
  succeeded: readonly string[];
  /** What the count of good tables is called in the report: `restored`, `copied`. */
  succeededKey: string;
  /** JSONata of the report's fields that come first (environment, request...). */
  header: string;
  /** JSONata of each listed failed table's fields besides table, error, cause. */
  perFailed?: string;
  /** JSONata of the report's last field: where every table's full outcome is read. */
  outcomes?: string;
}

/**
 * The report of a run: `{<header>, requested, <succeeded>, failed, failedTables: [{table, error,
 * cause?}], notListed, outcomes?}`, from the table names at `$.tables` and the results at
 * `$.results`, in the same order. The failed tables are listed in that order as long as the
 * report stays within REPORT_CHARS characters; `notListed` counts the rest. Output:
 * `{"report", "anyFailed", "cause"}`, where `cause` is the report's JSON text.
 */
export function report(name: string, options: ReportOptions): Flow {
  const succeeded = `[${options.succeeded.map(literal).join(", ")}]`;
  const perFailed = options.perFailed ?? "{}";
  const budget = REPORT_CHARS - 2_000;
  const expression = `(
  $in := $states.input;
  $failed := [$filter($map($in.tables, function($t, $i) { $merge([{'table': $t}, ${perFailed}, $in.results[$i]]) }), function($x) { $x.status = 'FAILED' })];
  $listed := $reduce($failed, function($acc, $f) { ($size := $acc.size + $length($string($f)) + 1; $size <= ${budget} ? {'size': $size, 'list': $append($acc.list, [$f])} : {'size': ${budget + 1}, 'list': $acc.list}) }, {'size': 0, 'list': []});
  $report := $merge([${options.header}, {
    'requested': $count($in.tables),
    ${literal(options.succeededKey)}: $count($in.results[status in ${succeeded}]),
    'failed': $count($failed),
    'failedTables': [$listed.list.$sift(function($v, $k) { $k != 'status' })],
    'notListed': $count($failed) - $count($listed.list)
  }${options.outcomes === undefined ? "" : `, {'outcomes': ${options.outcomes}}`}]);
  {'report': $report, 'anyFailed': $count($failed) > 0, 'cause': $string($report)}
)`;
  return Flow.start().compute(name, jsonata(expression));
}
