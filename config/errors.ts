import type { z } from "zod";

/** One thing wrong in one file: where, and what would be right. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

/** Every problem found while loading configuration, reported together. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

export function formatProblem(p: ConfigProblem): string {
  return p.path === "" ? `${p.file}: ${p.message}` : `${p.file}: ${p.path}: ${p.message}`;
}

/** `["tables", 3, "dev", "billing", "read"]` -> `tables[3].dev.billing.read` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return text === "" ? name : `${text}.${name}`;
  }, "");
}

/** Turns zod's issues into problems, one for each unknown key. */
export function problemsFromZod(
  file: string,
  error: z.ZodError,
  prefix: PropertyKey[] = [],
): ConfigProblem[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...path, key]),
        message: issue.message,
      }));
    }
    return [{ file, path: formatPath(path), message: issue.message }];
  });
}
