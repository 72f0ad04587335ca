import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { scratchDir } from "../helpers/scratch";
import { run } from "../../cli/main";
import { captureIo } from "../helpers/io";
import { manifestFiles, validateDefinition, type Manifest } from "../../stack/synth-files";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { planStack } from "../../stack/plan";
import { editYaml, s3ExportProject, scratchProject } from "../helpers/project";

function outDir(): string {
  return path.join(scratchDir("synth-"), "out");
}

async function synth(project: string, stack: string, out = outDir()) {
  const io = captureIo();
  const code = await run(["synth", "--stack", stack, "--out", out, "--project", project], io);
  return { code, dir: out, project, stdout: io.stdout, stderr: io.stderr };
}

describe("datarefresh synth", () => {
  for (const stack of ["prod", "dev"]) {
    describe(`the example ${stack} stack`, () => {
      let result: Awaited<ReturnType<typeof synth>>;
      let manifest: Manifest;
      before(async () => {
        result = await synth(scratchProject(), stack);
        manifest = JSON.parse(
          readFileSync(path.join(result.dir, "manifest.json"), "utf8"),
        ) as Manifest;
      });

      it("exits 0 and says what it wrote", () => {
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(new RegExp(`^synth ${stack}: wrote \\d+ files`));
      });

      it("writes a manifest naming the stack, and exactly the files it lists", () => {
        expect(manifest.stack).to.equal(stack);
        const listed = [
          "manifest.json",
          ...manifest.stateMachines.flatMap((m) => [m.definition, `${m.name}.mmd`]),
          ...manifest.policies.map((p) => p.file),
          manifest.deployerPolicy,
        ].sort();
        expect(readdirSync(result.dir).sort()).to.deep.equal(listed);
      });

      it("writes the deployer's policy the stack's plan derives", () => {
        expect(manifest.deployerPolicy).to.equal("deployer.policy.json");
        const document = JSON.parse(
          readFileSync(path.join(result.dir, "deployer.policy.json"), "utf8"),
        );
        const plan = planStack(toModel(loadConfig(result.project, stack)));
        expect(document).to.deep.equal(plan.deployerPolicy);
      });

      it("lists each policy once, with a known kind, as valid JSON policy documents", () => {
        const names = manifest.policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const p of manifest.policies) {
          expect(["identity", "trust", "vault-access", "kms-key", "bucket"]).to.include(p.kind);
          expect(p.file).to.equal(`${p.name}.policy.json`);
          const document = JSON.parse(readFileSync(path.join(result.dir, p.file), "utf8"));
          expect(document.Version).to.equal("2012-10-17");
          expect(document.Statement).to.be.an("array").with.length.greaterThan(0);
        }
      });

      it("links each state machine to its role's policies, all of which exist", () => {
        const names = new Set(manifest.policies.map((p) => p.name));
        for (const machine of manifest.stateMachines) {
          expect(machine.policies).to.include(`${machine.role}.trust`);
          for (const p of machine.policies) expect(names.has(p), p).to.equal(true);
        }
      });

      it("writes definitions that asl-validator accepts, and a Mermaid chart of each", () => {
        for (const machine of manifest.stateMachines) {
          const definition = JSON.parse(
            readFileSync(path.join(result.dir, machine.definition), "utf8"),
          );
          expect(() => validateDefinition(machine.name, definition)).not.to.throw();
          const chart = readFileSync(path.join(result.dir, `${machine.name}.mmd`), "utf8");
          expect(chart.startsWith("flowchart TD\n")).to.equal(true);
          for (const state of Object.keys(definition.States))
            expect(chart).to.include(`"${state}"`);
        }
      });
    });
  }

  it("writes the prod machines and the dev side's vault and key policies", async () => {
    const prod = await synth(scratchProject(), "prod");
    const dev = await synth(scratchProject(), "dev");
    const read = (dir: string) =>
      JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    expect(read(prod.dir).stateMachines.map((m) => m.name)).to.include(
      "datarefresh-backup-and-copy",
    );
    expect(read(dev.dir).policies.map((p) => p.kind)).to.include.members([
      "vault-access",
      "kms-key",
      "trust",
      "identity",
    ]);
  });

  it("writes the same files twice over (stable output)", async () => {
    const project = scratchProject();
    const a = await synth(project, "prod");
    const b = await synth(project, "prod");
    for (const file of readdirSync(a.dir)) {
      expect(readFileSync(path.join(b.dir, file), "utf8"), file).to.equal(
        readFileSync(path.join(a.dir, file), "utf8"),
      );
    }
  });

  describe("refuses bad input with one clear line, exit code 2 and nothing written", () => {
    async function expectRefused(project: string, stack: string, ...expected: RegExp[]) {
      const result = await synth(project, stack);
      expect(result.code).to.equal(2);
      for (const pattern of expected) expect(result.stderr).to.match(pattern);
      expect(existsSync(result.dir), "output folder").to.equal(false);
      return result;
    }

    it("a stack that does not exist", async () => {
      await expectRefused(scratchProject(), "staging", /'staging' is invalid.*prod, dev/);
    });

    it("a missing stack file", async () => {
      await expectRefused(scratchDir("empty-"), "prod", /^Pulumi\.prod\.yaml: file not found$/m);
    });

    it("a stack file that is not YAML", async () => {
      const project = scratchProject();
      writeFileSync(path.join(project, "Pulumi.prod.yaml"), "config: [unclosed\n");
      await expectRefused(project, "prod", /^Pulumi\.prod\.yaml: not valid YAML: /m);
    });

    it("an unknown key in our namespace, naming the keys it knows", async () => {
      const project = scratchProject();
      editYaml(
        path.join(project, "Pulumi.prod.yaml"),
        ["config", "datarefresh:pollIntervalSecond"],
        30,
      );
      await expectRefused(
        project,
        "prod",
        /^Pulumi\.prod\.yaml: config\.datarefresh:pollIntervalSecond: unknown key; expected one of: .*pollIntervalSeconds/m,
      );
    });

    it("a key in a foreign namespace", async () => {
      const project = scratchProject();
      editYaml(path.join(project, "Pulumi.dev.yaml"), ["config", "datarefesh:catalog"], "x.yaml");
      await expectRefused(
        project,
        "dev",
        /config\.datarefesh:catalog: unknown key; this project's keys are under "datarefresh:"/,
      );
    });

    it("an account ID given as a number, and a bad region, reported together", async () => {
      const project = scratchProject();
      const file = path.join(project, "Pulumi.prod.yaml");
      editYaml(file, ["config", "datarefresh:devAccountId"], 222222222222);
      editYaml(file, ["config", "aws:region"], "Ireland");
      const result = await expectRefused(
        project,
        "prod",
        /config\.datarefresh:devAccountId: expected a 12-digit AWS account ID in quotes/,
        /config\.aws:region: expected an AWS Region such as eu-west-1/,
      );
      expect(result.stderr.trim().split("\n")).to.have.length(2);
    });

    it("a stack file whose stackRole is the other stack's", async () => {
      const project = scratchProject();
      editYaml(path.join(project, "Pulumi.prod.yaml"), ["config", "datarefresh:stackRole"], "dev");
      await expectRefused(
        project,
        "prod",
        /config\.datarefresh:stackRole: is dev, but this is the file of the prod stack/,
      );
    });

    it("a missing catalog file, named as the stack file names it", async () => {
      const project = scratchProject();
      editYaml(
        path.join(project, "Pulumi.prod.yaml"),
        ["config", "datarefresh:catalog"],
        "tables.yaml",
      );
      await expectRefused(project, "prod", /^tables\.yaml: file not found$/m);
    });

    it("a bad catalog entry, with its path", async () => {
      const project = scratchProject();
      editYaml(path.join(project, "catalog.yaml"), ["tables", 0, "dev", "billing", "read"], -1);
      await expectRefused(
        project,
        "prod",
        /^catalog\.yaml: tables\[0\]\.dev\.billing\.read: expected a whole number from 1 to 40000$/m,
      );
    });
  });

  describe("the --out folder holds exactly the stack's files", () => {
    it("after a synth with fewer files: no stale file of the earlier one stays", async () => {
      const project = s3ExportProject();
      const out = outDir();
      expect((await synth(project, "prod", out)).code).to.equal(0);
      expect(readdirSync(out)).to.include("datarefresh-prod-exports.kms-key.policy.json");
      editYaml(path.join(project, "catalog.yaml"), ["tables", 3], undefined);
      expect((await synth(project, "prod", out)).code).to.equal(0);
      const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
      expect(readdirSync(out).sort()).to.deep.equal(
        ["manifest.json", ...manifestFiles(manifest)!].sort(),
      );
      expect(readdirSync(out)).to.not.include("datarefresh-prod-exports.kms-key.policy.json");
      // Nothing is left beside it: the swap's folders are gone.
      expect(readdirSync(path.dirname(out))).to.deep.equal(["out"]);
    });

    it("over the other stack's earlier output, which it replaces", async () => {
      const project = scratchProject();
      const out = outDir();
      await synth(project, "dev", out);
      expect((await synth(project, "prod", out)).code).to.equal(0);
      expect(JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")).stack).to.equal(
        "prod",
      );
      expect(readdirSync(out)).to.not.include("datarefresh-state.policy.json");
    });

    it("refuses, before any work, a folder holding files synth did not write", async () => {
      const out = outDir();
      mkdirSync(out);
      writeFileSync(path.join(out, "notes.txt"), "mine");
      // A broken project too: the folder is refused first.
      const result = await synth(scratchDir("empty-"), "prod", out);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(
        `datarefresh: --out ${out}: holds files and no manifest.json of an earlier synth; give a new or empty folder, or one synth wrote\n`,
      );
      expect(readdirSync(out)).to.deep.equal(["notes.txt"]);
    });

    it("refuses an earlier output with a file added to it, naming the file", async () => {
      const project = scratchProject();
      const out = outDir();
      await synth(project, "prod", out);
      writeFileSync(path.join(out, "review.md"), "looks good");
      const before = readdirSync(out).sort();
      const result = await synth(project, "prod", out);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(
        /--out .*: holds files an earlier synth did not write \(review\.md\); move them out, or give another folder/,
      );
      expect(readdirSync(out).sort()).to.deep.equal(before);
    });

    it("refuses --out naming a file, before any work", async () => {
      const file = path.join(scratchDir("synth-"), "x");
      writeFileSync(file, "not a folder");
      const result = await synth(scratchDir("empty-"), "prod", file);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(
        `datarefresh: --out ${file}: is a file; expected a folder (created if missing)\n`,
      );
      expect(readFileSync(file, "utf8")).to.equal("not a folder");
    });

    it("leaves an earlier output as it was when the configuration is refused", async () => {
      const project = scratchProject();
      const out = outDir();
      await synth(project, "prod", out);
      const before = readdirSync(out).map((f) => [f, readFileSync(path.join(out, f), "utf8")]);
      editYaml(path.join(project, "Pulumi.prod.yaml"), ["config", "datarefresh:maxConcurrency"], 0);
      expect((await synth(project, "prod", out)).code).to.equal(2);
      expect(
        readdirSync(out).map((f) => [f, readFileSync(path.join(out, f), "utf8")]),
      ).to.deep.equal(before);
    });

    it("writes into an empty folder, and creates missing parents", async () => {
      const empty = outDir();
      mkdirSync(empty);
      expect((await synth(scratchProject(), "prod", empty)).code).to.equal(0);
      const nested = path.join(outDir(), "a", "b");
      expect((await synth(scratchProject(), "prod", nested)).code).to.equal(0);
      expect(readdirSync(nested)).to.include("manifest.json");
    });
  });

  describe("a catalog with an s3-export table", () => {
    const manifests: Record<string, Manifest> = {};
    before(async () => {
      const project = s3ExportProject();
      for (const stack of ["prod", "dev"]) {
        const result = await synth(project, stack);
        expect(result.code, result.stderr).to.equal(0);
        manifests[stack] = JSON.parse(
          readFileSync(path.join(result.dir, "manifest.json"), "utf8"),
        ) as Manifest;
      }
    });

    it("writes the export bucket's policy and the export key's policy in prod", () => {
      expect(manifests.prod!.policies.map((p) => `${p.kind} ${p.name}`)).to.include.members([
        "bucket datarefresh-exports-111111111111-eu-west-1.bucket",
        "kms-key datarefresh-prod-exports.kms-key",
      ]);
    });

    it("writes the import role's identity and trust in dev, and nothing of the bucket", () => {
      const dev = manifests.dev!.policies.map((p) => `${p.kind} ${p.name}`);
      expect(dev).to.include.members([
        "identity datarefresh-import.identity",
        "trust datarefresh-import.trust",
      ]);
      expect(dev.filter((p) => p.startsWith("bucket"))).to.deep.equal([]);
    });

    it("writes neither where no table is s3-export", async () => {
      const result = await synth(scratchProject(), "prod");
      const manifest = JSON.parse(
        readFileSync(path.join(result.dir, "manifest.json"), "utf8"),
      ) as Manifest;
      expect(manifest.policies.filter((p) => p.kind === "bucket")).to.deep.equal([]);
      expect(manifest.policies.map((p) => p.name)).to.not.include(
        "datarefresh-prod-exports.kms-key",
      );
    });
  });
});
