import { TABLE_TIMES } from "../stack/job-rates";
import { AwsError, unmodelled } from "./aws-error";
import type { AttributeValue, Item } from "./item";
import { VersionedItems } from "./versioned-items";

export type KeySchema = { AttributeName: string; KeyType: "HASH" | "RANGE" }[];

/** A global secondary index's keys and projection, as DescribeTable gives them. */
export interface IndexShape {
  KeySchema: KeySchema;
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
}

/** The shapes of indexes given as CreateTable and ImportTable take them, by name. */
export function indexShapesOf(
  indexes: readonly (IndexShape & { IndexName: string })[],
): Record<string, IndexShape> {
  return Object.fromEntries(
    indexes.map((g) => [
      g.IndexName,
      { KeySchema: structuredClone(g.KeySchema), Projection: structuredClone(g.Projection) },
    ]),
  );
}

/** The schema a backup keeps and a restore brings back. */
export interface TableSchema {
  keySchema: KeySchema;
  /** AttributeDefinitions; where not given, each key attribute of the table as a string. */
  attributes?: { AttributeName: string; AttributeType: string }[];
  globalIndexes: string[];
  /** Keys and projection of global secondary indexes; where not given, the table's key and ALL. */
  indexShapes?: Record<string, IndexShape>;
  localIndexes: string[];
}

export interface Capacity {
  read: number;
  write: number;
}

/** A DynamoDB table of the simulation: what DescribeTable shows, and when its status changes. */
export interface SimTable {
  name: string;
  arn: string;
  schema: TableSchema;
  billing: "PAY_PER_REQUEST" | "PROVISIONED";
  capacity: Capacity;
  indexCapacity: Record<string, Capacity>;
  stream?: string;
  ttlAttribute?: string;
  /** Until when the last UpdateTimeToLive is still being processed. */
  ttlChangingUntil?: number;
  tags: Record<string, string>;
  deletionProtection: boolean;
  pitr: boolean;
  /** When point-in-time recovery was last turned on (else: since the table was created). */
  pitrSince?: number;
  sizeGb: number;
  itemCount: number;
  status: "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";
  /** When the current status gives way: to ACTIVE, or (DELETING) to no table at all. */
  settlesAt: number;
  /** The table goes when it settles, as one a failed import was creating does. */
  vanishes?: boolean;
  createdAt: number;
  capacityDecreases: number[];
}

export type { AttributeValue, Item } from "./item";

/** How long DynamoDB takes, at most, to process a change of TTL (API_UpdateTimeToLive.html). */
export const TTL_CHANGE_SECONDS = 3600;

/** Seconds DynamoDB takes for control-plane changes in the simulation. */

const UNCHANGED =
  "The provisioned throughput for the table will not change. The requested value equals the current value.";

/** One account's DynamoDB: control plane for tables, and items for the small state table. */
export class DynamoDbSim {
  readonly tables = new Map<string, SimTable>();
  readonly items = new Map<string, VersionedItems>();

  constructor(
    readonly account: string,
    private readonly arnOf: (name: string) => string,
  ) {}

  /** Brings statuses up to `now`. */
  settle(now: number): void {
    for (const table of [...this.tables.values()]) {
      if (table.status === "ACTIVE" || now < table.settlesAt) continue;
      if (table.status === "DELETING" || table.vanishes) this.tables.delete(table.name);
      else table.status = "ACTIVE";
    }
  }

  createTable(
    now: number,
    table: Omit<SimTable, "arn" | "status" | "settlesAt" | "createdAt" | "capacityDecreases">,
    readyAt: number,
  ): SimTable {
    const created: SimTable = {
      ...table,
      arn: this.arnOf(table.name),
      status: readyAt > now ? "CREATING" : "ACTIVE",
      settlesAt: readyAt,
      createdAt: now,
      capacityDecreases: [],
    };
    this.tables.set(table.name, created);
    return created;
  }

  /** A table that exists now, or ResourceNotFoundException. */
  table(now: number, name: string): SimTable {
    this.settle(now);
    const table = this.tables.get(name);
    if (table === undefined) {
      throw new AwsError(
        "dynamodb",
        "ResourceNotFoundException",
        `Requested resource not found: Table: ${name} not found`,
      );
    }
    return table;
  }

  describeTable(now: number, name: string) {
    const t = this.table(now, name);
    return {
      Table: {
        TableName: t.name,
        TableArn: t.arn,
        TableStatus: t.status,
        KeySchema: t.schema.keySchema,
        AttributeDefinitions:
          t.schema.attributes ??
          t.schema.keySchema.map((k) => ({ AttributeName: k.AttributeName, AttributeType: "S" })),
        CreationDateTime: new Date(t.createdAt * 1000).toISOString(),
        BillingModeSummary: { BillingMode: t.billing },
        ProvisionedThroughput: {
          ReadCapacityUnits: t.billing === "PROVISIONED" ? t.capacity.read : 0,
          WriteCapacityUnits: t.billing === "PROVISIONED" ? t.capacity.write : 0,
        },
        GlobalSecondaryIndexes: t.schema.globalIndexes.map((IndexName) => ({
          IndexName,
          ...(t.schema.indexShapes?.[IndexName] ?? {
            KeySchema: t.schema.keySchema,
            Projection: { ProjectionType: "ALL" },
          }),
          IndexStatus: t.status === "UPDATING" ? "UPDATING" : "ACTIVE",
          ProvisionedThroughput: {
            ReadCapacityUnits: t.indexCapacity[IndexName]?.read ?? 0,
            WriteCapacityUnits: t.indexCapacity[IndexName]?.write ?? 0,
          },
        })),
        LocalSecondaryIndexes: t.schema.localIndexes.map((IndexName) => ({ IndexName })),
        ...(t.stream === undefined
          ? {}
          : { StreamSpecification: { StreamEnabled: true, StreamViewType: t.stream } }),
        DeletionProtectionEnabled: t.deletionProtection,
        TableSizeBytes: Math.round(t.sizeGb * 1e9),
        ItemCount: t.itemCount,
      },
    };
  }

  private active(now: number, name: string): SimTable {
    const t = this.table(now, name);
    if (t.status !== "ACTIVE") {
      throw new AwsError(
        "dynamodb",
        "ResourceInUseException",
        `Attempt to change a resource which is still in use: Table ${name} is being ${t.status.toLowerCase()}`,
      );
    }
    return t;
  }

  deleteTable(now: number, name: string) {
    const t = this.active(now, name);
    if (t.deletionProtection) {
      throw unmodelled(
        "dynamodb",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
      );
    }
    t.status = "DELETING";
    t.settlesAt = now + TABLE_TIMES.delete;
    return { TableDescription: { TableName: name, TableStatus: "DELETING" } };
  }

  /**
   * One kind of change per call, as DynamoDB takes it: billing (with capacity when leaving
   * on-demand), capacity, index capacity, stream, or deletion protection alone.
   */
  updateTable(now: number, p: UpdateTableParams) {
    const t = this.active(now, p.TableName);
    const kinds = [
      p.BillingMode !== undefined,
      p.BillingMode === undefined && p.ProvisionedThroughput !== undefined,
      p.BillingMode === undefined && p.GlobalSecondaryIndexUpdates !== undefined,
      p.StreamSpecification !== undefined,
      p.DeletionProtectionEnabled !== undefined,
    ].filter(Boolean).length;
    if (kinds === 0)
      throw unmodelled("dynamodb", "At least one of the table's settings must change");
    if (p.DeletionProtectionEnabled !== undefined && kinds > 1) {
      throw unmodelled(
        "dynamodb",
        "DeletionProtectionEnabled must be the only change in its request",
      );
    }
    if (p.StreamSpecification !== undefined && kinds > 1) {
      throw unmodelled("dynamodb", "You cannot modify stream status while updating table IOPS");
    }
    if (p.BillingMode !== undefined) this.changeBilling(now, t, p);
    else if (p.ProvisionedThroughput !== undefined)
      this.changeCapacity(now, t, p.ProvisionedThroughput);
    else if (p.GlobalSecondaryIndexUpdates !== undefined)
      this.changeIndexes(now, t, p.GlobalSecondaryIndexUpdates, false);
    else if (p.StreamSpecification !== undefined) {
      t.stream = p.StreamSpecification.StreamEnabled
        ? p.StreamSpecification.StreamViewType
        : undefined;
    } else if (p.DeletionProtectionEnabled !== undefined) {
      t.deletionProtection = p.DeletionProtectionEnabled;
    }
    t.status = "UPDATING";
    t.settlesAt = now + TABLE_TIMES.update;
    return { TableDescription: { TableName: t.name, TableStatus: "UPDATING" } };
  }

  private changeBilling(now: number, t: SimTable, p: UpdateTableParams): void {
    if (p.BillingMode === "PAY_PER_REQUEST") {
      t.billing = "PAY_PER_REQUEST";
      return;
    }
    if (p.ProvisionedThroughput === undefined) {
      throw unmodelled(
        "dynamodb",
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
      );
    }
    if (t.billing === "PAY_PER_REQUEST") {
      const given = new Set((p.GlobalSecondaryIndexUpdates ?? []).map((u) => u.Update?.IndexName));
      const missing = t.schema.globalIndexes.find((index) => !given.has(index));
      if (missing !== undefined) {
        throw unmodelled(
          "dynamodb",
          `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${missing}`,
        );
      }
    }
    t.billing = "PROVISIONED";
    this.setCapacity(now, t, p.ProvisionedThroughput, t.capacity);
    if (p.GlobalSecondaryIndexUpdates !== undefined)
      this.changeIndexes(now, t, p.GlobalSecondaryIndexUpdates, true);
  }

  private changeCapacity(now: number, t: SimTable, throughput: Throughput): void {
    if (t.billing !== "PROVISIONED") {
      throw unmodelled(
        "dynamodb",
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    }
    if (
      throughput.ReadCapacityUnits === t.capacity.read &&
      throughput.WriteCapacityUnits === t.capacity.write
    ) {
      throw unmodelled("dynamodb", UNCHANGED);
    }
    this.setCapacity(now, t, throughput, t.capacity);
  }

  private changeIndexes(
    now: number,
    t: SimTable,
    updates: IndexUpdate[],
    switching: boolean,
  ): void {
    for (const update of updates) {
      const name = update.Update?.IndexName ?? "";
      if (!t.schema.globalIndexes.includes(name)) {
        throw new AwsError(
          "dynamodb",
          "ResourceNotFoundException",
          `Requested resource not found: Index: ${name} not found`,
        );
      }
      const current = t.indexCapacity[name] ?? { read: 0, write: 0 };
      const wanted = update.Update!.ProvisionedThroughput;
      if (
        !switching &&
        wanted.ReadCapacityUnits === current.read &&
        wanted.WriteCapacityUnits === current.write
      ) {
        throw unmodelled("dynamodb", UNCHANGED);
      }
      const next = { read: current.read, write: current.write };
      this.setCapacity(now, t, wanted, next);
      t.indexCapacity[name] = next;
    }
  }

  /** Applies a capacity, counting decreases: 4 in a table's first hour, then one an hour. */
  private setCapacity(now: number, t: SimTable, wanted: Throughput, into: Capacity): void {
    const decrease = wanted.ReadCapacityUnits < into.read || wanted.WriteCapacityUnits < into.write;
    if (decrease) {
      const last = t.capacityDecreases.at(-1);
      const allowed = t.capacityDecreases.length < 4 || (last !== undefined && now - last >= 3600);
      if (!allowed) {
        throw new AwsError(
          "dynamodb",
          "LimitExceededException",
          `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day (table ${t.name})`,
        );
      }
      t.capacityDecreases.push(now);
    }
    into.read = wanted.ReadCapacityUnits;
    into.write = wanted.WriteCapacityUnits;
  }

  /**
   * A change of TTL takes up to an hour to process, and another UpdateTimeToLive for the table
   * within that hour is refused with a ValidationException (API_UpdateTimeToLive.html): the
   * simulation takes the whole hour.
   */
  updateTimeToLive(now: number, name: string, spec: { Enabled: boolean; AttributeName: string }) {
    const t = this.table(now, name);
    if (t.ttlChangingUntil !== undefined && now < t.ttlChangingUntil)
      throw unmodelled(
        "dynamodb",
        "Time to live has been modified multiple times within a fixed interval",
      );
    t.ttlAttribute = spec.Enabled ? spec.AttributeName : undefined;
    t.ttlChangingUntil = now + TTL_CHANGE_SECONDS;
    return { TimeToLiveSpecification: spec };
  }

  describeTimeToLive(now: number, name: string) {
    const t = this.table(now, name);
    const changing = t.ttlChangingUntil !== undefined && now < t.ttlChangingUntil;
    if (t.ttlAttribute === undefined)
      return { TimeToLiveDescription: { TimeToLiveStatus: changing ? "DISABLING" : "DISABLED" } };
    return {
      TimeToLiveDescription: {
        AttributeName: t.ttlAttribute,
        TimeToLiveStatus: changing ? "ENABLING" : "ENABLED",
      },
    };
  }

  tagResource(now: number, arn: string, tags: { Key: string; Value: string }[]) {
    const t = [...this.tables.values()].find((x) => x.arn === arn);
    if (t === undefined)
      throw new AwsError(
        "dynamodb",
        "ResourceNotFoundException",
        `Requested resource not found: ${arn}`,
      );
    this.table(now, t.name);
    for (const { Key, Value } of tags) {
      if (Value.length > 256)
        throw unmodelled("dynamodb", `Tag value exceeds 256 characters: ${Key}`);
      t.tags[Key] = Value;
    }
    return {};
  }

  // Items, for the state table: only the expressions the machines use are understood.

  private itemTable(now: number, name: string): VersionedItems {
    this.table(now, name);
    let items = this.items.get(name);
    if (items === undefined) this.items.set(name, (items = new VersionedItems()));
    return items;
  }

  putItem(now: number, p: ItemParams & { Item: Item }) {
    refuseEmptyValues(p.Item);
    const items = this.itemTable(now, p.TableName);
    const key = itemKey(p.Item);
    checkCondition(p, items.at(now, key));
    items.write(now, key, p.Item);
    return {};
  }

  getItem(now: number, p: { TableName: string; Key: Item }) {
    const item = this.itemTable(now, p.TableName).at(now, itemKey(p.Key));
    return item === undefined ? {} : { Item: item };
  }

  deleteItem(now: number, p: ItemParams & { Key: Item }) {
    const items = this.itemTable(now, p.TableName);
    const key = itemKey(p.Key);
    checkCondition(p, items.at(now, key));
    items.write(now, key, undefined);
    return {};
  }

  query(now: number, p: QueryParams) {
    const items = this.itemTable(now, p.TableName).all(now);
    const values = p.ExpressionAttributeValues;
    const match = /^pk = (:\w+)(?: AND begins_with\(sk, (:\w+)\))?$/.exec(p.KeyConditionExpression);
    if (match === null)
      throw unmodelled(
        "dynamodb",
        `simulation does not understand KeyConditionExpression ${p.KeyConditionExpression}`,
      );
    const pk = values[match[1]!]?.S;
    const prefix = match[2] === undefined ? undefined : values[match[2]]?.S;
    const found = items
      .filter((i) => i.pk?.S === pk && (prefix === undefined || (i.sk?.S ?? "").startsWith(prefix)))
      .sort((a, b) => ((a.sk?.S ?? "") < (b.sk?.S ?? "") ? -1 : 1));
    if (p.ScanIndexForward === false) found.reverse();
    const page = p.Limit === undefined ? found : found.slice(0, p.Limit);
    return { Items: page, Count: page.length, ScannedCount: page.length };
  }
}

/** Where the simulation keeps an item: its `pk` and `sk`, the only keys its item calls understand. */
export function itemKey(item: Item): string {
  return `${item.pk?.S ?? ""}\u0000${item.sk?.S ?? ""}`;
}

function checkCondition(p: ItemParams, existing: Item | undefined): void {
  const expression = p.ConditionExpression;
  if (expression === undefined) return;
  const failed = () =>
    new AwsError("dynamodb", "ConditionalCheckFailedException", "The conditional request failed");
  if (expression === "attribute_not_exists(pk)") {
    if (existing !== undefined) throw failed();
    return;
  }
  const equals = /^(\w+) = (:\w+)$/.exec(expression);
  if (equals === null)
    throw unmodelled(
      "dynamodb",
      `simulation does not understand ConditionExpression ${expression}`,
    );
  const wanted = p.ExpressionAttributeValues?.[equals[2]!];
  if (wanted === undefined)
    throw new AwsError(
      "dynamodb",
      "ValidationException",
      `Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: ${equals[2]}`,
    );
  if (existing === undefined || existing[equals[1]!]?.S !== wanted.S) throw failed();
}

/** The data types an AttributeValue may hold, one of them (API_AttributeValue.html). */
const DATA_TYPES = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];

/** DynamoDB refuses an item with an attribute value of no data type, or of two. */
function refuseEmptyValues(item: Item): void {
  for (const value of Object.values(item)) {
    const types = Object.keys(value);
    if (types.length !== 1 || !DATA_TYPES.includes(types[0]!))
      throw new AwsError(
        "dynamodb",
        "ValidationException",
        "One or more parameter values were invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
      );
  }
}

interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

interface IndexUpdate {
  Update?: { IndexName: string; ProvisionedThroughput: Throughput };
}

export interface UpdateTableParams {
  TableName: string;
  BillingMode?: "PAY_PER_REQUEST" | "PROVISIONED";
  ProvisionedThroughput?: Throughput;
  GlobalSecondaryIndexUpdates?: IndexUpdate[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  DeletionProtectionEnabled?: boolean;
}

interface ItemParams {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

interface QueryParams {
  TableName: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, AttributeValue>;
  ScanIndexForward?: boolean;
  Limit?: number;
}
