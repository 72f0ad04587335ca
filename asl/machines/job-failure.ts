import { Condition } from "../conditions";
import { Flow, when } from "../flow";

/**
 * Ends a machine with `error`, giving the job's own status message as the cause where the job
 * has one (AWS Backup omits `StatusMessage` on some failures).
 */
export function failWithStatusMessage(
  name: string,
  error: string,
  statusMessagePath: string,
  fallbackCause: string,
): Flow {
  return Flow.start()
    .choice(name, [when(Condition.isPresent(statusMessagePath), `${name}: with message`)], {
      Default: `${name}: without message`,
    })
    .fail(`${name}: with message`, { Error: error, CausePath: statusMessagePath })
    .fail(`${name}: without message`, { Error: error, Cause: fallbackCause });
}
