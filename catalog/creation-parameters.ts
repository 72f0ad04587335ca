import type {
  GlobalSecondaryIndexDescription,
  KeySchemaElement,
  OnDemandThroughput,
} from "@aws-sdk/client-dynamodb";
import type { DevBilling } from "../config/catalog";
import type { TableCreation } from "../config/table-creation";
import type { ProdTable } from "./prod-table";

type Billing = Pick<TableCreation, "BillingMode" | "ProvisionedThroughput" | "OnDemandThroughput">;
type IndexCreation = NonNullable<TableCreation["GlobalSecondaryIndexes"]>[number];
type IndexThroughput = Pick<IndexCreation, "ProvisionedThroughput" | "OnDemandThroughput">;

const keys = (schema: KeySchemaElement[] | undefined): TableCreation["KeySchema"] =>
  (schema ?? []).map((k) => ({ AttributeName: k.AttributeName ?? "", KeyType: k.KeyType! }));

/** Prod's on-demand limits, where it has any (DynamoDB says -1 for none). */
function onDemandLimits(t: OnDemandThroughput | undefined): IndexThroughput {
  const read = t?.MaxReadRequestUnits ?? 0;
  const write = t?.MaxWriteRequestUnits ?? 0;
  if (read < 1 && write < 1) return {};
  return {
    OnDemandThroughput: {
      ...(read >= 1 ? { MaxReadRequestUnits: read } : {}),
      ...(write >= 1 ? { MaxWriteRequestUnits: write } : {}),
    },
  };
}

/**
 * The imported table's billing where the catalog gives none: the dev copies' own, which the
 * refresh would put back right after the import anyway (prod's capacity would be paid for during
 * the import, and may pass what the catalog takes), with prod's on-demand limits.
 */
function billingOfDev(dev: DevBilling, prod: ProdTable): Billing {
  if (dev.mode === "PROVISIONED") {
    return {
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: dev.read, WriteCapacityUnits: dev.write },
    };
  }
  return { BillingMode: "PAY_PER_REQUEST", ...onDemandLimits(prod.description.OnDemandThroughput) };
}

/**
 * An index's throughput: as the catalog wrote it where that fits the billing mode; else, for a
 * provisioned table, the dev capacity of the index or (as a refresh gives an index it does not
 * size) of the table; for an on-demand one, prod's limits.
 */
function indexThroughput(
  billing: Billing,
  dev: DevBilling,
  index: GlobalSecondaryIndexDescription,
  written: IndexCreation | undefined,
): IndexThroughput {
  const provisioned = billing.BillingMode === "PROVISIONED";
  if (written !== undefined && provisioned === (written.ProvisionedThroughput !== undefined)) {
    const { ProvisionedThroughput, OnDemandThroughput } = written;
    return {
      ...(ProvisionedThroughput === undefined ? {} : { ProvisionedThroughput }),
      ...(OnDemandThroughput === undefined ? {} : { OnDemandThroughput }),
    };
  }
  if (!provisioned) return onDemandLimits(index.OnDemandThroughput);
  const sized = dev.mode === "PROVISIONED" ? dev.indexes[index.IndexName ?? ""] : undefined;
  return {
    ProvisionedThroughput:
      sized === undefined
        ? billing.ProvisionedThroughput!
        : { ReadCapacityUnits: sized.read, WriteCapacityUnits: sized.write },
  };
}

/**
 * The dev table's encryption where the catalog gives none: a prod key cannot encrypt a table of
 * the dev account, so a table under AWS's managed key gets the dev account's (`KMS` without a key
 * ID); one under DynamoDB's own key, nothing. A customer managed key rules `s3-export` out.
 */
function encryptionOf(prod: ProdTable): Pick<TableCreation, "SSESpecification"> {
  return prod.kmsKey?.manager === "AWS"
    ? { SSESpecification: { Enabled: true, SSEType: "KMS" } }
    : {};
}

/**
 * What `ImportTable` creates the dev table with, in the SDK's names: keys, attribute definitions
 * and global secondary indexes (keys, projection) as prod has them; billing and encryption as the
 * catalog wrote them (`written`), else from the dev copies' billing and prod's encryption.
 */
export function creationParameters(
  prod: ProdTable,
  dev: DevBilling,
  written?: TableCreation,
): TableCreation {
  const table = prod.description;
  const billing: Billing =
    written === undefined
      ? billingOfDev(dev, prod)
      : {
          BillingMode: written.BillingMode,
          ...(written.ProvisionedThroughput === undefined
            ? {}
            : { ProvisionedThroughput: written.ProvisionedThroughput }),
          ...(written.OnDemandThroughput === undefined
            ? {}
            : { OnDemandThroughput: written.OnDemandThroughput }),
        };
  const encryption =
    written === undefined
      ? encryptionOf(prod)
      : written.SSESpecification === undefined
        ? {}
        : { SSESpecification: written.SSESpecification };
  const indexes = (table.GlobalSecondaryIndexes ?? []).map((g): IndexCreation => ({
    IndexName: g.IndexName ?? "",
    KeySchema: keys(g.KeySchema),
    Projection: {
      ProjectionType: g.Projection?.ProjectionType ?? "ALL",
      ...(g.Projection?.NonKeyAttributes === undefined
        ? {}
        : { NonKeyAttributes: [...g.Projection.NonKeyAttributes] }),
    },
    ...indexThroughput(
      billing,
      dev,
      g,
      written?.GlobalSecondaryIndexes?.find((w) => w.IndexName === g.IndexName),
    ),
  }));
  return {
    AttributeDefinitions: (table.AttributeDefinitions ?? []).map((a) => ({
      AttributeName: a.AttributeName ?? "",
      AttributeType: a.AttributeType!,
    })),
    KeySchema: keys(table.KeySchema),
    ...billing,
    ...(indexes.length === 0 ? {} : { GlobalSecondaryIndexes: indexes }),
    ...encryption,
  };
}
