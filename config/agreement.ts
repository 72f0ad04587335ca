import { ConfigError, type ConfigProblem } from "./errors";
import { loadConfig } from "./load";
import { toModel, type StackModel } from "./model";
import { NAMESPACE, REGION_KEY } from "./stack-config";

const list = (values: readonly string[]) => `[${values.join(", ")}]`;

/** Tables one catalog lists differently from the other (missing from one, or a different entry). */
function catalogDifferences(prod: StackModel, dev: StackModel): string[] {
  const entries = (model: StackModel) =>
    new Map(model.tables.map((t) => [t.name, JSON.stringify(t)]));
  const inProd = entries(prod);
  const inDev = entries(dev);
  const names = [...new Set([...inProd.keys(), ...inDev.keys()])];
  return names.filter((name) => inProd.get(name) !== inDev.get(name));
}

/**
 * What the two stack files must say alike, checked wherever both are read: the accounts, the
 * Region, the catalog and the environments. Each problem is placed in the dev stack's file and
 * names what the prod stack's file says.
 */
export function stackDisagreements(prod: StackModel, dev: StackModel): ConfigProblem[] {
  const file = dev.files.stack;
  const other = prod.files.stack;
  const at = (key: string) => `config.${NAMESPACE}:${key}`;
  const problems: ConfigProblem[] = [];
  for (const key of ["prodAccountId", "devAccountId"] as const) {
    if (prod.settings[key] !== dev.settings[key]) {
      problems.push({
        file,
        path: at(key),
        message: `is ${dev.settings[key]}, but ${other} says ${prod.settings[key]}: both stack files must name the same accounts`,
      });
    }
  }
  if (prod.region !== dev.region) {
    problems.push({
      file,
      path: `config.${REGION_KEY}`,
      message: `is ${dev.region}, but ${other} says ${prod.region}: both stacks must be in one Region`,
    });
  }
  const environments = (model: StackModel) => [...model.settings.environments].sort();
  if (list(environments(prod)) !== list(environments(dev))) {
    problems.push({
      file,
      path: at("environments"),
      message: `is ${list(dev.settings.environments)}, but ${other} says ${list(prod.settings.environments)}: both stack files must list the same environments`,
    });
  }
  const differing = catalogDifferences(prod, dev);
  if (differing.length > 0) {
    problems.push({
      file,
      path: at("catalog"),
      message: `${dev.files.catalog} and ${prod.files.catalog} (of ${other}) differ on ${differing.join(", ")}: both stacks must read the same catalog`,
    });
  }
  return problems;
}

/** Refuses two stack models that disagree (see stackDisagreements). */
export function requireAgreement(prod: StackModel, dev: StackModel): void {
  const problems = stackDisagreements(prod, dev);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Both stacks of a project, each valid and both in agreement; every problem of both reported at once. */
export function loadBothStacks(projectDir: string): { prod: StackModel; dev: StackModel } {
  const problems: ConfigProblem[] = [];
  const load = (stack: "prod" | "dev") => {
    try {
      return toModel(loadConfig(projectDir, stack));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const prod = load("prod");
  const dev = load("dev");
  if (prod === undefined || dev === undefined) throw new ConfigError(problems);
  requireAgreement(prod, dev);
  return { prod, dev };
}
