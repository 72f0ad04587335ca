/**
 * A table's size in GB (10^9 bytes, as the catalog counts) to two significant digits, or to the
 * hundredth below 1 GB: DynamoDB updates it every six hours or so, and cost estimates and
 * planning need no more, so a catalog does not change at each import.
 */
export function sizeGbOf(bytes: number | undefined): number {
  const gb = (bytes ?? 0) / 1e9;
  if (gb < 1) return Math.round(gb * 100) / 100;
  return Number(gb.toPrecision(2));
}
