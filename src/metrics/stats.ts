/** Headline statistics for a metric's per-item values (metrics.md §15: median, p90, mean and n together). */
export interface DistributionSummary {
  /** Values that were present; nulls are not counted here. */
  n: number;
  /** Items whose metric was undefined (null/undefined), reported so coverage is visible. */
  nullCount: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/**
 * Summarises a sample of metric values. Nulls (and undefined) are excluded from n and counted in
 * nullCount; NaN/Infinity throw (programmer error). Empty -> n 0 and null stats (never 0).
 */
export function summarizeDistribution(
  values: Iterable<number | null | undefined>,
): DistributionSummary {
  const present: number[] = [];
  let nullCount = 0;
  for (const value of values) {
    if (value === null || value === undefined) {
      nullCount += 1;
      continue;
    }
    assertFinite(value, 'summarizeDistribution value');
    present.push(value);
  }
  const n = present.length;
  if (n === 0) return { n, nullCount, mean: null, median: null, p90: null };
  // Float64Array sorts numerically, unlike Array#sort's default string order.
  const sorted = Float64Array.from(present).sort();
  return {
    n,
    nullCount,
    mean: mean(sorted),
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
  };
}

/**
 * Linear interpolation between order statistics (R type 7 = numpy default = Excel
 * PERCENTILE.INC). `sortedAsc` must be sorted ascending and non-empty; q in [0,1].
 */
export function quantile(sortedAsc: ArrayLike<number>, q: number): number {
  if (sortedAsc.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0,1], got ${q}`);
  const h = (sortedAsc.length - 1) * q;
  const lo = Math.floor(h);
  const low = item(sortedAsc, lo);
  if (h === lo) return low;
  return low + (h - lo) * (item(sortedAsc, lo + 1) - low);
}

/** A closed interval; for rates both ends are fractions in [0,1]. */
export interface Interval {
  low: number;
  high: number;
}

/** Two-sided 95% normal quantile. */
const Z_95 = 1.959963984540054;

/**
 * Wilson score interval (95% by default, z = 1.959963984540054) for successes/n; null when n = 0.
 * Fractions in [0,1].
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, n]`);
  }
  if (!(Number.isFinite(z) && z > 0)) throw new RangeError('z must be positive and finite');
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0/n and n/n the exact bound is 0 or 1; rounding would otherwise leave 1e-17 off it.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** A proportion with its population and 95% Wilson interval. */
export interface RateSummary {
  successes: number;
  n: number;
  /** successes / n as a fraction; null when n = 0. */
  rate: number | null;
  ci: Interval | null;
}

/** Summarises a proportion: rate as a fraction (null for n = 0) plus its 95% Wilson interval. */
export function summarizeRate(successes: number, n: number): RateSummary {
  const ci = wilsonInterval(successes, n);
  return { successes, n, rate: n === 0 ? null : successes / n, ci };
}

/**
 * Two-sided 95% t-interval for the mean of `values` (sample standard deviation); null for n < 2,
 * where the spread is unknown.
 */
export function meanTInterval(values: readonly number[]): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  for (const v of values) assertFinite(v, 'meanTInterval value');
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return tIntervalOfMoments(n, m, ss);
}

/**
 * The 95% t-interval of {@link meanTInterval} from a sample's size n (at least 2), mean and sum of
 * squared deviations from that mean, for callers that accumulate those without an array.
 */
export function tIntervalOfMoments(n: number, m: number, squaredDeviations: number): Interval {
  const half = (studentT975(n - 1) * Math.sqrt(squaredDeviations / (n - 1))) / Math.sqrt(n);
  return { low: m - half, high: m + half };
}

/** t(0.975, df) for df = 1..30, from scipy.stats.t.ppf. */
const T_975 = [
  12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934, 2.5705818356363146,
  2.4469118511449786, 2.364624251592784, 2.306004135204166, 2.262157162798205, 2.228138851986274,
  2.200985160091639, 2.1788128296672284, 2.1603686564627913, 2.144786687917804, 2.131449545559776,
  2.1199052992212546, 2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
  2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245,
  2.0595385527532972, 2.0555294386428735, 2.0518305164802846, 2.0484071417952454, 2.045229642132703,
  2.0422724563012378,
];

/**
 * Student t 0.975 quantile: exact table up to df 30, then the Cornish–Fisher expansion in 1/df,
 * whose error there is below 3e-8 and shrinks fast.
 */
function studentT975(df: number): number {
  const tabled = T_975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z_95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** Pearson correlation of paired samples; null when n < 3 or either side has zero variance. */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  checkPairs(xs, ys);
  if (xs.length < 3) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i += 1) {
    const dx = item(xs, i) - mx;
    const dy = item(ys, i) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Spearman rank correlation (average ranks for ties); same null rules. */
export function spearmanCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  checkPairs(xs, ys);
  if (xs.length < 3) return null;
  return pearsonCorrelation(averageRanks(xs), averageRanks(ys));
}

/** 1-based ranks; tied values share the mean of the ranks they span. */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => item(values, a) - item(values, b));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (
      end + 1 < order.length &&
      item(values, item(order, end + 1)) === item(values, item(order, start))
    ) {
      end += 1;
    }
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[item(order, k)] = rank;
    start = end + 1;
  }
  return ranks;
}

function checkPairs(xs: readonly number[], ys: readonly number[]): void {
  if (xs.length !== ys.length) {
    throw new RangeError(`paired samples differ in length: ${xs.length} vs ${ys.length}`);
  }
  for (const v of xs) assertFinite(v, 'correlation x');
  for (const v of ys) assertFinite(v, 'correlation y');
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += item(values, i);
  return sum / values.length;
}

/** Throws a RangeError naming `what` when `value` is NaN or infinite. */
export function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be finite, got ${value}`);
}

/** Indexed read for loops already bounded by length; the throw only guards against misuse. */
function item(values: ArrayLike<number>, index: number): number {
  const v = values[index];
  if (v === undefined) throw new RangeError(`index ${index} out of range`);
  return v;
}
