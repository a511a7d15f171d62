import { seededUniform, type Uniform } from './forecast-random.js';
import type { Interval } from './stats.js';
import { quantile } from './stats.js';

/** Resamples of a bootstrap interval: enough for stable 2.5/97.5 % percentiles. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Percentile bootstrap 95 % interval of median(a) − median(b): each resample draws both
 * samples with replacement. Seeded (mulberry32), so the same cohorts give the same interval on
 * every request. Null when either sample is empty.
 */
export function bootstrapMedianDifference(
  a: readonly number[],
  b: readonly number[],
  seed: number,
  resamples: number = BOOTSTRAP_RESAMPLES,
): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const random = seededUniform(seed);
  const sortedA = Float64Array.from(a).sort();
  const sortedB = Float64Array.from(b).sort();
  const countsA = new Int32Array(a.length);
  const countsB = new Int32Array(b.length);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) {
    diffs[r] =
      resampledMedian(random, sortedA, countsA) - resampledMedian(random, sortedB, countsB);
  }
  diffs.sort();
  return { low: quantile(diffs, 0.025), high: quantile(diffs, 0.975) };
}

/**
 * The median of one resample of `sorted`, without sorting it: a resample is a count per
 * original position, and its order statistics are read off the running count (linear time,
 * which keeps 2,000 resamples of tens of thousands of tickets well under a second).
 */
function resampledMedian(random: Uniform, sorted: Float64Array, counts: Int32Array): number {
  const n = sorted.length;
  counts.fill(0);
  for (let i = 0; i < n; i += 1) {
    const at = Math.floor(random() * n);
    counts[at] = (counts[at] ?? 0) + 1;
  }
  // Type-7 median: the mean of the order statistics at (n − 1) / 2 rounded down and up.
  const lowRank = Math.floor((n - 1) / 2);
  const highRank = Math.ceil((n - 1) / 2);
  let seen = 0;
  let low: number | null = null;
  for (let i = 0; i < n; i += 1) {
    seen += counts[i] ?? 0;
    const value = sorted[i] ?? 0;
    if (low === null && seen > lowRank) low = value;
    if (seen > highRank) return ((low ?? value) + value) / 2;
  }
  throw new RangeError('a resample holds fewer values than its source');
}
