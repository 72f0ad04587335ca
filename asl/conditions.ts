import type { ChoiceExpression, ComparisonOperator } from "./types";

const VALUE_OPERATORS = [
  "StringEquals",
  "StringLessThan",
  "StringGreaterThan",
  "StringLessThanEquals",
  "StringGreaterThanEquals",
  "NumericEquals",
  "NumericLessThan",
  "NumericGreaterThan",
  "NumericLessThanEquals",
  "NumericGreaterThanEquals",
  "BooleanEquals",
  "TimestampEquals",
  "TimestampLessThan",
  "TimestampGreaterThan",
  "TimestampLessThanEquals",
  "TimestampGreaterThanEquals",
] as const;

/** Every comparison operator of a Choice rule, in the spec's order. */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  ...VALUE_OPERATORS,
  ...VALUE_OPERATORS.map((op) => `${op}Path` as const),
  "StringMatches",
  "IsNull",
  "IsPresent",
  "IsNumeric",
  "IsString",
  "IsBoolean",
  "IsTimestamp",
];

/** A short reading of an expression, for diagrams: `$.job.State == "COMPLETED"`. */
export function describeCondition(expression: ChoiceExpression): string {
  if ("And" in expression) return expression.And.map(describeCondition).join(" and ");
  if ("Or" in expression) return expression.Or.map(describeCondition).join(" or ");
  if ("Not" in expression) return `not (${describeCondition(expression.Not)})`;
  const op = COMPARISON_OPERATORS.find((o) => o in expression);
  if (op === undefined) return expression.Variable;
  const value = (expression as Record<string, unknown>)[op];
  return `${expression.Variable} ${op} ${JSON.stringify(value)}`;
}

function compare(variable: string, op: ComparisonOperator, value: string | number | boolean) {
  return { Variable: variable, [op]: value } as ChoiceExpression;
}

/**
 * Boolean expressions of Choice rules. Type tests take no `false` argument: write
 * `Condition.not(Condition.isPresent(x))`, which means the same in AWS and in every interpreter.
 */
export const Condition = {
  stringEquals: (variable: string, value: string) => compare(variable, "StringEquals", value),
  stringEqualsPath: (variable: string, path: string) => compare(variable, "StringEqualsPath", path),
  stringMatches: (variable: string, pattern: string) => compare(variable, "StringMatches", pattern),
  stringLessThan: (variable: string, value: string) => compare(variable, "StringLessThan", value),
  stringGreaterThan: (variable: string, value: string) =>
    compare(variable, "StringGreaterThan", value),
  numberEquals: (variable: string, value: number) => compare(variable, "NumericEquals", value),
  numberLessThan: (variable: string, value: number) => compare(variable, "NumericLessThan", value),
  numberGreaterThan: (variable: string, value: number) =>
    compare(variable, "NumericGreaterThan", value),
  numberGreaterThanEquals: (variable: string, value: number) =>
    compare(variable, "NumericGreaterThanEquals", value),
  numberEqualsPath: (variable: string, path: string) =>
    compare(variable, "NumericEqualsPath", path),
  numberLessThanPath: (variable: string, path: string) =>
    compare(variable, "NumericLessThanPath", path),
  numberGreaterThanEqualsPath: (variable: string, path: string) =>
    compare(variable, "NumericGreaterThanEqualsPath", path),
  numberLessThanEqualsPath: (variable: string, path: string) =>
    compare(variable, "NumericLessThanEqualsPath", path),
  booleanEquals: (variable: string, value: boolean) => compare(variable, "BooleanEquals", value),
  timestampLessThan: (variable: string, value: string) =>
    compare(variable, "TimestampLessThan", value),
  timestampLessThanPath: (variable: string, path: string) =>
    compare(variable, "TimestampLessThanPath", path),
  timestampGreaterThanEqualsPath: (variable: string, path: string) =>
    compare(variable, "TimestampGreaterThanEqualsPath", path),
  isPresent: (variable: string) => compare(variable, "IsPresent", true),
  isNull: (variable: string) => compare(variable, "IsNull", true),
  isString: (variable: string) => compare(variable, "IsString", true),
  isNumeric: (variable: string) => compare(variable, "IsNumeric", true),
  isBoolean: (variable: string) => compare(variable, "IsBoolean", true),
  isTimestamp: (variable: string) => compare(variable, "IsTimestamp", true),
  /** True when the variable is one of the values. */
  stringIn: (variable: string, values: readonly string[]): ChoiceExpression => {
    if (values.length === 0) throw new Error(`stringIn(${variable}): give at least one value`);
    const rules = values.map((v) => Condition.stringEquals(variable, v));
    return rules.length === 1 ? rules[0]! : { Or: rules };
  },
  and: (...all: ChoiceExpression[]): ChoiceExpression => ({ And: all }),
  or: (...any: ChoiceExpression[]): ChoiceExpression => ({ Or: any }),
  not: (expression: ChoiceExpression): ChoiceExpression => ({ Not: expression }),
} as const;
