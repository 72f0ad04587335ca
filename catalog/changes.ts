import type { CopyMethod } from "../config/catalog";

/** A field of an entry that `catalog import` changed, with its value before and after. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
  /** Why, where it is not just what prod says (a method prod makes impossible). */
  why?: string;
}

/** What `catalog import` did, or saw and left to a person, table by table. */
export type CatalogChange =
  | { kind: "added"; table: string; method: CopyMethod; sizeGb: number; why: string }
  | { kind: "updated"; table: string; fields: FieldChange[] }
  | { kind: "gone"; table: string }
  | { kind: "note"; table: string; note: string };

const plain = (value: unknown) =>
  value === undefined ||
  (Array.isArray(value) ? value.every((v) => typeof v !== "object") : typeof value !== "object");

/** A plain value or a list of them, as a person reads it in one line. */
const shown = (value: unknown) =>
  value === undefined ? "none" : Array.isArray(value) ? `[${value.join(", ")}]` : String(value);

/** `sizeGb 10 -> 12`; for a structure, whether it was added, updated or removed. */
function fieldText(f: FieldChange): string {
  const change =
    f.to === undefined
      ? `${f.field} removed`
      : plain(f.from) && plain(f.to)
        ? `${f.field} ${shown(f.from)} -> ${shown(f.to)}`
        : `${f.field} ${f.from === undefined ? "added" : "updated"}`;
  return f.why === undefined ? change : `${change} (${f.why})`;
}

/** One line a change, `  added    Events: ...`. */
export function changeLine(change: CatalogChange, catalogFile: string): string {
  const label = change.kind.padEnd(8);
  switch (change.kind) {
    case "added":
      return `  ${label} ${change.table}: ${change.method}, ${change.sizeGb} GB (${change.why})`;
    case "updated":
      return `  ${label} ${change.table}: ${change.fields.map(fieldText).join("; ")}`;
    case "gone":
      return `  ${label} ${change.table}: not in prod; take it out of ${catalogFile} (until then doctor reports it missing and the daily run fails it)`;
    case "note":
      return `  ${label} ${change.table}: ${change.note}`;
  }
}

/** `2 added, 1 updated, 1 gone from prod, 3 unchanged` */
export function changeCounts(changes: readonly CatalogChange[], read: number): string {
  const count = (kind: CatalogChange["kind"]) => changes.filter((c) => c.kind === kind).length;
  const changed = new Set(
    changes.filter((c) => c.kind === "added" || c.kind === "updated").map((c) => c.table),
  );
  return `${count("added")} added, ${count("updated")} updated, ${count("gone")} gone from prod, ${read - changed.size} unchanged`;
}
