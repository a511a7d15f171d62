import { CREATED_COUNT_METRIC, SOLVED_COUNT_METRIC } from './catalog.js';
import type { CellStats } from './schemas.js';

/**
 * Ticket volume of a cell: `created` tickets over `days` counted days (the range's days that have
 * started, so a range running into the future is not diluted by days to come). The headline is
 * the mean per day; n is the number of days; the total is in the detail.
 */
export function volumeStats(created: number, days: number): CellStats {
  return {
    n: days,
    median: null,
    p90: null,
    mean: days === 0 ? null : created / days,
    detail: { total: created },
  };
}

/**
 * Resolution rate of a cell: tickets solved in the range ÷ tickets created in the range. The two
 * are different sets of tickets, so the rate can exceed 1 and has no binomial interval; n is the
 * created count (the denominator).
 */
export function resolutionStats(created: number, solved: number): CellStats {
  const rate = created === 0 ? null : solved / created;
  return { n: created, median: null, p90: null, mean: rate, rate, detail: { solved, created } };
}

/**
 * A volume or resolution cell from a slice value's counts (`count(metric)` is the metric's summed
 * n, null when the value has no row of it); null when the value had nothing created or solved.
 */
export function countCell(
  kind: 'volume' | 'resolution',
  count: (metric: string) => number | null,
  days: number,
): CellStats | null {
  const created = count(CREATED_COUNT_METRIC);
  const solved = count(SOLVED_COUNT_METRIC);
  if (created === null && solved === null) return null;
  return kind === 'volume'
    ? volumeStats(created ?? 0, days)
    : resolutionStats(created ?? 0, solved ?? 0);
}
