import { expect } from "chai";
import { allStates, isDistributedMap, type StateMachineDefinition } from "../../asl";
import { historyEventBound, mapRunChildBounds } from "../../asl/history";
import { MAP_RUN_LABEL } from "../../asl/machines/map-run";
import type { MapState } from "../../asl/types";
import { planStack } from "../../stack/plan";
import { perFile } from "../helpers/per-file";
import { afterDailyBackup, models, rehearsal } from "../helpers/rehearsal";

const { prod, dev } = models();
const parentMachines = perFile(() => [
  ...planStack(prod).machines.filter((m) => m.name === "datarefresh-backup-and-copy"),
  ...planStack(dev).machines.filter((m) => m.name === "datarefresh-restore"),
]);

function tableMap(definition: StateMachineDefinition): MapState {
  const maps = [...allStates(definition)].filter((s) => isDistributedMap(s.state));
  expect(maps).to.have.length(1);
  return maps[0]!.state as MapState;
}

describe("the parents run each table in a child execution of a Map Run", () => {
  it("with a labelled Distributed Map of Standard children, bounded in concurrency", () => {
    const parents = parentMachines();
    expect(parents).to.have.length(2);
    for (const { name, definition } of parents) {
      const map = tableMap(definition);
      expect(map.ItemProcessor.ProcessorConfig, name).to.deep.equal({
        Mode: "DISTRIBUTED",
        ExecutionType: "STANDARD",
      });
      expect(map.Label, name).to.equal(MAP_RUN_LABEL);
      expect(map.MaxConcurrency, name).to.equal(dev.settings.maxConcurrency);
    }
  });

  it("hand the parent's execution to the children through ItemSelector: inside, $$.Execution is the child's", () => {
    const map = tableMap(
      parentMachines().find((p) => p.name === "datarefresh-restore")!.definition,
    );
    expect(map.ItemSelector).to.have.property("parentExecution.$", "$$.Execution.Id");
    for (const { name, state } of allStates(map.ItemProcessor)) {
      const text = JSON.stringify(state).replace(
        /"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\.\$":"\$\$\.Execution\.Id"/,
        "",
      );
      expect(text, name).to.not.match(/\$\$\.Execution/);
    }
  });

  it("keep the parent's history bound the same whatever the number of tables", () => {
    for (const { name, definition } of parentMachines()) {
      const at = (tables: number) => historyEventBound(definition, () => tables);
      const child = (tables: number) => mapRunChildBounds(definition, () => tables)[0]!.events;
      // The request is checked and the tables picked in one JSONata state, whatever their number.
      expect(at(2000), name).to.equal(at(1));
      expect(child(1000), name).to.equal(child(1));
      // A child starts one execution (retried at worst), reads it if it ended before a retried
      // start, and records a failure where it must.
      expect(child(1), name).to.be.within(8, 150);
    }
  });
});

describe("a refresh counted as AWS would record it", () => {
  it("keeps each table's events in its Map Run child, not in the parent's history", async () => {
    const r = await afterDailyBackup();
    const one = await r.refresh({ environment: "dev-1", tables: ["Users"] });
    r.later(3600);
    const two = await r.refresh({ environment: "dev-2", tables: ["Users", "Following"] });
    expect([one.status, two.status]).to.deep.equal(["SUCCEEDED", "SUCCEEDED"]);
    // An inline Map would add the second table's 8 events or more to the parent's history.
    expect(two.history.events).to.equal(one.history.events);
    expect(two.history.mapRunChildEvents).to.be.within(8, 20);
    expect(two.history.transitions).to.be.above(one.history.transitions);
  });

  it("checks that the restore machine's role may start its own Map Run's children", async () => {
    const r = rehearsal();
    await r.backupAndCopy();
    r.later(3600);
    const parent = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore";
    const asked: string[] = [];
    const authorizer = r.world.authorizer!;
    const decide = authorizer.decide.bind(authorizer);
    authorizer.decide = async (request) => {
      if (request.action === "states:StartExecution") asked.push(request.resource);
      return request.action === "states:StartExecution" && request.resource === parent
        ? { allowed: false, reason: "no identity-based policy allows states:StartExecution" }
        : decide(request);
    };
    const run = await r.refresh({ environment: "dev-1", tables: ["Users"] });
    expect(asked).to.include(parent);
    expect(run.status).to.equal("FAILED");
    expect(run.error?.Error).to.equal("TablesFailed");
    const tableRuns = [...r.world.executions.values()].filter(
      (e) => e.machine === "datarefresh-restore-table",
    );
    expect(tableRuns).to.have.length(0);
  });
});
