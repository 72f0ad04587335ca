import { z } from "zod";

/** An object that refuses unknown keys, naming the keys it knows. */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key; expected one of: ${Object.keys(shape).join(", ")}`
        : undefined,
  });
}

export const wholeNumber = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

/** DynamoDB table names: 3 to 255 of `a-z A-Z 0-9 _ - .` */
export const DYNAMODB_TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
