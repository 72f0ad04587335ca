import { type CopyMethod, type DevBilling, devBillingSchema } from "../config/catalog";
import { type TableCreation, tableCreationSchema } from "../config/table-creation";
import type { CatalogChange, FieldChange } from "./changes";
import { creationParameters } from "./creation-parameters";
import { type MethodChoice, s3ExportRuledOut } from "./method";
import type { ProdTable } from "./prod-table";
import type { CatalogEdit } from "./yaml-edits";

/** A prod table as `catalog import` enters it. */
export interface ImportedTable {
  prod: ProdTable;
  sizeGb: number;
  recommended: MethodChoice;
}

/** The keys of an entry, in the order `catalog import` writes them. */
const ENTRY_KEYS = [
  "name",
  "method",
  "sizeGb",
  "localSecondaryIndexes",
  "tableCreationParameters",
  "dev",
] as const;
/** The keys of `tableCreationParameters`, in the SDK's order. */
const CREATION_KEYS = [
  "AttributeDefinitions",
  "KeySchema",
  "BillingMode",
  "ProvisionedThroughput",
  "OnDemandThroughput",
  "GlobalSecondaryIndexes",
  "SSESpecification",
] as const;

const before = <K extends string>(keys: readonly K[], key: K) => keys.slice(0, keys.indexOf(key));

/** A value's JSON with keys and list items in one order: the same text for the same content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(",")}}`;
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

type Entry = Record<string, unknown>;
const isEntry = (value: unknown): value is Entry =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What a catalog holds, as far as `catalog import` needs to know: each entry, by its index. */
export function entriesOf(catalog: unknown): Map<string, { index: number; entry: Entry }> {
  const tables = isEntry(catalog) && Array.isArray(catalog.tables) ? catalog.tables : [];
  const entries = new Map<string, { index: number; entry: Entry }>();
  tables.forEach((entry: unknown, index) => {
    if (isEntry(entry) && typeof entry.name === "string" && !entries.has(entry.name))
      entries.set(entry.name, { index, entry });
  });
  return entries;
}

const localIndexesOf = (prod: ProdTable) =>
  (prod.description.LocalSecondaryIndexes ?? []).map((l) => l.IndexName ?? "");

const PAY_PER_REQUEST: DevBilling = { mode: "PAY_PER_REQUEST" };

/** An entry for a table the catalog does not have: what prod says, and on-demand dev copies. */
function newEntry(t: ImportedTable): { entry: Entry; comment?: string } {
  const { prod, recommended } = t;
  const local = localIndexesOf(prod);
  const tags = Object.entries(prod.tags).map(([k, v]) => `${k}=${v}`);
  return {
    entry: {
      name: prod.name,
      method: recommended.method,
      sizeGb: t.sizeGb,
      ...(local.length === 0 ? {} : { localSecondaryIndexes: local }),
      ...(recommended.method === "s3-export"
        ? { tableCreationParameters: creationParameters(prod, PAY_PER_REQUEST) }
        : {}),
      dev: {
        billing: PAY_PER_REQUEST,
        ...(prod.ttlAttribute === undefined ? {} : { ttlAttribute: prod.ttlAttribute }),
      },
    },
    // Prod's tags are not the dev copies': a tag-based backup plan or policy would take them for prod.
    ...(tags.length === 0 ? {} : { comment: `prod tags, not copied: ${tags.join(", ")}` }),
  };
}

interface Merged {
  edits: CatalogEdit[];
  changes: CatalogChange[];
  /** Each table's method after the merge. */
  method: CopyMethod;
}

/** A field set to `to`, or taken out where `to` is undefined; nothing where it already is so. */
function setField(
  path: (string | number)[],
  from: unknown,
  to: unknown,
  after: readonly string[],
  why?: string,
): { edit?: CatalogEdit; change?: FieldChange } {
  if (same(from, to) || (from === undefined && to === undefined)) return {};
  const field = path.slice(2).join(".");
  const change: FieldChange = { field, from, to, ...(why === undefined ? {} : { why }) };
  if (to === undefined) return from === undefined ? {} : { edit: { kind: "delete", path }, change };
  return { edit: { kind: "set", path, value: to, after }, change };
}

/**
 * `tableCreationParameters` of an `s3-export` entry made what prod says, field by field, so that
 * a field that did not change keeps its text and comments; billing and encryption as written.
 */
function creationEdits(t: ImportedTable, at: number, entry: Entry) {
  const written = tableCreationSchema.safeParse(entry.tableCreationParameters);
  const billing = devBillingSchema.safeParse(isEntry(entry.dev) ? entry.dev.billing : undefined);
  const dev = billing.success ? billing.data : PAY_PER_REQUEST;
  const wanted = creationParameters(t.prod, dev, written.success ? written.data : undefined);
  const path = ["tables", at, "tableCreationParameters"];
  if (!isEntry(entry.tableCreationParameters))
    return [
      setField(
        path,
        entry.tableCreationParameters,
        wanted,
        before(ENTRY_KEYS, "tableCreationParameters"),
      ),
    ];
  const current = entry.tableCreationParameters;
  return CREATION_KEYS.map((key) =>
    setField(
      [...path, key],
      current[key],
      wanted[key as keyof TableCreation],
      before(CREATION_KEYS, key),
    ),
  );
}

/**
 * An entry made what prod says in what `catalog import` owns (size, local secondary indexes, an
 * `s3-export` table's `tableCreationParameters`), keeping what a person wrote: the method, unless
 * prod makes `s3-export` impossible, and all of `dev`. What differs from prod there is a note.
 */
function mergeEntry(t: ImportedTable, at: number, entry: Entry): Merged {
  const { prod } = t;
  const written: CopyMethod = entry.method === "s3-export" ? "s3-export" : "backup";
  const ruledOut = written === "s3-export" ? s3ExportRuledOut(prod) : undefined;
  const method: CopyMethod = ruledOut === undefined ? written : "backup";
  const path = (key: string) => ["tables", at, key];
  const local = localIndexesOf(prod);
  const writtenLocal = Array.isArray(entry.localSecondaryIndexes)
    ? entry.localSecondaryIndexes
    : [];
  const fields = [
    setField(
      path("method"),
      entry.method,
      method === written ? entry.method : method,
      before(ENTRY_KEYS, "method"),
      ruledOut,
    ),
    setField(path("sizeGb"), entry.sizeGb, t.sizeGb, before(ENTRY_KEYS, "sizeGb")),
    setField(
      path("localSecondaryIndexes"),
      entry.localSecondaryIndexes,
      same(writtenLocal, local)
        ? entry.localSecondaryIndexes
        : local.length === 0
          ? undefined
          : local,
      before(ENTRY_KEYS, "localSecondaryIndexes"),
    ),
    ...(method === "s3-export"
      ? creationEdits(t, at, entry)
      : ruledOut === undefined
        ? []
        : [
            setField(
              path("tableCreationParameters"),
              entry.tableCreationParameters,
              undefined,
              [],
              ruledOut,
            ),
          ]),
  ];
  const changes: CatalogChange[] = [];
  const fieldChanges = fields.flatMap((f) => (f.change === undefined ? [] : [f.change]));
  if (fieldChanges.length > 0)
    changes.push({ kind: "updated", table: prod.name, fields: fieldChanges });
  if (ruledOut === undefined && t.recommended.method !== method)
    changes.push({
      kind: "note",
      table: prod.name,
      note: `method ${method} kept; ${t.recommended.why} (it would be ${t.recommended.method})`,
    });
  const dev = isEntry(entry.dev) ? entry.dev : {};
  if (dev.ttlAttribute !== prod.ttlAttribute)
    changes.push({
      kind: "note",
      table: prod.name,
      note: `prod expires items by ${prod.ttlAttribute ?? "no attribute (TTL off)"}, the dev copies by ${typeof dev.ttlAttribute === "string" ? dev.ttlAttribute : "none"} (dev.ttlAttribute, kept)`,
    });
  return {
    edits: fields.flatMap((f) => (f.edit === undefined ? [] : [f.edit])),
    changes,
    method,
  };
}

/** Each prod table entered into the catalog: added where new, else merged. */
export function mergeTables(
  catalog: unknown,
  tables: readonly ImportedTable[],
): { edits: CatalogEdit[]; changes: CatalogChange[]; methods: Map<string, CopyMethod> } {
  const entries = entriesOf(catalog);
  const edits: CatalogEdit[] = [];
  const changes: CatalogChange[] = [];
  const methods = new Map<string, CopyMethod>();
  for (const t of tables) {
    const found = entries.get(t.prod.name);
    if (found === undefined) {
      const { entry, comment } = newEntry(t);
      edits.push({ kind: "append", entry, ...(comment === undefined ? {} : { comment }) });
      changes.push({
        kind: "added",
        table: t.prod.name,
        method: t.recommended.method,
        sizeGb: t.sizeGb,
        why: t.recommended.why,
      });
      methods.set(t.prod.name, t.recommended.method);
      continue;
    }
    const merged = mergeEntry(t, found.index, found.entry);
    edits.push(...merged.edits);
    changes.push(...merged.changes);
    methods.set(t.prod.name, merged.method);
  }
  return { edits, changes, methods };
}
