import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { $, States, type Ref } from "../paths";

/**
 * Per-table machines end with an outcome rather than failing, so that the parent lists every
 * table's result in its output. The outcome accumulates at `$.outcome`; a failure writes
 * `{status, error, cause}` at `$.failure` and goes to `REPORT_FAILURE`.
 */
export const REPORT_FAILURE = "Report the failure";

/** The state that merges `$.failure` into `$.outcome` and ends with it. */
export function reportFailure(): Flow {
  return Flow.start().pass(REPORT_FAILURE, {
    Parameters: { outcome: States.jsonMerge($("$.outcome"), $("$.failure")) },
    OutputPath: "$.outcome",
    End: true,
  });
}

/** A failure with a fixed error name and a cause given as text or built at run time. */
export function failTable(name: string, error: string, cause: string | Ref): Flow {
  return Flow.start().pass(name, {
    Parameters: { status: "FAILED", error, cause },
    ResultPath: "$.failure",
    Next: REPORT_FAILURE,
  });
}

/** A failure reported from an error caught at `errorPath` (`{Error, Cause}`). */
export function failTableWithCaught(name: string, errorPath: string): Flow {
  return Flow.start().pass(name, {
    Parameters: {
      status: "FAILED",
      error: $(`${errorPath}.Error`),
      cause: $(`${errorPath}.Cause`),
    },
    ResultPath: "$.failure",
    Next: REPORT_FAILURE,
  });
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
  return Flow.start()
    .choice(name, [when(Condition.isPresent(statusMessagePath), `${name}: with message`)], {
      Default: `${name}: without message`,
    })
    .then(
      failTable(`${name}: with message`, error, $(statusMessagePath)),
      failTable(`${name}: without message`, error, fallbackCause),
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
  const code = `${descriptionPath}.FailureCode`;
  const message = `${descriptionPath}.FailureMessage`;
  return Flow.start()
    .choice(
      name,
      [
        when(
          Condition.and(Condition.isPresent(code), Condition.isPresent(message)),
          `${name}: with code and message`,
        ),
        when(Condition.isPresent(message), `${name}: with message`),
        when(Condition.isPresent(code), `${name}: with code`),
      ],
      { Default: `${name}: without message` },
    )
    .then(
      failTable(
        `${name}: with code and message`,
        error,
        States.format("{}: {}", $(code), $(message)),
      ),
      failTable(`${name}: with message`, error, $(message)),
      failTable(`${name}: with code`, error, $(code)),
      failTable(`${name}: without message`, error, fallbackCause),
    );
}
