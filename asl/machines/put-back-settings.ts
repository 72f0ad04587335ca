import type { StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata } from "../jsonata";
import { $ } from "../paths";
import { sdkCall } from "../sdk";
import { catchAll } from "./jobs";
import { changeTable, TARGET, WAIT_WHILE_BUSY } from "./table-ops";

/**
 * What DynamoDB takes in a tag value, in characters that mean the same to every JSONata: letters
 * and digits of ASCII, space, `+ - = . _ : /` (TaggingRestrictions.html also allows letters of
 * other alphabets; they become `-` here). A value becomes a tag after this, cut to 256.
 */
const TAG_VALUE = (path: string) =>
  `$substring($replace($string(${path}), /[^A-Za-z0-9 +=._:\\/-]/, '-'), 0, 256)`;

/**
 * The dev table's tags, in one TagResource call (DynamoDB allows five a second in an account):
 * the catalog's, and four that say where the table came from. Every value is made a valid tag
 * value here, so that no refresh fails at its last step on a requester's name.
 */
const TAGS = `$merge([$states.input, {'tags': $append(
  $exists($states.input.settings.tags) ? $states.input.settings.tags : [],
  [
    {'Key': 'datarefresh:source-table', 'Value': ${TAG_VALUE("$states.input.table")}},
    {'Key': $states.input.copy.sourceTag.Key, 'Value': ${TAG_VALUE("$states.input.copy.sourceTag.Value")}},
    {'Key': 'datarefresh:requested-by', 'Value': ${TAG_VALUE("$states.input.requestedBy")}},
    {'Key': 'datarefresh:execution', 'Value': ${TAG_VALUE("$states.input.parentExecution")}}
  ]
)}])`;

/** Streams, TTL, deletion protection and tags: what a restore drops. Errors end in `onError`. */
export function putBackSettings(model: StackModel, onError: string): Flow {
  const ttlOn = Condition.and(
    Condition.isPresent("$.ttl.TimeToLiveDescription.AttributeName"),
    Condition.stringEqualsPath("$.ttl.TimeToLiveDescription.AttributeName", "$.settings.ttl"),
    Condition.stringIn("$.ttl.TimeToLiveDescription.TimeToLiveStatus", ["ENABLED", "ENABLING"]),
  );
  return Flow.start()
    .choice(
      "Stream wanted?",
      [when(Condition.isPresent("$.settings.stream"), "Turn the stream on")],
      {
        Default: "TTL wanted?",
      },
    )
    .then(
      changeTable(
        model,
        "Turn the stream on",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          StreamSpecification: { StreamEnabled: true, StreamViewType: $("$.settings.stream") },
        }),
        onError,
        {
          inEffect: Condition.and(
            Condition.isPresent("$.described.Table.StreamSpecification.StreamViewType"),
            Condition.stringEqualsPath(
              "$.described.Table.StreamSpecification.StreamViewType",
              "$.settings.stream",
            ),
          ),
        },
      ),
    )
    .choice("TTL wanted?", [when(Condition.isPresent("$.settings.ttl"), "Turn TTL on")], {
      Default: "Protection wanted?",
    })
    .call(
      "Turn TTL on",
      sdkCall("dynamodb", "updateTimeToLive", {
        TableName: TARGET(),
        TimeToLiveSpecification: { Enabled: true, AttributeName: $("$.settings.ttl") },
      }),
      "checked",
      {
        ResultPath: null,
        Retry: [WAIT_WHILE_BUSY],
        Catch: [
          {
            ErrorEquals: ["DynamoDb.DynamoDbException"],
            Next: "Check: TTL",
            ResultPath: "$.error",
          },
          catchAll(onError),
        ],
        Next: "Protection wanted?",
      },
    )
    .call(
      "Check: TTL",
      sdkCall("dynamodb", "describeTimeToLive", { TableName: TARGET() }),
      "read",
      {
        ResultPath: "$.ttl",
        Catch: [{ ...catchAll(onError), ResultPath: null }],
      },
    )
    .choice("In effect: TTL?", [when(ttlOn, "Protection wanted?")], { Default: onError })
    .choice(
      "Protection wanted?",
      [when(Condition.isPresent("$.settings.deletionProtection"), "Turn deletion protection on")],
      { Default: "Gather the tags" },
    )
    .then(
      changeTable(
        model,
        "Turn deletion protection on",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          DeletionProtectionEnabled: true,
        }),
        onError,
        {
          inEffect: Condition.and(
            Condition.isPresent("$.described.Table.DeletionProtectionEnabled"),
            Condition.booleanEquals("$.described.Table.DeletionProtectionEnabled", true),
          ),
        },
      ),
    )
    .compute("Gather the tags", jsonata(TAGS))
    .call(
      "Tag the table",
      sdkCall("dynamodb", "tagResource", {
        ResourceArn: $("$.described.Table.TableArn"),
        Tags: $("$.tags"),
      }),
      "same",
      { ResultPath: null, Catch: [catchAll(onError)] },
    );
}
