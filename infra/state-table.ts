import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The small table through which the prod side hands over its copies (`copy#<table>`, one item per
 * copy, newest last by sort key), the dev side keeps one lock per environment, and each refresh
 * records every table's outcome (`refresh#<execution ARN>`, kept 30 days).
 */
export class StateTable extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;

  constructor(
    name: string,
    args: { readonly tableName: string },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("datarefresh:dynamodb:StateTable", name, {}, opts);
    this.table = new aws.dynamodb.Table(
      name,
      {
        name: args.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
        // Each refresh's outcomes expire (asl/machines/record-outcome.ts); copies and locks do not.
        ttl: { attributeName: "expiresAt", enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
      },
      { parent: this },
    );
    this.registerOutputs({ tableArn: this.table.arn });
  }
}
