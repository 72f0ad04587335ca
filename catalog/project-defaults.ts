import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { isRegion, NAMESPACE, REGION_KEY } from "../config/stack-config";

/** Where a project keeps its catalog when its prod stack file does not say. */
const DEFAULT_CATALOG = "catalog.yaml";

/**
 * The Region and catalog file the prod stack file names, read as they stand: `catalog import`
 * runs before the catalog loads (it is what makes it), so the file is not validated here.
 */
export function prodStackDefaults(projectDir: string): { region?: string; catalog: string } {
  let config: Record<string, unknown> = {};
  try {
    const document = parse(readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8")) as {
      config?: Record<string, unknown>;
    } | null;
    config = document?.config ?? {};
  } catch {
    // No readable stack file: the SDK's Region and the usual catalog name.
  }
  const region = config[REGION_KEY];
  const catalog = config[`${NAMESPACE}:catalog`];
  return {
    ...(isRegion(region) ? { region } : {}),
    catalog: typeof catalog === "string" && catalog !== "" ? catalog : DEFAULT_CATALOG,
  };
}
