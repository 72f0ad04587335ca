import type { TableDescription } from "@aws-sdk/client-dynamodb";
import {
  describeTable,
  keyManager,
  type KeyManager,
  type ProdClients,
  tagsOf,
  timeToLiveAttribute,
} from "./prod-reads";

/** What `catalog import` knows of a prod table. */
export interface ProdTable {
  name: string;
  description: TableDescription;
  /** The attribute TTL expires items by, where TTL is on. */
  ttlAttribute?: string;
  tags: Record<string, string>;
  /** The KMS key that encrypts the table, and whose it is; absent for DynamoDB's own key. */
  kmsKey?: { arn: string; manager: KeyManager };
}

/** Reads a prod table; undefined where it does not exist. Keys are described once each. */
export async function readProdTable(
  clients: ProdClients,
  name: string,
  keyManagers: Map<string, Promise<KeyManager>>,
): Promise<ProdTable | undefined> {
  const description = await describeTable(clients.dynamodb, name);
  if (description === undefined) return undefined;
  const [ttlAttribute, tags] = await Promise.all([
    timeToLiveAttribute(clients.dynamodb, name),
    tagsOf(clients.dynamodb, description.TableArn ?? name),
  ]);
  const sse = description.SSEDescription;
  const keyArn = sse?.SSEType === "KMS" ? sse.KMSMasterKeyArn : undefined;
  let kmsKey: ProdTable["kmsKey"];
  if (keyArn !== undefined) {
    if (!keyManagers.has(keyArn)) keyManagers.set(keyArn, keyManager(clients.kms, keyArn));
    kmsKey = { arn: keyArn, manager: await keyManagers.get(keyArn)! };
  }
  return {
    name,
    description,
    ...(ttlAttribute === undefined ? {} : { ttlAttribute }),
    tags,
    ...(kmsKey === undefined ? {} : { kmsKey }),
  };
}
