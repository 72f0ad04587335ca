import type { TableCreationParameters } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { strictObject, wholeNumber } from "./zod-helpers";

const attributeName = z.string().min(1).max(255);
const capacityUnits = wholeNumber(1, 40000);

const provisionedThroughput = strictObject({
  ReadCapacityUnits: capacityUnits,
  WriteCapacityUnits: capacityUnits,
});

const onDemandThroughput = strictObject({
  MaxReadRequestUnits: wholeNumber(1).optional(),
  MaxWriteRequestUnits: wholeNumber(1).optional(),
});

const keySchema = z
  .array(
    strictObject({
      AttributeName: attributeName,
      KeyType: z.enum(["HASH", "RANGE"], { error: "expected HASH or RANGE" }),
    }),
    { error: "expected [{AttributeName, KeyType: HASH}] and at most one RANGE element" },
  )
  .min(1, { error: "expected a HASH key" })
  .max(2, { error: "expected at most a HASH and a RANGE key" })
  .refine(
    (keys) => keys[0]?.KeyType === "HASH" && keys.slice(1).every((k) => k.KeyType === "RANGE"),
    {
      error: "expected the HASH key first, then at most one RANGE key",
    },
  );

const KNOWN_KEYS =
  "AttributeDefinitions, KeySchema, BillingMode, ProvisionedThroughput, OnDemandThroughput, GlobalSecondaryIndexes, SSESpecification";

/**
 * What `ImportTable` needs to create a dev table, in the SDK's own shape and names, without
 * `TableName` (each environment's target name is filled in by the restore machine). There is no
 * place for local secondary indexes: DynamoDB import cannot create them.
 */
export const tableCreationSchema = z
  .strictObject(
    {
      AttributeDefinitions: z
        .array(
          strictObject({
            AttributeName: attributeName,
            AttributeType: z.enum(["S", "N", "B"], { error: "expected S, N or B" }),
          }),
          { error: "expected [{AttributeName, AttributeType}]" },
        )
        .min(1, { error: "define at least the key attributes" }),
      KeySchema: keySchema,
      BillingMode: z.enum(["PAY_PER_REQUEST", "PROVISIONED"], {
        error: "expected PAY_PER_REQUEST or PROVISIONED",
      }),
      ProvisionedThroughput: provisionedThroughput.optional(),
      OnDemandThroughput: onDemandThroughput.optional(),
      GlobalSecondaryIndexes: z
        .array(
          strictObject({
            IndexName: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, {
              error: "expected an index name: 3 to 255 of a-z A-Z 0-9 _ - .",
            }),
            KeySchema: keySchema,
            Projection: strictObject({
              ProjectionType: z.enum(["ALL", "KEYS_ONLY", "INCLUDE"], {
                error: "expected ALL, KEYS_ONLY or INCLUDE",
              }),
              NonKeyAttributes: z.array(attributeName).optional(),
            }),
            ProvisionedThroughput: provisionedThroughput.optional(),
            OnDemandThroughput: onDemandThroughput.optional(),
          }),
        )
        .optional(),
      SSESpecification: strictObject({
        Enabled: z.boolean().optional(),
        SSEType: z.enum(["AES256", "KMS"], { error: "expected AES256 or KMS" }).optional(),
        KMSMasterKeyId: z.string().min(1).optional(),
      }).optional(),
    },
    {
      error: (issue) => {
        if (issue.code !== "unrecognized_keys") return undefined;
        return issue.keys.includes("LocalSecondaryIndexes")
          ? "DynamoDB import from S3 cannot create local secondary indexes: use method: backup for a table that has them"
          : `unknown key; expected one of: ${KNOWN_KEYS}`;
      },
    },
  )
  .superRefine((params, ctx) => {
    const defined = new Set(params.AttributeDefinitions.map((a) => a.AttributeName));
    const keys = [
      ...params.KeySchema.map((k, i) => ({ k, path: ["KeySchema", i, "AttributeName"] })),
      ...(params.GlobalSecondaryIndexes ?? []).flatMap((gsi, g) =>
        gsi.KeySchema.map((k, i) => ({
          k,
          path: ["GlobalSecondaryIndexes", g, "KeySchema", i, "AttributeName"],
        })),
      ),
    ];
    for (const { k, path } of keys) {
      if (!defined.has(k.AttributeName)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `"${k.AttributeName}" is a key attribute: define it in AttributeDefinitions`,
        });
      }
    }
    const provisioned = params.BillingMode === "PROVISIONED";
    if (provisioned && params.ProvisionedThroughput === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ProvisionedThroughput"],
        message:
          "BillingMode PROVISIONED needs ProvisionedThroughput {ReadCapacityUnits, WriteCapacityUnits}",
      });
    }
    if (!provisioned && params.ProvisionedThroughput !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ProvisionedThroughput"],
        message: "is only for BillingMode PROVISIONED",
      });
    }
    (params.GlobalSecondaryIndexes ?? []).forEach((gsi, g) => {
      if (provisioned !== (gsi.ProvisionedThroughput !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["GlobalSecondaryIndexes", g, "ProvisionedThroughput"],
          message: provisioned
            ? "BillingMode PROVISIONED needs each index's ProvisionedThroughput"
            : "is only for BillingMode PROVISIONED",
        });
      }
    });
  });

export type TableCreation = z.infer<typeof tableCreationSchema>;

/** The SDK's type is the contract: a field this schema spells differently does not compile. */
export type ImportedTableParameters = Omit<TableCreationParameters, "TableName">;
const sdkShaped: (parameters: TableCreation) => ImportedTableParameters = (parameters) =>
  parameters;
void sdkShaped;
