import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const SOURCE_FOLDERS = [
  "asl",
  "bench",
  "catalog",
  "chat",
  "cli",
  "config",
  "cost",
  "doctor",
  "infra",
  "policies",
  "rehearsal",
  "stack",
];

/** Every source module (path from the root) with what it imports: modules of ours, and packages. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of SOURCE_FOLDERS) {
    const files = readdirSync(path.join(ROOT, folder), { recursive: true })
      .map((f) => path.posix.join(folder, String(f).split(path.sep).join("/")))
      .filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const imported = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
      graph.set(
        file,
        imported.map((name) => resolved(file, name)),
      );
    }
  }
  return graph;
}

function resolved(from: string, name: string): string {
  if (!name.startsWith(".")) return name;
  const base = path.posix.join(path.posix.dirname(from), name);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return base;
}

/** Groups of modules that import one another, type imports included (Tarjan's algorithm). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the modules' imports", () => {
  const graph = importGraph();
  const importers = (matches: (name: string) => boolean, folders: string[]) =>
    [...graph]
      .filter(([file]) => folders.some((f) => file.startsWith(`${f}/`)))
      .flatMap(([file, names]) => names.filter(matches).map((name) => `${file} imports ${name}`));

  it("form no circle", () => {
    expect(circles(graph)).to.deep.equal([]);
  });

  it("keep Pulumi out of the pure layers (asl, policies, config, stack, rehearsal)", () => {
    const pulumi = (name: string) => name.startsWith("@pulumi/") || name.startsWith("infra/");
    expect(importers(pulumi, ["asl", "policies", "config", "stack", "rehearsal"])).to.deep.equal(
      [],
    );
  });

  it("keep the command line on top: nothing below it imports cli/", () => {
    const cli = (name: string) => name.startsWith("cli/");
    const below = SOURCE_FOLDERS.filter((f) => f !== "cli");
    expect(importers(cli, below)).to.deep.equal([]);
  });
});
