import { type Document, parseDocument } from "yaml";
import type { CopyMethod } from "../config/catalog";
import { ConfigError } from "../config/errors";
import { catalogFromText, parseYaml } from "../config/load";
import type { Usage } from "../cost/estimate";
import type { Prices } from "../cost/prices";
import type { CatalogChange } from "./changes";
import { mapLimited } from "./map-limited";
import { entriesOf, type ImportedTable, mergeTables } from "./merge";
import { recommendMethod } from "./method";
import {
  type KeyManager,
  listTableNames,
  pointInTimeRecovery,
  type ProdClients,
} from "./prod-reads";
import { readProdTable } from "./prod-table";
import { sizeGbOf } from "./size";
import { applyEdits } from "./yaml-edits";

/** Prod tables read at once (each takes four or five calls). */
const CONCURRENCY = 8;

/** What a new catalog file starts with. */
const NEW_CATALOG = "# One entry per production table. Both stacks read this file.\ntables: []\n";

export interface CatalogImport {
  clients: ProdClients;
  /** The tables to read; every table of the account and Region where absent. */
  tables?: readonly string[];
  /** The catalog's text now; undefined where there is no such file yet. */
  current: string | undefined;
  /** The catalog's name in messages. */
  file: string;
  usage: Usage;
  prices: Prices;
}

/** Tables asked for that are neither in prod nor in the catalog: nothing to enter or report. */
export class TablesNotInProd extends Error {
  override readonly name = "TablesNotInProd";
  constructor(readonly tables: readonly string[]) {
    super(`not in prod, nor in the catalog: ${tables.join(", ")}`);
  }
}

export interface CatalogImported {
  /** The catalog's new text; the same text where nothing changed. */
  text: string;
  changes: CatalogChange[];
  /** Prod tables read. */
  read: number;
}

/** Notes for `s3-export` tables without point-in-time recovery, which their exports need. */
async function pitrNotes(
  clients: ProdClients,
  methods: Map<string, CopyMethod>,
): Promise<CatalogChange[]> {
  const exported = [...methods].filter(([, m]) => m === "s3-export").map(([name]) => name);
  const statuses = await mapLimited(exported, CONCURRENCY, (name) =>
    pointInTimeRecovery(clients.dynamodb, name),
  );
  return exported.flatMap((table, i) =>
    statuses[i] === "ENABLED"
      ? []
      : [
          {
            kind: "note" as const,
            table,
            note: `point-in-time recovery is ${statuses[i]}, and exports need it: aws dynamodb update-continuous-backups --table-name ${table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true, or datarefresh:enablePointInTimeRecovery: true`,
          },
        ],
  );
}

/**
 * Reads prod (read-only calls) and enters its tables into the catalog: new tables added, known
 * ones merged (`merge.ts`), tables gone from prod reported. The resulting text must load as a
 * catalog, or a ConfigError says why in the loader's words; nothing is written here.
 */
export async function importCatalog(o: CatalogImport): Promise<CatalogImported> {
  const source = o.current ?? NEW_CATALOG;
  const data = parseYaml(source, o.file);
  if (data !== null && (typeof data !== "object" || Array.isArray(data)))
    throw new ConfigError([
      { file: o.file, path: "", message: "expected a mapping: tables: [...]" },
    ]);
  const doc: Document = parseDocument(source);
  const catalog: unknown = doc.toJS();
  const entries = entriesOf(catalog);
  const names = o.tables ?? (await listTableNames(o.clients.dynamodb));
  const keyManagers = new Map<string, Promise<KeyManager>>();
  const read = await mapLimited(names, CONCURRENCY, (name) =>
    readProdTable(o.clients, name, keyManagers),
  );
  const found = read.filter((t) => t !== undefined);
  const inProd = new Set(found.map((t) => t.name));
  const unknown = (o.tables ?? []).filter((n) => !inProd.has(n) && !entries.has(n));
  if (unknown.length > 0) throw new TablesNotInProd(unknown);
  const imported: ImportedTable[] = found.map((prod) => {
    const sizeGb = sizeGbOf(prod.description.TableSizeBytes);
    return { prod, sizeGb, recommended: recommendMethod(prod, sizeGb, o.usage, o.prices) };
  });
  const { edits, changes, methods } = mergeTables(catalog, imported);
  changes.push(...(await pitrNotes(o.clients, methods)));
  const scope = o.tables ?? [...entries.keys()];
  for (const table of scope.filter((n) => entries.has(n) && !inProd.has(n)))
    changes.push({ kind: "gone", table });
  const text = edits.length === 0 ? source : applyEdits(source, doc, edits);
  catalogFromText(text, o.file);
  return { text, changes, read: found.length };
}
