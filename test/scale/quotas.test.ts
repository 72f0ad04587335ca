import { expect } from "chai";
import { allStates, renderDefinition } from "../../asl";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { renderPolicy } from "../../policies/document";
import { machineHistoryBounds } from "../../stack/history-bounds";
import { planStack } from "../../stack/plan";
import { projectWithCatalog } from "../helpers/catalog";
import { s3ExportProject } from "../helpers/project";
import { models } from "../helpers/rehearsal";
import { perFile } from "../helpers/per-file";

const KB = 1024;
/** Step Functions: definitions up to 1 MB; inline Map at most 40 at once. */
const DEFINITION_LIMIT = 1024 * KB;
/** Step Functions allows 25,000 history events; the scale target is 10,000 at 1,000 tables. */
const HISTORY_TARGET = 10_000;
const INLINE_MAP_LIMIT = 40;
/** IAM: an inline role policy up to 10,240 characters. */
const INLINE_POLICY_LIMIT = 10_240;

describe("a catalog of 1,000 tables and 10 environments stays within the quotas", function () {
  this.timeout(120_000);
  const bounds: Record<string, number> = {};
  after(() => console.log(`      history event bounds at 1,000 tables: ${JSON.stringify(bounds)}`));

  const built = perFile(() => {
    const project = projectWithCatalog(1000, 10);
    const stackModels = ["prod", "dev"].map((stack) => toModel(loadConfig(project, stack)));
    return {
      tables: stackModels[0]!.tables.length,
      attempts: stackModels[0]!.settings.restoreAttempts,
      plans: stackModels.map(planStack),
    };
  });
  const machines = () => built().plans.flatMap((p) => p.machines);

  it("builds both stacks from it", () => {
    expect(built().tables).to.equal(1000);
    expect(machines()).to.have.length(4);
  });

  it("keeps every definition under 1 MB", () => {
    for (const machine of machines()) {
      const bytes = Buffer.byteLength(renderDefinition(machine.definition));
      expect(bytes, machine.name).to.be.below(DEFINITION_LIMIT);
    }
  });

  it("keeps every Map bounded, inline ones at 40 iterations at once or fewer", () => {
    let distributed = 0;
    for (const machine of machines()) {
      for (const { name, state } of allStates(machine.definition)) {
        if (state.Type !== "Map") continue;
        const inline = state.ItemProcessor.ProcessorConfig?.Mode !== "DISTRIBUTED";
        if (!inline) distributed += 1;
        // A Distributed Map's 0 would mean no bound at all (up to 10,000 children at once).
        const most = inline ? INLINE_MAP_LIMIT : Infinity;
        expect(state.MaxConcurrency, `${machine.name}: ${name}`).to.be.within(1, most);
      }
    }
    // The per-table Maps of both parents run their tables as child executions.
    expect(distributed).to.equal(2);
  });

  it("keeps every inline role policy under 10,240 characters", () => {
    const policies = built().plans.flatMap((p) => p.policies);
    for (const policy of policies.filter((p) => p.kind === "identity")) {
      expect(renderPolicy(policy.document).length, policy.name).to.be.below(INLINE_POLICY_LIMIT);
    }
  });

  it("keeps every execution, parent, Map Run child or per-table machine, under 10,000 history events", () => {
    const executions: string[] = [];
    for (const machine of machines()) {
      const { attempts } = built();
      for (const { execution, events } of machineHistoryBounds(machine, attempts)) {
        bounds[execution] = events;
        executions.push(execution);
        expect(events, execution).to.be.below(HISTORY_TARGET);
      }
    }
    expect(executions).to.include.members([
      "datarefresh-restore/Tables",
      "datarefresh-backup-and-copy/Tables",
    ]);
  });
});

/** What `call` threw. */
function catching(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("it did not throw");
}

describe("a definition too large for Step Functions", () => {
  const { dev } = models();
  const withTags = (count: number, valueLength: number) =>
    Array.from({ length: count }, (_, i) => ({
      ...dev.tables[0]!,
      name: `Table${i}`,
      dev: {
        ...dev.tables[0]!.dev,
        tags: Object.fromEntries(
          Array.from({ length: 40 }, (_, t) => [`tag${t}`, "v".repeat(valueLength)]),
        ),
      },
    }));

  it("is refused when the stack is planned, naming the machine, its size and what to do", () => {
    const tooLarge = () => planStack({ ...dev, tables: withTags(200, 256) });
    expect(tooLarge).to.throw(
      /the definition of datarefresh-restore-table would take \d+ KiB, more than the 1024 KiB Step Functions takes: it carries each table's dev settings \(tags, tableCreationParameters\); shorten them, or split the catalog into two projects/,
    );
    // 200 tables of 40 tags of about 260 characters: about 2 MiB.
    const kib = Number(/would take (\d+) KiB/.exec(String(catching(tooLarge)))![1]);
    expect(kib).to.be.within(1_800, 2_600);
    expect(() => planStack({ ...dev, tables: withTags(50, 256) })).to.not.throw();
  });
});

describe("a role policy too long for IAM", () => {
  const { prod } = models({}, s3ExportProject());
  const events = prod.tables.find((t) => t.name === "Events")!;
  const exportTables = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      ...events,
      name: `EventsOfAService${String(i).padStart(4, "0")}`,
    }));

  it("is refused when the stack is planned, naming the role, its size and what would fit", () => {
    expect(() => planStack({ ...prod, tables: exportTables(120) })).to.throw(
      /the policy of role datarefresh-backup-and-copy-machine would be \d+ characters, more than the 10240 IAM allows a role's inline policies: fewer environments, or fewer s3-export tables \(each is named in the prod machines' role policy: about 105 of 20-character names fit\) would fit/,
    );
  });

  it("holds the 105 s3-export tables of 20-character names it promises, with PITR turned on too", () => {
    const pitr = { ...prod.settings, enablePointInTimeRecovery: true };
    expect(() => planStack({ ...prod, settings: pitr, tables: exportTables(105) })).to.not.throw();
  });
});
