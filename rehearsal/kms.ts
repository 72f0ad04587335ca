import type { PolicyDocument } from "../policies/document";

/** A customer managed key of the simulation, with its key policy. */
export interface SimKey {
  arn: string;
  policy: PolicyDocument;
  /** Its aliases, as `kms:ResourceAliases` gives them. */
  aliases: string[];
}

/** One account's KMS keys, by ARN and by alias (`alias/name`). */
export class KeyRing {
  private readonly keys = new Map<string, SimKey>();
  private readonly aliases = new Map<string, string>();

  /** `arnPrefix`: `arn:<partition>:kms:<region>:<account>`. */
  constructor(
    readonly account: string,
    private readonly arnPrefix: string,
  ) {}

  /** Creates a key named after its alias (`key/<alias name>`), or replaces that key's policy. */
  add(alias: string, policy: PolicyDocument): SimKey {
    const key = {
      arn: `${this.arnPrefix}:key/${alias.replace(/^alias\//, "")}`,
      policy,
      aliases: [alias],
    };
    this.keys.set(key.arn, key);
    this.aliases.set(alias, key.arn);
    return key;
  }

  /**
   * The AWS managed key of a service (`alias/aws/s3`), made on first use as AWS does: any principal
   * of this account may use it through that service; no other account may.
   */
  managed(service: string): SimKey {
    const alias = `alias/aws/${service}`;
    const region = this.arnPrefix.split(":")[3];
    return (
      this.resolve(alias) ??
      this.add(alias, {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
              StringEquals: {
                "kms:CallerAccount": this.account,
                "kms:ViaService": `${service}.${region}.amazonaws.com`,
              },
            },
          },
        ],
      })
    );
  }

  /** The key a key ARN, an alias ARN or an `alias/name` of this account names. */
  resolve(id: string): SimKey | undefined {
    const local = id.startsWith(`${this.arnPrefix}:`) ? id.slice(this.arnPrefix.length + 1) : id;
    const arn = local.startsWith("alias/") ? this.aliases.get(local) : `${this.arnPrefix}:${local}`;
    return arn === undefined ? undefined : this.keys.get(arn);
  }
}
