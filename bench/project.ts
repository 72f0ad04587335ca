import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import type { TableSpec } from "../config/catalog";

/**
 * A copy of the project's stack files in a temporary folder, with the bench's catalog and
 * settings, so that `synth` and the models are made exactly as for a real project.
 */
export function benchProject(
  projectDir: string,
  tables: TableSpec[],
  settings: Record<string, unknown>,
): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "datarefresh-bench-"));
  cpSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const stack of ["prod", "dev"]) {
    const file = `Pulumi.${stack}.yaml`;
    const doc = parseDocument(readFileSync(path.join(projectDir, file), "utf8"));
    doc.setIn(["config", "datarefresh:catalog"], "catalog.yaml");
    for (const [key, value] of Object.entries(settings))
      doc.setIn(["config", `datarefresh:${key}`], value);
    writeFileSync(path.join(dir, file), doc.toString());
  }
  writeFileSync(path.join(dir, "catalog.yaml"), stringify({ tables }));
  return dir;
}
