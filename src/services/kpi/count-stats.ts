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
