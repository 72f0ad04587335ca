import { Condition } from "../conditions";
import { Flow, FOLLOWING, when } from "../flow";
import { $, Context, States, type Ref } from "../paths";
import { nameListRefusals } from "./name-list-rules";

/**
 * Checks of a machine's input, in ASL, so that a bad request fails with `InvalidInput` and a cause
 * naming the bad value before anything is touched. Each failing check writes its message at
 * `$.invalid.cause` and goes to the state named `INVALID_INPUT`, which the machine provides.
 */
export const INVALID_INPUT = "Invalid input";

/** A check that failed: the message, then on to INVALID_INPUT. */
export function refuse(name: string, cause: string | Ref): Flow {
  // The whole state is replaced: the input may be no object at all (a list, a text).
  return Flow.start().pass(name, {
    Parameters: { invalid: { cause } },
    Next: INVALID_INPUT,
  });
}

/** The state every refusal ends in. */
export function invalidInput(): Flow {
  return Flow.start().fail(INVALID_INPUT, { Error: "InvalidInput", CausePath: "$.invalid.cause" });
}

/**
 * `listPath` must hold a non-empty list whose every item is one of the allowed names (`allowed`,
 * or the list at `allowedPath` where the machine carries it): the rule and causes of
 * `name-list-rules.ts`. ASL has no list test, so the value's JSON text is checked for a leading
 * `[`. Known names pass with a few states whatever their number; only a list with an unknown
 * name is looked at item by item (four history events each), to name every unknown item in the
 * cause.
 */
export function checkNameList(options: {
  label: string;
  listPath: string;
  allowed: readonly string[];
  allowedPath?: string;
  what: string;
}): Flow {
  const { label, listPath } = options;
  const at = `$.checks.${label.replace(/\W/g, "")}`;
  const refusals = nameListRefusals(options);
  return (
    Flow.start()
      .pass(`Read ${label}`, {
        Parameters: {
          text: States.jsonToString($(listPath)),
          allowed:
            options.allowedPath === undefined ? [...options.allowed] : $(options.allowedPath),
        },
        ResultPath: at,
      })
      .choice(
        `Is ${label} a list?`,
        [
          when(Condition.stringEquals(`${at}.text`, "[]"), `Refuse an empty ${label}`),
          when(Condition.stringMatches(`${at}.text`, "[*"), `Join ${label} to the known names`),
        ],
        { Default: `Refuse ${label} that is no list` },
      )
      .then(
        refuse(`Refuse an empty ${label}`, refusals.empty),
        refuse(
          `Refuse ${label} that is no list`,
          States.format(refusals.notAList, $(`${at}.text`)),
        ),
      )
      // Some name is unknown: look at each, to name them all in the refusal.
      .map(`Check each of ${label}`, Flow.start().pass(`Look at one of ${label}`, { End: true }), {
        ItemsPath: listPath,
        ItemSelector: {
          item: Context.mapItemValue,
          known: States.arrayContains($(`${at}.allowed`), Context.mapItemValue),
        },
        MaxConcurrency: 40,
        ResultPath: `${at}.items`,
      })
      .pass(`Find the unknown ${label}`, {
        Parameters: { unknown: $(`${at}.items[?(@.known == false)].item`) },
        ResultPath: `${at}.found`,
      })
      .then(
        refuse(
          `Refuse the unknown ${label}`,
          States.format(refusals.unknown, States.jsonToString($(`${at}.found.unknown`))),
        ),
      )
      // At once: the list holds only known names when adding it to them adds no distinct name.
      .pass(`Join ${label} to the known names`, {
        Parameters: { pair: States.array($(listPath), $(`${at}.allowed`)) },
        ResultPath: `${at}.joined`,
      })
      .pass(`Flatten ${label} and the known names`, {
        Parameters: { all: $(`${at}.joined.pair[*][*]`) },
        ResultPath: `${at}.joined`,
      })
      .pass(`Count the distinct names with ${label}`, {
        Parameters: {
          withList: States.arrayLength(States.arrayUnique($(`${at}.joined.all`))),
          known: States.arrayLength(States.arrayUnique($(`${at}.allowed`))),
        },
        ResultPath: `${at}.joined`,
      })
      .choice(
        `Only known ${label}?`,
        [
          when(
            Condition.numberEqualsPath(`${at}.joined.withList`, `${at}.joined.known`),
            FOLLOWING,
          ),
        ],
        { Default: `Check each of ${label}` },
      )
  );
}
