import type { RefreshDescription } from "../chat/describe-refresh";
import { statusLine, summaryLines, tableLine } from "../chat/format-text";
import { countsOf, notListedNote } from "../chat/wording";
import type { Io } from "./io";

/**
 * Shows a followed refresh. On a terminal, one block redrawn in place at each look: the status,
 * a line per table, the counts; once it ended, the failed tables its report left out. Piped, plain
 * lines: each table when its state changes, and the status and summary when it ends.
 */
export function refreshProgress(
  io: Io,
  interactive: boolean,
  now: () => Date = () => new Date(),
): (d: RefreshDescription) => void {
  let drawn = 0;
  const lastState = new Map<string, string>();
  let announced = false;
  return (d) => {
    const nameWidth = Math.max(0, ...d.tables.map((t) => t.targetTable.length));
    if (interactive) {
      const lines = [
        `${d.name}: ${statusLine(d, now())}`,
        ...d.tables.map((t) => `  ${tableLine(t, now(), nameWidth)}`),
        ...(d.tables.length > 0 ? [countsOf(d)] : []),
      ];
      // Back to the first line of the last drawing, and clear from there down. Lines are cut to
      // the terminal's width: a wrapped line would throw the count off.
      const back = drawn > 0 ? `\x1b[${drawn}F\x1b[0J` : "";
      const width = io.columns === undefined ? Infinity : Math.max(20, io.columns - 1);
      const fitted = lines.map((line) =>
        line.length > width ? `${line.slice(0, width - 1)}…` : line,
      );
      io.out(`${back}${fitted.join("\n")}\n`);
      drawn = lines.length;
      // Only an ended refresh has a report: this drawing is the last, and the note, not cut, keeps
      // its command whole.
      const note = notListedNote(d.report);
      if (note !== undefined) io.out(`${note}\n`);
      return;
    }
    if (!announced) {
      io.out(`${d.name}: ${d.status}\n`);
      announced = true;
    }
    for (const t of d.tables) {
      if (lastState.get(t.table) === t.state) continue;
      lastState.set(t.table, t.state);
      if (t.state !== "WAITING") io.out(`  ${tableLine(t, now(), nameWidth)}\n`);
    }
    if (d.status !== "RUNNING") {
      io.out(`${d.name}: ${statusLine(d, now())}\n`);
      for (const line of summaryLines(d)) io.out(`${line}\n`);
    }
  };
}
