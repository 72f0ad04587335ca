import type { BenchRow } from "./row";

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 24, top: 40, bottom: 48 };

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Refresh time and the ideal against table count (log scale), with the overhead over the ideal
 * written at each point: an SVG for the README.
 */
export function benchChart(rows: BenchRow[]): string {
  const hours = (seconds: number) => seconds / 3600;
  const maxHours = Math.max(1, ...rows.map((r) => hours(r.refresh.simulatedSeconds))) * 1.15;
  const counts = rows.map((r) => r.tables);
  const logMin = Math.log10(Math.min(...counts));
  const logMax = Math.max(logMin + 1, Math.log10(Math.max(...counts)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (count: number) =>
    MARGIN.left + ((Math.log10(count) - logMin) / (logMax - logMin)) * plotW;
  const y = (h: number) => MARGIN.top + plotH - (h / maxHours) * plotH;
  const line = (pick: (r: BenchRow) => number) =>
    rows
      .map(
        (r, i) => `${i === 0 ? "M" : "L"}${x(r.tables).toFixed(1)},${y(hours(pick(r))).toFixed(1)}`,
      )
      .join(" ");
  const ticks = Array.from({ length: 5 }, (_, i) => (maxHours / 4) * i);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">Simulated refresh time against table count</text>`,
    ...ticks.map(
      (h) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(h).toFixed(1)}" y2="${y(h).toFixed(1)}" stroke="#ddd"/>` +
        `<text x="${MARGIN.left - 8}" y="${(y(h) + 4).toFixed(1)}" text-anchor="end">${h.toFixed(1)} h</text>`,
    ),
    ...rows.map(
      (r) =>
        `<text x="${x(r.tables).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${r.tables}</text>`,
    ),
    `<text x="${WIDTH / 2}" y="${HEIGHT - 8}" text-anchor="middle">tables (log scale)</text>`,
    `<path d="${line((r) => r.refresh.idealSeconds)}" fill="none" stroke="#999" stroke-dasharray="6 4" stroke-width="2"/>`,
    `<path d="${line((r) => r.refresh.simulatedSeconds)}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    ...rows.map((r) => {
      const px = x(r.tables).toFixed(1);
      const py = y(hours(r.refresh.simulatedSeconds));
      const overhead = ((r.refresh.ratio - 1) * 100).toFixed(1);
      return (
        `<circle cx="${px}" cy="${py.toFixed(1)}" r="4" fill="#1f77b4"/>` +
        `<text x="${px}" y="${(py - 10).toFixed(1)}" text-anchor="middle">${escape(`+${overhead}%`)}</text>`
      );
    }),
    `<line x1="${MARGIN.left + 8}" x2="${MARGIN.left + 32}" y1="${MARGIN.top + 8}" y2="${MARGIN.top + 8}" stroke="#1f77b4" stroke-width="2"/>`,
    `<text x="${MARGIN.left + 38}" y="${MARGIN.top + 12}">refresh (label: overhead over the ideal)</text>`,
    `<line x1="${MARGIN.left + 8}" x2="${MARGIN.left + 32}" y1="${MARGIN.top + 26}" y2="${MARGIN.top + 26}" stroke="#999" stroke-dasharray="6 4" stroke-width="2"/>`,
    `<text x="${MARGIN.left + 38}" y="${MARGIN.top + 30}">ideal: the tables' own job times at this concurrency</text>`,
    `</svg>`,
  ];
  return parts.join("\n") + "\n";
}
