import {
  type Document,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  stringify,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";

/** A change to a catalog file, by the path of what it changes (`["tables", 2, "sizeGb"]`). */
export type CatalogEdit =
  | {
      kind: "set";
      path: readonly (string | number)[];
      value: unknown;
      /** Where a missing key goes: after the last of these its map has. */
      after: readonly string[];
    }
  | { kind: "delete"; path: readonly (string | number)[] }
  | { kind: "append"; entry: Record<string, unknown>; comment?: string };

/** The file's text with the edits made: only what they change is written again. */
export function applyEdits(source: string, doc: Document, edits: readonly CatalogEdit[]): string {
  try {
    return spliceEdits(source, doc, edits);
  } catch (error) {
    if (!(error instanceof NotInBlockStyle)) throw error;
    return rewriteEdits(doc, edits);
  }
}

/** The edits made in a file written in flow style, where its text cannot be kept: all is written anew. */
function rewriteEdits(doc: Document, edits: readonly CatalogEdit[]): string {
  for (const edit of edits) {
    if (edit.kind === "delete") doc.deleteIn(edit.path);
    else if (edit.kind === "set") doc.setIn(edit.path, compact(doc.createNode(edit.value)));
    else {
      if (!isMap(doc.contents)) doc.contents = doc.createNode({});
      if (!isSeq(doc.get("tables", true))) doc.set("tables", doc.createNode([]));
      const tables = doc.get("tables", true) as YAMLSeq;
      tables.flow = false;
      tables.items.push(entryNode(doc, edit.entry, edit.comment));
    }
  }
  return styled(doc.toString(STYLE));
}

const STYLE = { flowCollectionPadding: true, lineWidth: 100 } as const;

/**
 * YAML text as Prettier (which a project's YAML often goes through) writes it: yaml pads flow
 * sequences as it pads flow maps, Prettier writes `[a, b]`. Only a flow sequence starts a value
 * with `[` (a plain scalar cannot).
 */
function styled(text: string): string {
  return text.replace(/^(\s*(?:- )?(?:[^:\n]+: )?)\[ (.*) \]$/gm, "$1[$2]");
}

/** A collection of plain values written on one line (`{ mode: PAY_PER_REQUEST }`, `[a, b]`). */
function compact<N>(node: N): N {
  visit(node as Node, {
    Collection(_, collection) {
      const leaves = collection.items.every((item) =>
        isScalar(isMap(collection) ? (item as Pair).value : item),
      );
      if (leaves && collection.items.length > 0) collection.flow = true;
    },
  });
  return node;
}

function entryNode(doc: Document, entry: Record<string, unknown>, comment?: string): YAMLMap {
  const node = compact(doc.createNode(entry)) as YAMLMap;
  if (comment !== undefined) {
    const dev = node.items.find((p) => isScalar(p.key) && p.key.value === "dev");
    if (dev !== undefined && isScalar(dev.key)) dev.key.commentBefore = ` ${comment}`;
  }
  node.flow = false;
  return node;
}

/** A part of the file in flow style (`{...}`, `[...]`) where an edit must go: its text cannot be kept. */
class NotInBlockStyle extends Error {}

interface Splice {
  start: number;
  end: number;
  text: string;
}

const lineStart = (source: string, at: number) => source.lastIndexOf("\n", at - 1) + 1;
/** Just after the line break that ends the line of `at`. */
function lineEnd(source: string, at: number): number {
  const next = source.indexOf("\n", at);
  return next < 0 ? source.length : next + 1;
}

/** Where a node's text ends: after the line break ending its last line (and its comment). */
function nodeEnd(source: string, node: Node, orAfter: number): number {
  const range = node.range;
  if (range == null || range[1] <= range[0]) return lineEnd(source, orAfter);
  const block = isCollection(node) && node.flow !== true;
  return lineEnd(source, block ? range[1] - 1 : range[1]);
}

const pairEnd = (source: string, pair: Pair<Node, Node>) =>
  nodeEnd(source, pair.value ?? pair.key, pair.key.range![1]);
const columnOf = (source: string, at: number) => at - lineStart(source, at);

/** A value as YAML text: on one line where it is plain or a collection of plain values. */
function rendered(doc: Document, value: unknown): { inline: boolean; lines: string[] } {
  const node = compact(doc.createNode(value));
  const inline = !isCollection(node) || node.flow === true;
  const text = styled(stringify(node, STYLE)).trimEnd();
  return { inline, lines: text.split("\n") };
}

/** `key: value` at `indent` columns, as lines ending with a line break. */
function pairText(doc: Document, key: string, value: unknown, indent: number): string {
  const pad = " ".repeat(indent);
  const { inline, lines } = rendered(doc, value);
  if (inline) return `${pad}${key}: ${lines.join(" ")}\n`;
  return `${pad}${key}:\n${lines.map((l) => `${pad}  ${l}`).join("\n")}\n`;
}

function blockMapAt(doc: Document, path: readonly (string | number)[]): YAMLMap {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(node) || node.flow === true || node.range == null) throw new NotInBlockStyle();
  return node;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as
    Pair<Node, Node> | undefined;
}

function spliceOf(source: string, doc: Document, edit: CatalogEdit): Splice {
  if (edit.kind === "append") return appendSplice(source, doc, edit);
  const key = String(edit.path.at(-1));
  const map = blockMapAt(doc, edit.path.slice(0, -1));
  const pair = pairOf(map, key);
  const [keyStart] = (pair?.key as Node | undefined)?.range ?? [];
  const valueRange = pair?.value?.range;
  if (edit.kind === "delete") {
    if (keyStart === undefined || valueRange == null) throw new NotInBlockStyle();
    return { start: lineStart(source, keyStart), end: pairEnd(source, pair!), text: "" };
  }
  if (keyStart !== undefined && valueRange != null) {
    const { inline, lines } = rendered(doc, edit.value);
    const wasInline = !isCollection(pair!.value) || pair!.value.flow === true;
    const written = valueRange[1] > valueRange[0];
    // A value on one line for one on one line: its comment stays where it was.
    if (inline && wasInline && written)
      return { start: valueRange[0], end: valueRange[1], text: lines.join(" ") };
    return {
      start: lineStart(source, keyStart),
      end: pairEnd(source, pair!),
      text: pairText(doc, key, edit.value, columnOf(source, keyStart)),
    };
  }
  const before = [...edit.after]
    .reverse()
    .map((k) => pairOf(map, k))
    .find((p) => p?.value?.range != null);
  const first = map.items[0]?.key as Node | undefined;
  if (first?.range == null) throw new NotInBlockStyle();
  const at = before === undefined ? lineStart(source, first.range[0]) : pairEnd(source, before);
  return {
    start: at,
    end: at,
    text: pairText(doc, key, edit.value, columnOf(source, first.range[0])),
  };
}

function appendSplice(
  source: string,
  doc: Document,
  edit: Extract<CatalogEdit, { kind: "append" }>,
): Splice {
  const tables = doc.get("tables", true);
  const last = isSeq(tables) ? (tables.items.at(-1) as Node | undefined) : undefined;
  if (!isSeq(tables) || tables.flow === true || last?.range == null) throw new NotInBlockStyle();
  const indent = columnOf(source, last.range[0]) - 2;
  const pad = " ".repeat(indent);
  const text = styled(stringify([entryNode(doc, edit.entry, edit.comment)], STYLE))
    .trimEnd()
    .split("\n")
    .map((line) => `${pad}${line}`)
    .join("\n");
  const at = nodeEnd(source, last, last.range[0]);
  const newline = source.slice(0, at).endsWith("\n") ? "" : "\n";
  return { start: at, end: at, text: `${newline}${text}\n` };
}

/** The edits made in the file's own text, which is kept wherever they do not reach. */
function spliceEdits(source: string, doc: Document, edits: readonly CatalogEdit[]): string {
  const splices = edits.map((edit) => spliceOf(source, doc, edit));
  // Made from the end, so that each splice's offsets still hold; inserts at one place keep their order.
  const ordered = splices
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let text = source;
  for (const s of ordered) text = `${text.slice(0, s.start)}${s.text}${text.slice(s.end)}`;
  return text;
}
