import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { editYaml, EVENTS_TABLE, scratchProject } from "./project";

/**
 * A project whose catalog has `tables` tables (a third with provisioned dev copies and 2 indexes,
 * every twentieth copied by S3 export and import: the prod role policy names each) and
 * `environments` environments.
 */
export function projectWithCatalog(tables: number, environments: number): string {
  const project = scratchProject();
  const entries = Array.from({ length: tables }, (_, i) => ({
    name: `Table${String(i).padStart(4, "0")}WithAReasonablyLongName`,
    sizeGb: 1 + (i % 50),
    ...(i % 20 === 5
      ? { method: "s3-export", tableCreationParameters: EVENTS_TABLE.tableCreationParameters }
      : {}),
    dev:
      i % 3 === 0
        ? {
            billing: {
              mode: "PROVISIONED",
              read: 5,
              write: 5,
              indexes: { byOwner: { read: 1, write: 1 }, byDate: { read: 1, write: 1 } },
            },
            stream: "NEW_AND_OLD_IMAGES",
            tags: { team: `team-${i % 7}` },
          }
        : { ttlAttribute: "expiresAt" },
  }));
  writeFileSync(path.join(project, "catalog.yaml"), stringify({ tables: entries }));
  const names = Array.from({ length: environments }, (_, i) => `dev-${i + 1}`);
  for (const stack of ["prod", "dev"])
    editYaml(
      path.join(project, `Pulumi.${stack}.yaml`),
      ["config", "datarefresh:environments"],
      names,
    );
  return project;
}
