import { createRequire } from "node:module";
import aslValidator from "asl-validator";

type AjvClass = new (options: { schemas?: unknown[] }) => object;

/** The ajv that asl-validator loads (its own dependency, resolved from where it is installed). */
const ajvModule = createRequire(require.resolve("asl-validator"))("ajv") as { default: AjvClass };

/** What the validator does to a new instance to set it up; done once, the calls are then no-ops. */
const SET_UP = new Set(["addFormat", "addKeyword", "addVocabulary", "addSchema", "addMetaSchema"]);

/**
 * asl-validator 4.0.0 makes a new ajv instance, and so compiles its JSON schemas, on every call:
 * half a second for any definition, however small. While it runs, `new Ajv(...)` with the same
 * schemas gives the instance it set up the first time, whose compiled schemas are kept, with the
 * set-up calls made no-ops. The validator's checks and results are its own, unchanged.
 */
const instances = new Map<unknown, object>();

function reused(RealAjv: AjvClass): AjvClass {
  return function Ajv(options: { schemas?: unknown[] }) {
    const key = options.schemas?.[0];
    const known = key === undefined ? undefined : instances.get(key);
    if (known === undefined) {
      const instance = new RealAjv(options);
      if (key !== undefined) instances.set(key, instance);
      return instance;
    }
    return new Proxy(known, {
      get(target, property, receiver) {
        if (typeof property === "string" && SET_UP.has(property)) return () => receiver;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  } as unknown as AjvClass;
}

export interface AslVerdict {
  isValid: boolean;
  /** The validator's problems, joined by "; " (empty when valid). */
  problems: string;
}

/** asl-validator's verdict on a definition (which it is given a copy of: it mutates its input). */
export function validateAsl(definition: unknown): AslVerdict {
  const RealAjv = ajvModule.default;
  ajvModule.default = reused(RealAjv);
  try {
    const result = aslValidator(structuredClone(definition) as never);
    return { isValid: result.isValid, problems: result.isValid ? "" : result.errorsText("; ") };
  } finally {
    ajvModule.default = RealAjv;
  }
}
