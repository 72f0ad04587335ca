import { loadConfig } from "./config/load";
import { toModel } from "./config/model";
import { Rehearsal } from "./rehearsal/pair";
(async () => {
  const r = new Rehearsal(toModel(loadConfig(".", "prod")), toModel(loadConfig(".", "dev")));
  const b = await r.backupAndCopy();
  console.log(b.status, JSON.stringify(b.output ?? b.error).slice(0, 400), (b.stoppedAt! - b.startedAt) / 60);
  r.later(3600);
  r.world.seedDevTable("dev-3-Following", { deletionProtection: false });
  r.world.seedDevTable("dev-3-Users");
  const t0 = Date.now();
  const d = await r.refresh({ environment: "dev-3", requestedBy: "slack:U1" });
  console.log(d.status, JSON.stringify(d.output ?? d.error, null, 1), (d.stoppedAt! - d.startedAt) / 60, "min", Date.now() - t0, "ms");
  for (const n of ["dev-3-Following", "dev-3-Users", "dev-3-Sessions"]) { const t = r.world.accounts.dev.dynamodb.tables.get(n)!; console.log(n, t.status, t.billing, t.capacity, t.indexCapacity, t.stream, t.ttlAttribute, t.deletionProtection, JSON.stringify(t.tags)); }
  const bad = await r.refresh({ environment: "dev-9" }); console.log(bad.status, bad.error);
})();
