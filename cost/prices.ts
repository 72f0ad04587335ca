import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError, problemsFromZod } from "../config/errors";
import { strictObject } from "../config/zod-helpers";

const perUnit = (what: string) =>
  z
    .number({ error: `expected ${what} in USD, a number >= 0` })
    .min(0, { error: `expected ${what} in USD, a number >= 0` });

/** A price file: what each method charges per GB, for one Region at one date. */
export const priceFileSchema = strictObject({
  description: z.string().optional(),
  region: z.string({ error: "expected the Region these prices are for" }).min(1),
  date: z.string({ error: "expected the date these prices were read, e.g. 2026-11" }).min(1),
  currency: z.literal("USD", { error: "expected USD" }),
  backup: strictObject({
    backupPerGb: perUnit("the price per GB backed up"),
    restorePerGb: perUnit("the price per GB restored"),
    storagePerGbMonth: perUnit("the price per GB-month of backup storage"),
  }),
  s3Export: strictObject({
    exportPerGb: perUnit("the price per GB exported"),
    importPerGb: perUnit("the price per GB imported"),
    storagePerGbMonth: perUnit("the price per GB-month of S3 storage"),
  }),
});

export type Prices = z.infer<typeof priceFileSchema>;

export function loadPrices(file: string, shownAs: string = file): Prices {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "file not found"
        : `not valid JSON: ${(error as Error).message}`;
    throw new ConfigError([{ file: shownAs, path: "", message: reason }]);
  }
  const parsed = priceFileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(problemsFromZod(shownAs, parsed.error));
  return parsed.data;
}
