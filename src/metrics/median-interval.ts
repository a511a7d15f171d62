import type { Interval } from './stats.js';

const Z_95 = 1.959963984540054;

/**
 * Distribution-free 95 % interval for a median from order statistics: the ranks
 * n/2 ∓ z·√n/2 of the sorted sample (normal approximation to Binomial(n, ½); Conover,
 * Practical Nonparametric Statistics, §3.2). Durations are skewed, so a mean ± t interval would
 * misstate them. Null below 3 values, where no interval says anything.
 */
export function medianInterval(sortedAsc: readonly number[]): Interval | null {
  const n = sortedAsc.length;
  if (n < 3) return null;
  const half = (Z_95 * Math.sqrt(n)) / 2;
  const lowRank = Math.max(1, Math.floor(n / 2 - half));
  const highRank = Math.min(n, Math.ceil(1 + n / 2 + half));
  return { low: sortedAsc[lowRank - 1] ?? NaN, high: sortedAsc[highRank - 1] ?? NaN };
}
