import { Flow } from "./flow";
import { $, States, type Ref } from "./paths";

/**
 * Whole minutes since 2020-01-01T00:00Z of an ISO-8601 UTC timestamp, computed in ASL.
 *
 * Step Functions has no date arithmetic, yet a restore must tell whether a copy is older than a
 * configured age. The timestamp is split into its fields (one-character splitters, which mean the
 * same in AWS and in the local interpreter), each field turned into a number (`"08"` is not JSON,
 * so `"108"` minus 100), and the fields' minute offsets looked up in tables carried in the state
 * input: `MathAdd` is the only arithmetic there is, and it adds 32-bit integers. Covers 2020-2099.
 */
export const CLOCK_FIRST_YEAR = 2020;
export const CLOCK_LAST_YEAR = 2099;

const MINUTES_PER_DAY = 24 * 60;
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthStarts(leap: boolean): number[] {
  let minutes = 0;
  return DAYS_IN_MONTH.map((days, month) => {
    const start = minutes;
    minutes += (days + (leap && month === 1 ? 1 : 0)) * MINUTES_PER_DAY;
    return start;
  });
}

/** The lookup tables the computation reads, as a state input member. */
export function clockTables() {
  const years: number[] = [];
  const leap: number[] = [];
  let minutes = 0;
  for (let year = CLOCK_FIRST_YEAR; year <= CLOCK_LAST_YEAR; year++) {
    years.push(minutes);
    leap.push(isLeap(year) ? 1 : 0);
    minutes += (isLeap(year) ? 366 : 365) * MINUTES_PER_DAY;
  }
  return {
    years,
    leap,
    months: [monthStarts(false), monthStarts(true)],
    days: Array.from({ length: 31 }, (_, d) => d * MINUTES_PER_DAY),
    hours: Array.from({ length: 24 }, (_, h) => h * 60),
  };
}

/** The same number computed in TypeScript, for tests and the rehearsal. */
export function minutesSince2020(iso: string): number {
  return Math.floor((Date.parse(iso) - Date.UTC(CLOCK_FIRST_YEAR, 0, 1)) / 60_000);
}

/** `"08"` -> 8, `"2026"` -> 2026, minus `offset`: a leading 1 makes any field valid JSON. */
function field(parts: Ref, index: number, digits: number, offset: number): Ref {
  return States.mathAdd(
    States.stringToJson(States.format("1{}", States.arrayGetItem(parts, index))),
    -(10 ** digits) - offset,
  );
}

export interface ClockOptions {
  /** Names the states: `Split <label>`, `Number <label>`, `Minutes of <label>`. */
  label: string;
  /** The ISO-8601 UTC timestamp, e.g. `$$.Execution.StartTime`. */
  timestamp: Ref;
  /** Where the tables of `clockTables()` sit in the state input. */
  tablesPath: string;
  /** A scratch member the computation may overwrite. */
  scratchPath: string;
  /** Where the minutes land. */
  resultPath: string;
}

/** Three Pass states computing the minutes of `timestamp` into `resultPath`. */
export function minutesOf(options: ClockOptions): Flow {
  const { label, tablesPath: t, scratchPath: s } = options;
  const halves = States.stringSplit(options.timestamp, "T");
  return Flow.start()
    .pass(`Split ${label}`, {
      Parameters: {
        date: States.stringSplit(States.arrayGetItem(halves, 0), "-"),
        time: States.stringSplit(States.arrayGetItem(halves, 1), ":"),
      },
      ResultPath: s,
    })
    .pass(`Number ${label}`, {
      Parameters: {
        year: field($(`${s}.date`), 0, 4, CLOCK_FIRST_YEAR),
        month: field($(`${s}.date`), 1, 2, 1),
        day: field($(`${s}.date`), 2, 2, 1),
        hour: field($(`${s}.time`), 0, 2, 0),
        minute: field($(`${s}.time`), 1, 2, 0),
      },
      ResultPath: s,
    })
    .pass(`Minutes of ${label}`, {
      Parameters: {
        minutes: States.mathAdd(
          States.mathAdd(
            States.mathAdd(
              States.arrayGetItem($(`${t}.years`), $(`${s}.year`)),
              States.arrayGetItem(
                States.arrayGetItem(
                  $(`${t}.months`),
                  States.arrayGetItem($(`${t}.leap`), $(`${s}.year`)),
                ),
                $(`${s}.month`),
              ),
            ),
            States.mathAdd(
              States.arrayGetItem($(`${t}.days`), $(`${s}.day`)),
              States.arrayGetItem($(`${t}.hours`), $(`${s}.hour`)),
            ),
          ),
          $(`${s}.minute`),
        ),
      },
      ResultPath: options.resultPath,
    });
}
