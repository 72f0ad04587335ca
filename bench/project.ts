import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import type { TableSpec } from "../config/catalog";
import { ONLY_IN } from "../config/guardrails";

/**
 * Runs `use` on a copy of the project's stack files in a temporary folder, with the bench's
 * catalog and settings, so that `synth` and the models are made exactly as for a real project.
 * The folder is removed when `use` returns or throws.
 */
export function withBenchProject<T>(
  projectDir: string,
  tables: TableSpec[],
  settings: Record<string, unknown>,
  use: (dir: string) => T,
): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), "datarefresh-bench-"));
  try {
    writeProject(dir, projectDir, tables, settings);
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeProject(
  dir: string,
  projectDir: string,
  tables: TableSpec[],
  settings: Record<string, unknown>,
): void {
  cpSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const stack of ["prod", "dev"] as const) {
    const file = `Pulumi.${stack}.yaml`;
    const doc = parseDocument(readFileSync(path.join(projectDir, file), "utf8"));
    doc.setIn(["config", "datarefresh:catalog"], "catalog.yaml");
    const otherStacksKeys: readonly string[] = ONLY_IN[stack === "prod" ? "dev" : "prod"];
    for (const [key, value] of Object.entries(settings))
      if (!otherStacksKeys.includes(key)) doc.setIn(["config", `datarefresh:${key}`], value);
    writeFileSync(path.join(dir, file), doc.toString());
  }
  writeFileSync(path.join(dir, "catalog.yaml"), stringify({ tables }));
}
