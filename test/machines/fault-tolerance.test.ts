import { expect } from "chai";
import { faultTolerance } from "../../bench/fault-tolerance";
import { PROJECT_DIR } from "../helpers/project";

/** Seeds 1..n, or as many as FAULT_SEEDS says (more to look harder; the first n run in CI). */
const seeds = (n: number) =>
  Array.from({ length: Number(process.env.FAULT_SEEDS ?? n) }, (_, i) => i + 1);
const TABLES = 5;

describe("AWS as it fails: throttles and 5xx (named as Step Functions names them), and failed jobs", function () {
  this.timeout(300_000);

  it("with calls failing at 5%, every table is copied and every table restored, in every seed", async () => {
    const result = await faultTolerance({
      projectDir: PROJECT_DIR,
      seeds: seeds(4),
      callFaults: 0.05,
      jobFaults: 0,
      tables: TABLES,
    });
    for (const seed of result.perSeed) {
      expect(seed.broken, `seed ${seed.seed}`).to.deep.equal([]);
      expect([seed.copied, seed.restored], `seed ${seed.seed} (${seed.naming})`).to.deep.equal([
        TABLES,
        TABLES,
      ]);
    }
    expect(new Set(result.perSeed.map((s) => s.naming)).size).to.equal(2);
  });

  it("with calls and jobs failing at 5%, at least 95% of tables copied and restored over 6 seeds", async () => {
    const result = await faultTolerance({
      projectDir: PROJECT_DIR,
      seeds: seeds(6),
      callFaults: 0.05,
      jobFaults: 0.05,
      tables: TABLES,
    });
    expect(result.perSeed.flatMap((s) => s.broken)).to.deep.equal([]);
    expect(result.copiedShare).to.be.at.least(0.95);
    expect(result.restoredShare).to.be.at.least(0.95);
  });
});
