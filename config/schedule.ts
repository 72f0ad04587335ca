/**
 * EventBridge schedule expressions for rules, checked as EventBridge's user guide states them
 * ("Schedule expressions for rules"): `rate(value unit)` and six-field `cron(...)`, in UTC.
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names usable in place of numbers (JAN = 1, SUN = 1), upper case. */
  names?: readonly string[];
  /** Wildcards beyond `, - * /`. */
  question?: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, question: true },
  { name: "year", min: 1970, max: 2199 },
];

const DAY_OF_MONTH = 2;
const DAY_OF_WEEK = 4;

/** A number or name of `field`, as a number; undefined where it is neither, or out of range. */
function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function range(field: CronField): string {
  const names = field.names === undefined ? "" : ` or ${field.names[0]}-${field.names.at(-1)}`;
  return `${field.min}-${field.max}${names}`;
}

/** What is wrong with one comma-separated element of a field (`*`, `5`, `1-5`, `*\/15`, `0/15`). */
function elementProblem(element: string, field: CronField): string | undefined {
  const [base, step, ...extra] = element.split("/");
  if (extra.length > 0 || base === undefined || base === "") return `"${element}" is not a value`;
  if (step !== undefined && !/^[1-9]\d*$/.test(step))
    return `"${element}": the step after / must be a whole number from 1`;
  if (base === "*") return undefined;
  const ends = base.split("-");
  if (ends.length > 2 || ends.some((end) => valueOf(end, field) === undefined))
    return `"${element}" is outside ${range(field)}`;
  return undefined;
}

/** The special forms of the day fields: `L`, `LW`, `15W` (day of month); `L`, `6L`, `3#2` (day of week). */
function specialDay(text: string, index: number): string | undefined | "not special" {
  if (index === DAY_OF_MONTH) {
    if (text === "L" || text === "LW") return undefined;
    const weekday = /^(\d+)W$/.exec(text);
    if (weekday === null) return "not special";
    const day = Number(weekday[1]);
    return day >= 1 && day <= 31 ? undefined : `"${text}": W needs a day from 1 to 31`;
  }
  if (index === DAY_OF_WEEK) {
    if (text === "L") return undefined;
    const last = /^(\w+)L$/.exec(text);
    if (last !== null)
      return valueOf(last[1]!, FIELDS[DAY_OF_WEEK]!) !== undefined
        ? undefined
        : `"${text}": L follows a day from 1-7 or SUN-SAT`;
    const nth = /^(\w+)#(\d+)$/.exec(text);
    if (nth === null) return "not special";
    const ok = valueOf(nth[1]!, FIELDS[DAY_OF_WEEK]!) !== undefined && /^[1-5]$/.test(nth[2]!);
    return ok ? undefined : `"${text}": # takes a day (1-7 or SUN-SAT) and a week from 1 to 5`;
  }
  return "not special";
}

function fieldProblem(text: string, index: number): string | undefined {
  const field = FIELDS[index]!;
  const at = `${field.name} "${text}"`;
  if (text === "?")
    return field.question === true ? undefined : `${at}: ? is only for the day fields`;
  if (text.includes("#") && text.includes(","))
    return `${at}: with #, the day-of-week field holds that one expression only`;
  for (const element of text.split(",")) {
    const special = specialDay(element, index);
    if (special === undefined) continue;
    if (special !== "not special") return `${field.name} ${special}`;
    const problem = elementProblem(element, field);
    if (problem !== undefined) return `${field.name} ${problem}`;
  }
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return `expected 6 fields (${FIELDS.map((f) => f.name).join(" ")}), found ${fields.length}`;
  }
  for (const [index, text] of fields.entries()) {
    const problem = fieldProblem(text, index);
    if (problem !== undefined) return problem;
  }
  const dayOfMonth = fields[DAY_OF_MONTH] === "?";
  const dayOfWeek = fields[DAY_OF_WEEK] === "?";
  if (dayOfMonth === dayOfWeek) {
    return `exactly one of day-of-month and day-of-week must be ?, the other a value or * (as in cron(0 3 * * ? *))`;
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (match === null) return `expected rate(<whole number> <minute(s), hour(s) or day(s)>)`;
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value < 1) return `the value must be 1 or more`;
  const singular = unit.replace(/s$/, "");
  if (value === 1 && unit !== singular) return `with 1, the unit is singular: rate(1 ${singular})`;
  if (value > 1 && unit === singular)
    return `with ${value}, the unit is plural: rate(${value} ${singular}s)`;
  return undefined;
}

/**
 * What is wrong with an EventBridge schedule expression, in words that say what would be right;
 * undefined when it is valid.
 */
export function scheduleProblem(expression: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron !== null) return cronProblem(cron[1]!);
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate !== null) return rateProblem(rate[1]!);
  return "expected an EventBridge schedule such as cron(0 3 * * ? *) or rate(1 day)";
}
