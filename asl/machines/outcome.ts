import { Flow } from "../flow";
import { jsonata, literal, textCut } from "../jsonata";
import type { Ref } from "../paths";

/**
 * Per-table machines end with an outcome rather than failing, so that the parent hears of every
 * table. The outcome accumulates at `$.outcome`; a failure writes `{status, error, cause}` at
 * `$.failure` and goes to `REPORT_FAILURE`.
 *
 * A cause that AWS wrote (a caught error's, a job's status message) may hold 32,768 characters,
 * each up to six bytes of JSON (`\u0001`): the state keeps one copy of it, cut to
 * `OUTCOME_CAUSE_CHARS`, and drops what it was taken from, so that no state of a per-table machine
 * nears Step Functions' 256 KiB however AWS words an error.
 */
export const REPORT_FAILURE = "Report the failure";

/** How much of AWS's wording of a failure an outcome keeps. */
export const OUTCOME_CAUSE_CHARS = 8_000;

/** Step Functions' error names hold at most 256 characters (the API's limit). */
const MAX_ERROR_CHARS = 256;

/** The state that merges `$.failure` into `$.outcome` and ends with it. */
export function reportFailure(): Flow {
  return Flow.start().compute(
    REPORT_FAILURE,
    jsonata("$merge([$states.input.outcome, $states.input.failure])"),
    { End: true },
  );
}

/** A failure with a fixed error name and a cause given as text or built at run time. */
export function failTable(name: string, error: string, cause: string | Ref): Flow {
  return Flow.start().pass(name, {
    Parameters: { status: "FAILED", error, cause },
    ResultPath: "$.failure",
    Next: REPORT_FAILURE,
  });
}

/**
 * The state without `drop` and with `{status: FAILED, error, cause}` at `$.failure`: the error
 * name and the cause (JSONata), both cut.
 */
function failWith(name: string, error: string, cause: string, drop?: string): Flow {
  const rest =
    drop === undefined
      ? "$states.input"
      : `$sift($states.input, function($v, $k) { $k != ${literal(drop)} })`;
  return Flow.start().compute(
    name,
    jsonata(
      `$merge([${rest}, {'failure': {'status': 'FAILED', 'error': $substring($string(${error}), 0, ${MAX_ERROR_CHARS}), 'cause': ${cause}}}])`,
    ),
    { Next: REPORT_FAILURE },
  );
}

/** A failure reported from the error caught at `$.error` (`{Error, Cause}`), which it drops. */
export function failTableWithCaught(name: string, errorPath: string): Flow {
  const key = errorPath.replace(/^\$\./, "");
  const error = `$states.input.${key}`;
  return failWith(name, `${error}.Error`, textCut(`${error}.Cause`, OUTCOME_CAUSE_CHARS), key);
}

/**
 * A job that ended badly: its `StatusMessage` as the cause where AWS Backup gave one (it omits it
 * on some failures), else `fallbackCause`.
 */
export function failTableWithStatusMessage(
  name: string,
  error: string,
  statusMessagePath: string,
  fallbackCause: string,
): Flow {
  const message = `$states.input.${statusMessagePath.replace(/^\$\./, "")}`;
  return failWith(
    name,
    literal(error),
    `$exists(${message}) ? ${textCut(message, OUTCOME_CAUSE_CHARS)} : ${literal(fallbackCause)}`,
  );
}

/**
 * An export or import that ended badly: `<FailureCode>: <FailureMessage>` of the description at
 * `descriptionPath` as the cause, as much of it as DynamoDB gave, else `fallbackCause`.
 */
export function failTableWithFailureCode(
  name: string,
  error: string,
  descriptionPath: string,
  fallbackCause: string,
): Flow {
  const d = `$states.input.${descriptionPath.replace(/^\$\./, "")}`;
  const parts = `[${d}.FailureCode, ${d}.FailureMessage][$type($) = 'string']`;
  const joined = `$join(${parts}, ': ')`;
  return failWith(
    name,
    literal(error),
    `$count(${parts}) > 0 ? $substring(${joined}, 0, ${OUTCOME_CAUSE_CHARS}) : ${literal(fallbackCause)}`,
  );
}
