/**
 * The label of the Distributed Map that runs one child execution per table, in both parent
 * machines: it names their Map Runs (`mapRun:<machine>/Tables:<id>`) and the child executions
 * (`execution:<machine>/Tables:<id>`), which IAM policies scope by it.
 */
export const MAP_RUN_LABEL = "Tables";
