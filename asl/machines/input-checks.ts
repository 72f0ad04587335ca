import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { $, Context, States, type Ref } from "../paths";

/**
 * Checks of a machine's input, in ASL, so that a bad request fails with `InvalidInput` and a cause
 * naming the bad value before anything is touched. Each failing check writes its message at
 * `$.invalid.cause` and goes to the state named `INVALID_INPUT`, which the machine provides.
 */
export const INVALID_INPUT = "Invalid input";

/** A check that failed: the message, then on to INVALID_INPUT. */
export function refuse(name: string, cause: string | Ref): Flow {
  return Flow.start().pass(name, {
    Parameters: { cause },
    ResultPath: "$.invalid",
    Next: INVALID_INPUT,
  });
}

/** The state every refusal ends in. */
export function invalidInput(): Flow {
  return Flow.start().fail(INVALID_INPUT, { Error: "InvalidInput", CausePath: "$.invalid.cause" });
}

/**
 * `listPath` must hold a non-empty list whose every item is one of `allowed`. ASL has no list
 * test, so the value's JSON text is checked for a leading `[`.
 */
export function checkNameList(options: {
  label: string;
  listPath: string;
  allowed: readonly string[];
  what: string;
}): Flow {
  const { label, listPath } = options;
  const text = `$.checks.${label.replace(/\W/g, "")}`;
  const shown = options.allowed.slice(0, 20).join(", ");
  const allowedText = options.allowed.length > 20 ? `${shown}, ...` : shown;
  return Flow.start()
    .pass(`Read ${label}`, {
      Parameters: { text: States.jsonToString($(listPath)), allowed: [...options.allowed] },
      ResultPath: text,
    })
    .choice(
      `Is ${label} a list?`,
      [
        when(Condition.stringEquals(`${text}.text`, "[]"), `Refuse an empty ${label}`),
        when(Condition.stringMatches(`${text}.text`, "[*"), `Check each of ${label}`),
      ],
      { Default: `Refuse ${label} that is no list` },
    )
    .then(
      refuse(
        `Refuse an empty ${label}`,
        `${label} is empty; leave it out for all, or list ${options.what}`,
      ),
      refuse(
        `Refuse ${label} that is no list`,
        States.format(`${label} must be a list of ${options.what}, not {}`, $(`${text}.text`)),
      ),
    )
    .pass(`Explain the item of ${label}`, {
      Parameters: { cause: $("$.caught.Cause") },
      ResultPath: "$.invalid",
      Next: INVALID_INPUT,
    })
    .map(
      `Check each of ${label}`,
      Flow.start()
        .choice(
          `Is it one of ${label}?`,
          [
            when(
              Condition.and(Condition.isString("$.item"), Condition.booleanEquals("$.known", true)),
              `Accept the item of ${label}`,
            ),
          ],
          { Default: `Refuse the item of ${label}` },
        )
        .pass(`Accept the item of ${label}`, { End: true })
        .pass(`Refuse the item of ${label}`, {
          Parameters: {
            cause: States.format(
              `{} in ${label} is not one of ${options.what}; expected one of: ${allowedText}`,
              States.jsonToString($("$.item")),
            ),
          },
        })
        .fail(`Unknown item of ${label}`, { Error: "InvalidInput", CausePath: "$.cause" }),
      {
        ItemsPath: listPath,
        ItemSelector: {
          item: Context.mapItemValue,
          known: States.arrayContains($(`${text}.allowed`), Context.mapItemValue),
        },
        ResultPath: null,
        Catch: [
          {
            ErrorEquals: ["InvalidInput"],
            Next: `Explain the item of ${label}`,
            ResultPath: "$.caught",
          },
        ],
      },
    );
}
