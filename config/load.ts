import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, YAMLParseError } from "yaml";
import { catalogSchema, type Catalog } from "./catalog";
import { ConfigError, problemsFromZod, type ConfigProblem } from "./errors";
import { guardrailProblems } from "./guardrails";
import { fitConcurrency } from "./run-fit";
import {
  isRegion,
  NAMESPACE,
  REGION_KEY,
  stackSettingsSchema,
  STACKS,
  type StackName,
  type StackSettings,
} from "./stack-config";

/** Everything a stack is configured with, validated. */
export interface LoadedConfig {
  stack: StackName;
  region: string;
  settings: StackSettings;
  catalog: Catalog;
  files: { stack: string; catalog: string };
}

/** Namespaces a stack file may use besides ours; their keys are Pulumi's or the provider's. */
const FOREIGN_NAMESPACES = ["aws", "pulumi"];

export function isStackName(name: string): name is StackName {
  return (STACKS as readonly string[]).includes(name);
}

function readYaml(file: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError([{ file: shownAs, path: "", message: reason }]);
  }
  return parseYaml(text, shownAs);
}

/**
 * Texts already parsed, with what they hold: a rehearsal, the benchmark and the tests load the
 * same few files again and again, and parsing them took more CPU than all else the loading does.
 */
const parsedTexts = new Map<string, unknown>();
const PARSED_TEXTS_KEPT = 32;

/** YAML text as data, or a ConfigError naming the file and the first thing wrong. */
export function parseYaml(text: string, shownAs: string): unknown {
  if (!parsedTexts.has(text)) {
    let data: unknown;
    try {
      data = parse(text);
    } catch (error) {
      const message =
        error instanceof YAMLParseError ? error.message.split("\n")[0]! : String(error);
      throw new ConfigError([{ file: shownAs, path: "", message: `not valid YAML: ${message}` }]);
    }
    if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(text, data);
  }
  // A copy, for the caller may change what it is given.
  return structuredClone(parsedTexts.get(text));
}

function validCatalog(data: unknown, shownAs: string): Catalog {
  const parsed = catalogSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(problemsFromZod(shownAs, parsed.error));
  return parsed.data;
}

/** A table catalog's text, validated as `loadCatalog` validates the file. */
export function catalogFromText(text: string, shownAs: string): Catalog {
  return validCatalog(parseYaml(text, shownAs), shownAs);
}

/** Reads and validates a table catalog. */
export function loadCatalog(file: string, shownAs: string = file): Catalog {
  return validCatalog(readYaml(file, shownAs), shownAs);
}

/**
 * Reads `Pulumi.<stack>.yaml` in the project folder and the catalog it names, and validates both.
 * All problems are reported at once in a ConfigError.
 */
export function loadConfig(projectDir: string, stack: string): LoadedConfig {
  if (!isStackName(stack)) {
    throw new ConfigError([
      {
        file: "--stack",
        path: "",
        message: `"${stack}" is not a stack; expected one of: ${STACKS.join(", ")}`,
      },
    ]);
  }
  const stackFile = `Pulumi.${stack}.yaml`;
  const document = readYaml(path.join(projectDir, stackFile), stackFile);
  const config = (document as { config?: unknown } | null)?.config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new ConfigError([
      { file: stackFile, path: "config", message: "expected a mapping of config keys" },
    ]);
  }

  const problems: ConfigProblem[] = [];
  const ours: Record<string, unknown> = {};
  let region: unknown;
  for (const [key, value] of Object.entries(config)) {
    const [namespace, name] = key.includes(":") ? key.split(":", 2) : [NAMESPACE, key];
    if (namespace === NAMESPACE) ours[name!] = value;
    else if (key === REGION_KEY) region = value;
    else if (!FOREIGN_NAMESPACES.includes(namespace!)) {
      problems.push({
        file: stackFile,
        path: `config.${key}`,
        message: `unknown key; this project's keys are under "${NAMESPACE}:"`,
      });
    }
  }
  if (!isRegion(region)) {
    problems.push({
      file: stackFile,
      path: `config.${REGION_KEY}`,
      message: "expected an AWS Region such as eu-west-1",
    });
  }

  const settings = stackSettingsSchema.safeParse(ours);
  if (!settings.success) {
    problems.push(
      ...problemsFromZod(stackFile, settings.error).map((p) => ({
        ...p,
        path: `config.${NAMESPACE}:${p.path === "" ? "" : p.path}`.replace(/:$/, ""),
      })),
    );
  } else if (settings.data.stackRole !== stack) {
    problems.push({
      file: stackFile,
      path: `config.${NAMESPACE}:stackRole`,
      message: `is ${settings.data.stackRole}, but this is the file of the ${stack} stack; expected ${stack}`,
    });
  }
  const catalogFile = typeof ours.catalog === "string" ? ours.catalog : undefined;
  let catalog: Catalog | undefined;
  if (catalogFile !== undefined) {
    try {
      const parsed = catalogSchema.safeParse(
        readYaml(path.join(projectDir, catalogFile), catalogFile),
      );
      if (parsed.success) catalog = parsed.data;
      else problems.push(...problemsFromZod(catalogFile, parsed.error));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  let maxConcurrency = 0;
  if (settings.success && catalog !== undefined) {
    problems.push(
      ...guardrailProblems(stack, stackFile, settings.data, Object.keys(ours), catalog),
    );
    const fit = fitConcurrency(stack, stackFile, settings.data, catalog);
    maxConcurrency = fit.maxConcurrency;
    problems.push(...fit.problems);
  }
  if (
    !settings.success ||
    catalog === undefined ||
    catalogFile === undefined ||
    problems.length > 0
  ) {
    throw new ConfigError(problems);
  }

  return {
    stack,
    region: region as string,
    settings: { ...settings.data, maxConcurrency },
    catalog,
    files: { stack: stackFile, catalog: catalogFile },
  };
}
