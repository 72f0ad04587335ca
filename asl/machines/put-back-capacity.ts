import type { StackModel } from "../../config/model";
import { Condition } from "../conditions";
import { Flow, when } from "../flow";
import { jsonata } from "../jsonata";
import { $ } from "../paths";
import { sdkCall } from "../sdk";
import { changeTable, TARGET } from "./table-ops";

const BILLING = "$.described.Table.BillingModeSummary.BillingMode";
// DynamoDB may leave BillingModeSummary out for a provisioned table; a Choice on a missing path fails.
const ON_DEMAND = Condition.and(
  Condition.isPresent(BILLING),
  Condition.stringEquals(BILLING, "PAY_PER_REQUEST"),
);
const CAPACITY_AS_WANTED = Condition.and(
  Condition.isPresent("$.described.Table.ProvisionedThroughput.ReadCapacityUnits"),
  Condition.numberEqualsPath(
    "$.described.Table.ProvisionedThroughput.ReadCapacityUnits",
    "$.settings.capacity.read",
  ),
  Condition.numberEqualsPath(
    "$.described.Table.ProvisionedThroughput.WriteCapacityUnits",
    "$.settings.capacity.write",
  ),
);
const PROVISIONED_AS_WANTED = Condition.and(Condition.not(ON_DEMAND), CAPACITY_AS_WANTED);

/**
 * Every global secondary index of the restored table, with the capacity the catalog gives it or,
 * where it names none, the table's: leaving on-demand takes the capacity of every index in the
 * same call (UpdateTable), and the table's indexes are only known from DescribeTable.
 */
const INDEXES_FOR_PROVISIONED = `$merge([$states.input, {'switch': (
  $gsis := $states.input.described.Table.GlobalSecondaryIndexes;
  $named := $states.input.settings.indexUpdates;
  $count($gsis) > 0 ? {'indexUpdates': [$map($gsis, function($g) { {'Update': {
    'IndexName': $g.IndexName,
    'ProvisionedThroughput': (
      $c := $named[Update.IndexName = $g.IndexName].Update.ProvisionedThroughput;
      $exists($c) ? $c : {
        'ReadCapacityUnits': $states.input.settings.capacity.read,
        'WriteCapacityUnits': $states.input.settings.capacity.write
      }
    )
  }} })]} : {}
)}])`;

/**
 * The indexes the catalog sizes whose capacity differs from what DescribeTable says, as one
 * UpdateTable's `GlobalSecondaryIndexUpdates` (DynamoDB refuses an update that changes nothing).
 */
const DIFFERING_INDEXES = `[$states.input.settings.indexUpdates[(
  $u := Update;
  $now := $states.input.described.Table.GlobalSecondaryIndexes[IndexName = $u.IndexName].ProvisionedThroughput;
  $not($now.ReadCapacityUnits = $u.ProvisionedThroughput.ReadCapacityUnits and $now.WriteCapacityUnits = $u.ProvisionedThroughput.WriteCapacityUnits)
)]]`;

const INDEXES_TO_SIZE = `$merge([$states.input, {'resize': (
  $differing := ${DIFFERING_INDEXES};
  $count($differing) > 0 ? {'indexUpdates': $differing} : {}
)}])`;

/** Whether every index the catalog sizes has its capacity, after a refused update. */
const INDEXES_SIZED = `$count(${DIFFERING_INDEXES}) = 0`;

/**
 * Billing mode and capacity as the catalog wants them, one change per call: on-demand, or
 * provisioned with the catalog's capacity for the table and its indexes. Goes on to `next`; an
 * error ends in `onError`.
 */
export function putBackCapacity(model: StackModel, next: string, onError: string): Flow {
  const provisioned = {
    ReadCapacityUnits: $("$.settings.capacity.read"),
    WriteCapacityUnits: $("$.settings.capacity.write"),
  };
  return Flow.start()
    .choice(
      "On-demand wanted?",
      [when(Condition.isPresent("$.settings.capacity"), "Is it on demand now?")],
      { Default: "Is it on demand?" },
    )
    .choice("Is it on demand?", [when(ON_DEMAND, next)], { Default: "Switch to on-demand" })
    .then(
      changeTable(
        model,
        "Switch to on-demand",
        sdkCall("dynamodb", "updateTable", { TableName: TARGET(), BillingMode: "PAY_PER_REQUEST" }),
        onError,
        { inEffect: ON_DEMAND },
      ),
    )
    .pass("On demand", { Next: next })
    .choice("Is it on demand now?", [when(ON_DEMAND, "Size the indexes for provisioned")], {
      Default: "Is the table's capacity right?",
    })
    .compute("Size the indexes for provisioned", jsonata(INDEXES_FOR_PROVISIONED))
    .choice(
      "Has it indexes to provision?",
      [
        when(
          Condition.isPresent("$.switch.indexUpdates"),
          "Switch to provisioned with its indexes",
        ),
      ],
      { Default: "Switch to provisioned" },
    )
    .then(
      changeTable(
        model,
        "Switch to provisioned with its indexes",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: provisioned,
          GlobalSecondaryIndexUpdates: $("$.switch.indexUpdates"),
        }),
        onError,
        { inEffect: PROVISIONED_AS_WANTED },
      ),
    )
    .pass("Provisioned with indexes", { Next: next })
    .then(
      changeTable(
        model,
        "Switch to provisioned",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: provisioned,
        }),
        onError,
        { inEffect: PROVISIONED_AS_WANTED },
      ),
    )
    .pass("Provisioned", { Next: next })
    .choice(
      "Is the table's capacity right?",
      [when(CAPACITY_AS_WANTED, "Which indexes to size?")],
      {
        Default: "Set the table's capacity",
      },
    )
    .then(
      changeTable(
        model,
        "Set the table's capacity",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          ProvisionedThroughput: provisioned,
        }),
        onError,
        { inEffect: CAPACITY_AS_WANTED },
      ),
    )
    .compute("Which indexes to size?", jsonata(INDEXES_TO_SIZE))
    .choice(
      "Indexes to size?",
      [when(Condition.isPresent("$.resize.indexUpdates"), "Size the indexes")],
      { Default: next },
    )
    .then(
      changeTable(
        model,
        "Size the indexes",
        sdkCall("dynamodb", "updateTable", {
          TableName: TARGET(),
          GlobalSecondaryIndexUpdates: $("$.resize.indexUpdates"),
        }),
        onError,
        { inEffect: Condition.booleanEquals("$.check.inEffect", true), verdict: INDEXES_SIZED },
      ),
    )
    .pass("Indexes sized", { Next: next });
}
