import { expect } from "chai";
import { scratchDir } from "../helpers/scratch";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildStateMachine, Flow } from "../../asl";
import { benchCatalog } from "../../bench/catalog";
import { benchChart } from "../../bench/chart";
import { idealMakespan } from "../../bench/ideal";
import { benchOneSize, type BenchRow } from "../../bench/measure";
import { refreshWithinTarget, targetsOf, type TargetCheck } from "../../bench/targets";
import { formatBench } from "../../cli/bench";
import { run } from "../../cli/main";
import { concurrencyAround, MapSlots } from "../../rehearsal/map-slots";
import { captureIo } from "../helpers/io";
import { PROJECT_DIR } from "../helpers/project";

describe("the benchmark", function () {
  this.timeout(60_000);

  describe("the ideal refresh time", () => {
    it("is the longest table when the others fit beside it", () => {
      expect(idealMakespan([10, 5, 5], 2)).to.equal(10);
    });
    it("is the work shared evenly when there is more work than workers", () => {
      expect(idealMakespan([4, 4, 4, 4], 2)).to.equal(8);
      expect(idealMakespan([4, 4, 4], 1)).to.equal(12);
    });
  });

  describe("the Map slots of the rehearsal", () => {
    it("start each child when the earliest-ending slot is free, in simulated time", () => {
      const slots = new MapSlots(100, 2);
      const a = slots.take();
      const b = slots.take();
      expect([a.start, b.start]).to.deep.equal([100, 100]);
      slots.free(a.slot, 900);
      slots.free(b.slot, 300);
      expect(slots.take().start).to.equal(300);
      expect(slots.take().start).to.equal(900);
    });
    it("start every child at once when the Map has no bound", () => {
      const slots = new MapSlots(100, Infinity);
      slots.take();
      expect(slots.take().start).to.equal(100);
    });
    it("read the MaxConcurrency of the Map around a state", () => {
      const inner = Flow.start().pass("Inside", { End: true });
      const definition = buildStateMachine(
        Flow.start().map("Each", inner, { MaxConcurrency: 7, End: true }),
      );
      expect(concurrencyAround(definition, "Inside")).to.equal(7);
      expect(concurrencyAround(definition, "Each")).to.equal(Infinity);
    });
  });

  describe("the catalogs it draws", () => {
    it("are the same for a seed, differ between seeds, and hold one 12-hour table", () => {
      const sizes = (seed: number) => benchCatalog(50, seed).map((t) => t.sizeGb);
      expect(sizes(1)).to.deep.equal(sizes(1));
      expect(sizes(1)).to.not.deep.equal(sizes(2));
      expect(sizes(1)[0]).to.equal(355);
      for (const size of sizes(3).slice(1)) expect(size).to.be.within(1, 300);
    });
  });

  describe("one size, measured", () => {
    let row: BenchRow;
    before(async () => {
      row = await benchOneSize(3, { projectDir: PROJECT_DIR, seed: 5, concurrency: 2 });
    });
    it("refreshes every table, no faster than the ideal", () => {
      expect(row.refresh.status).to.equal("SUCCEEDED");
      expect(row.refresh.restored).to.equal(3);
      expect(row.refresh.idealSeconds).to.be.at.least(row.refresh.slowestTableSeconds);
      expect(row.refresh.ratio).to.be.at.least(1);
      expect(row.refresh.overheadSeconds).to.equal(
        row.refresh.simulatedSeconds - row.refresh.idealSeconds,
      );
    });
    it("counts history events below their static bound, and transitions at their price", () => {
      expect(row.history.mostEventsObserved).to.be.within(1, row.history.mostEventsBound);
      expect(row.transitions.usdPerTable).to.be.closeTo(
        (row.transitions.perTable * 0.025) / 1000,
        1e-6,
      );
    });
    it("sizes every machine and policy, and sees each restore end within a tenth of its time", () => {
      expect(Object.keys(row.definitionBytes)).to.have.length(4);
      expect(row.longestPolicyChars).to.be.within(100, 10_240);
      expect(row.polling.worstDelayShareOfJob).to.be.within(0, 0.1);
    });
    it("prints a line per size and draws a point per size", () => {
      const rows = [row, { ...row, tables: 30 }];
      const text = formatBench(rows);
      expect(text).to.match(
        /targets at 30 tables:\n {2}(met {3}|MISSED) {2}refresh at most 1\.05 x/,
      );
      expect(text.split("\n").filter((l) => /^\d/.test(l))).to.have.length(2);
      expect(text).to.match(/^tables\s+refresh\s+ideal/);
      const svg = benchChart(rows);
      expect(svg.match(/<circle/g)).to.have.length(2);
      expect(svg).to.include(`+${((row.refresh.ratio - 1) * 100).toFixed(1)}%`);
    });
  });

  describe("the targets, at and around their thresholds", () => {
    const base = {
      tables: 1000,
      pollIntervalSeconds: 60,
      refresh: { simulatedSeconds: 1000, idealSeconds: 1000, withinTarget: true },
      history: { mostEventsObserved: 1, mostEventsBound: 10_000, machine: "m" },
      largestStateBytes: 256 * 1024,
      definitionBytes: { a: 256 * 1024 - 1 },
      longestPolicyChars: 10_239,
      wallSeconds: { synth: 4.99, rehearsal: 1 },
      polling: { worstDetectionDelaySeconds: 60, worstDelayShareOfJob: 0.1 },
    } as unknown as BenchRow;
    const verdicts = (row: BenchRow) => targetsOf(row).map((t) => t.met);

    it("meets every target exactly at its threshold", () => {
      expect(verdicts(base)).to.deep.equal([true, true, true, true, true, true, true]);
    });

    it("misses each target one step past its threshold", () => {
      const past: Partial<BenchRow>[] = [
        { refresh: { ...base.refresh, withinTarget: false } },
        { history: { ...base.history, mostEventsBound: 10_001 } },
        { largestStateBytes: 256 * 1024 + 1 },
        { definitionBytes: { a: 256 * 1024 } },
        { longestPolicyChars: 10_240 },
        { wallSeconds: { synth: 5, rehearsal: 1 } },
        { polling: { worstDetectionDelaySeconds: 60, worstDelayShareOfJob: 0.1001 } },
      ];
      past.forEach((change, i) => {
        const expected = verdicts(base).map((_, j) => j !== i);
        expect(verdicts({ ...base, ...change } as BenchRow), `target ${i}`).to.deep.equal(expected);
      });
    });

    it("takes a refresh within 1.05 x the ideal plus one poll, and no more", () => {
      expect(refreshWithinTarget(1110, 1000, 60)).to.equal(true);
      expect(refreshWithinTarget(1110.5, 1000, 60)).to.equal(false);
      expect(refreshWithinTarget(1000, 1000, 0)).to.equal(true);
      expect(refreshWithinTarget(1051, 1000, 0)).to.equal(false);
    });
  });

  describe("the targets", () => {
    it("are checked against each figure", () => {
      const row = {
        tables: 1000,
        pollIntervalSeconds: 60,
        refresh: { simulatedSeconds: 1100, idealSeconds: 1000, withinTarget: false },
        history: { mostEventsObserved: 9_000, mostEventsBound: 20_000, machine: "m" },
        largestStateBytes: 300 * 1024,
        definitionBytes: { a: 100 * 1024, b: 300 * 1024 },
        longestPolicyChars: 2000,
        wallSeconds: { synth: 1, rehearsal: 1 },
        polling: { worstDetectionDelaySeconds: 60, worstDelayShareOfJob: 0.05 },
      } as unknown as BenchRow;
      expect(targetsOf(row).map((t) => t.met)).to.deep.equal([
        false,
        false,
        false,
        false,
        true,
        true,
        true,
      ]);
      expect(targetsOf({ ...row, largestStateBytes: 200 * 1024 })[2]!.met).to.equal(true);
    });
  });

  describe("npx datarefresh bench", () => {
    it("writes bench.json and bench.svg, and prints the figures as JSON", async () => {
      const out = scratchDir("bench-");
      const io = captureIo();
      const code = await run(
        ["bench", "--sizes", "1,2", "--out", out, "--json", "--no-robustness"],
        io,
      );
      expect(code, io.stderr).to.equal(0);
      const printed = JSON.parse(io.stdout) as (BenchRow & { targets: TargetCheck[] })[];
      expect(printed.map((r) => r.tables)).to.deep.equal([1, 2]);
      expect(JSON.parse(readFileSync(path.join(out, "bench.json"), "utf8"))).to.deep.equal(printed);
      expect(existsSync(path.join(out, "bench.svg"))).to.equal(true);
      expect(printed[0]!.targets.map((t) => t.target)).to.include("every definition under 256 KB");
    });
    for (const args of [
      ["--sizes", "0"],
      ["--sizes", "a,b"],
      ["--concurrency", "41"],
    ]) {
      it(`refuses ${args.join(" ")} with exit code 2`, async () => {
        const io = captureIo();
        expect(await run(["bench", ...args], io)).to.equal(2);
        expect(io.stderr).to.match(/expected/);
      });
    }
  });
});
