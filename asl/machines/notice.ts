import { consoleExecutionUrlPrefix, type StackModel } from "../../config/model";
import { Flow, FOLLOWING } from "../flow";
import { jsonata, literal } from "../jsonata";
import { $ } from "../paths";
import { sdkCall } from "../sdk";

/**
 * The message a machine publishes to its stack's run topic when it starts or ends: for the chat
 * channels, a custom notification of Amazon Q Developer in chat applications (`version` 1.0,
 * `source` custom, client-markdown content); for e-mail, plain text. One publish carries both
 * (`MessageStructure: json`): SNS gives e-mail subscribers the `email` text, and every other
 * subscriber, Amazon Q Developer's HTTPS endpoint among them, the `default` one.
 *
 * A notice is computed by a JSONata Pass state from what the run already holds (its bounded
 * report, the request), and every part is cut to a stated length, so that the message stays far
 * under SNS's 256 KiB and what a chat message shows, whatever the catalog and the causes.
 */
export const NOTICE_LIMITS = {
  /** A chat message's description (Slack shows 3,000 characters of a section). */
  descriptionChars: 3_000,
  /** Failed tables a chat message lists; the e-mail lists more. */
  chatTables: 10,
  /** A plain e-mail's text. */
  emailChars: 12_000,
  /** A cause quoted for a whole run: what stopped it, why a request was refused. */
  causeChars: 600,
  /** A title; SNS's subject (an e-mail's) is less than 100 printable ASCII characters. */
  titleChars: 150,
  subjectChars: 99,
} as const;

/**
 * How a notice's publish is repeated: not after an error that may have taken effect. SNS standard
 * topics take no idempotency token, so a repeat would tell every channel and mailbox twice; a
 * notice lost to such an error is the lesser harm (the execution still says everything).
 */
export const PUBLISHED_ONCE = {
  once: "a publish repeated after one that took effect would tell the topic twice (SNS standard topics take no idempotency token)",
} as const;

/** A line break, in a JSONata text. */
export const NL = literal("\n");

/**
 * The functions a notice is written with, over `$in` (the state's input): `$clean(t)` a text with
 * control characters made spaces; `$cut(t, n)` at most `n` characters of it; `$bound(t, n)` a
 * text this notice composed, lines and all, cut to `n` characters; `$code(t, n)` `$cut` in
 * backquotes, where chat markdown can neither format nor mention (`<!channel>`); `$when(t)` a
 * time `YYYY-MM-DD hh:mm UTC`; `$between(from, to)` the time between, `2 h 5 min`; `$fit(lines, n,
 * chars)` the first lines, at most `n` and `chars` characters together; `$link` the execution in
 * the console.
 */
function functions(model: Pick<StackModel, "partition" | "region">): string {
  return [
    `$in := $states.input`,
    `$clean := function($t) { $replace($string($t), /[\\u0000-\\u001f]/, ' ') }`,
    `$bound := function($t, $n) { $length($t) > $n ? $substring($t, 0, $n - 3) & '...' : $t }`,
    `$cut := function($t, $n) { $bound($clean($t), $n) }`,
    `$code := function($t, $n) { '\`' & $replace($replace($replace($cut($t, $n), '\`', "'"), '<', '‹'), '>', '›') & '\`' }`,
    `$when := function($t) { $substring($t, 0, 10) & ' ' & $substring($t, 11, 5) & ' UTC' }`,
    `$between := function($from, $to) { ($s := $floor(($toMillis($to) - $toMillis($from)) / 1000); $h := $floor($s / 3600); $m := $floor(($s % 3600) / 60); $h > 0 ? $h & ' h ' & $m & ' min' : $m > 0 ? $m & ' min ' & ($s % 60) & ' s' : $s & ' s') }`,
    `$fit := function($lines, $n, $chars) { $reduce([$lines], function($shown, $l) { $count($shown) < $n and $length($join($append($shown, $l), ${NL})) <= $chars ? $append($shown, $l) : $shown }, []) }`,
    `$link := ${literal(consoleExecutionUrlPrefix(model.partition, model.region))} & $states.context.Execution.Id`,
  ].join("; ");
}

/** A notice's parts, each a JSONata expression over `$in` and the functions above. */
export interface NoticeParts {
  /** What happened, in a word for the event's type and ID: `started`, `ended`, `refused`. */
  event: string;
  /** What the run is, for the event's type: `refresh`, `daily-run`. */
  run: string;
  /** Definitions the other parts use, `$x := ...; $y := ...` (optional). */
  given?: string;
  /** The emoji shortcode the chat shows before the headline, as AWS's examples do (`':x:'`). */
  emoji: string;
  /** One line saying what happened (the e-mail's subject, made ASCII, starts with it too). */
  headline: string;
  /** Markdown for the chat: `*bold*`, `` `code` ``, `<url|text>`, lines. */
  description: string;
  /** A list of texts: what to do next. */
  nextSteps: string;
  /** The plain e-mail's body, after the headline. */
  email: string;
  /** Words to file the notice under: the environment, the outcome. */
  keywords: string;
}

/** The SNS message of a notice: `{default: <custom notification JSON>, email: <text>}`, as text. */
function message(parts: NoticeParts): string {
  const L = NOTICE_LIMITS;
  const id = `$states.context.Execution.Name & '/' & ${literal(parts.event)}`;
  const notification = `{
    'version': '1.0',
    'source': 'custom',
    'id': ${id},
    'content': {
      'textType': 'client-markdown',
      'title': (${parts.emoji}) & ' ' & $headline,
      'description': $bound(${parts.description}, ${L.descriptionChars}),
      'nextSteps': [${parts.nextSteps}],
      'keywords': [${parts.keywords}]
    },
    'metadata': {
      'threadId': $states.context.Execution.Name,
      'summary': $headline,
      'eventType': ${literal(`datarefresh-${parts.run}-${parts.event}`)},
      'relatedResources': [$states.context.Execution.Id]
    }
  }`;
  const email = `$bound($headline & ${NL} & ${NL} & ${parts.email}, ${L.emailChars})`;
  return `$string({'default': $string(${notification}), 'email': ${email}})`;
}

/**
 * Tells the stack's run topic what happened, best effort: a JSONata Pass state computes the
 * notice into `$.notice`, a Task publishes it. A failed publish is caught: the run goes on as if
 * it had been told (a lost notice; the execution itself still says everything). The Task's result,
 * or its error, takes the notice's place in the state, so that nothing large is carried on.
 */
export function tell(
  name: string,
  parts: NoticeParts,
  model: Pick<StackModel, "partition" | "region">,
  topicArn: string,
): Flow {
  const notice = `(
    ${functions(model)};
    ${parts.given === undefined ? "" : `${parts.given};`}
    $headline := $cut(${parts.headline}, ${NOTICE_LIMITS.titleChars});
    $subject := $cut($replace('datarefresh: ' & $headline, /[^ -~]/, '?'), ${NOTICE_LIMITS.subjectChars});
    {'subject': $subject, 'message': ${message(parts)}}
  )`;
  return Flow.start()
    .compute(name, jsonata(`$merge([$states.input, {'notice': ${notice}}])`))
    .call(
      `${name}: publish it`,
      sdkCall("sns", "publish", {
        TopicArn: topicArn,
        Subject: $("$.notice.subject"),
        Message: $("$.notice.message"),
        MessageStructure: "json",
      }),
      PUBLISHED_ONCE,
      {
        ResultSelector: { messageId: $("$.MessageId") },
        ResultPath: "$.notice",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: FOLLOWING, ResultPath: "$.notice" }],
      },
    );
}
