import { loadConfig } from "./config/load";
import { toModel } from "./config/model";
import { Rehearsal } from "./rehearsal/pair";
import { projectWithCatalog } from "./test/helpers/catalog";
(async () => {
  const project = projectWithCatalog(1000, 10);
  const prod = toModel(loadConfig(project, "prod"));
  const dev = toModel(loadConfig(project, "dev"));
  const r = new Rehearsal(prod, dev);
  await r.backupAndCopy();
  r.later(3600);
  const names = dev.tables.map((t) => t.name);
  for (const [label, input] of [
    ["all", { environment: "dev-1" }],
    ["all-but-one", { environment: "dev-2", tables: names.slice(1) }],
    ["one", { environment: "dev-3", tables: [names[7]] }],
  ] as const) {
    const t0 = Date.now();
    const run = await r.refresh(input as never);
    const rec = r.world.executions.get(run.arn)!;
    console.log(label, run.status, JSON.stringify(rec.history), `${Date.now() - t0} ms`);
  }
})();
