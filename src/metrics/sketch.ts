import { quantile } from './stats.js';

/** Sketch size bound; the same 128 as the store's `ROLLUP_SKETCH_POINTS` (metrics must not import the store). */
export const SKETCH_POINTS = 128;

/**
 * A mergeable quantile sketch in the rollup format of `KpiRollup`: `points` is sorted ascending
 * and holds every value while `n ≤ k` (exact), else the `k` evenly spaced order statistics
 * `q(i / (k - 1))` of the `n` values.
 */
export interface QuantileSketch {
  n: number;
  points: number[];
}

/**
 * Builds a sketch from raw values (nulls skipped). Exact while there are at most `k` values, so
 * the small daily counts most slices have lose nothing.
 */
export function buildSketch(
  values: Iterable<number | null | undefined>,
  k: number = SKETCH_POINTS,
): QuantileSketch {
  const present: number[] = [];
  for (const v of values) if (v !== null && v !== undefined) present.push(v);
  const sorted = Array.from(Float64Array.from(present).sort());
  if (sorted.length <= k) return { n: sorted.length, points: sorted };
  return { n: sorted.length, points: evenlySpaced(k, (q) => quantile(sorted, q)) };
}

/**
 * Merges sketches (e.g. 90 days of one slice). Exact inputs whose total fits in `k` concatenate
 * exactly; otherwise the result is the weighted quantiles of all points, each point standing for
 * `n / points.length` values of its sketch, so the rank error stays under about `1 / k`.
 */
export function mergeSketches(
  sketches: readonly QuantileSketch[],
  k: number = SKETCH_POINTS,
): QuantileSketch {
  const parts = sketches.filter((s) => s.n > 0 && s.points.length > 0);
  const n = parts.reduce((sum, s) => sum + s.n, 0);
  const allExact = parts.every((s) => s.points.length === s.n);
  if (allExact && n <= k) {
    return { n, points: Array.from(Float64Array.from(parts.flatMap((s) => s.points)).sort()) };
  }
  const { values, weights } = mergeRuns(parts);
  // Each point sits at the centre of the ranks it stands for; with unit weights the centre of the
  // j-th point is rank j, so this reduces to the type-7 quantile of exact data.
  const centres = new Float64Array(values.length);
  let before = 0;
  for (let i = 0; i < values.length; i += 1) {
    const weight = weights[i] ?? 0;
    centres[i] = before + weight / 2 - 0.5;
    before += weight;
  }
  return { n, points: evenlySpaced(k, (q) => weightedQuantile(values, centres, q * (n - 1))) };
}

/** Points in ascending order with the weight each stands for (n / points of its sketch). */
interface Run {
  values: Float64Array;
  weights: Float64Array;
}

/**
 * Every part's points in ascending order, ties in part order: what a stable sort of the
 * concatenation gives, but by merging the already sorted parts pairwise in typed arrays. The KPI
 * board merges 90 days × every slice value × KPI, and an object per point with a comparator sort
 * was a fifth of its CPU time, most of the rest being the garbage it left.
 */
function mergeRuns(parts: readonly QuantileSketch[]): Run {
  let runs: Run[] = parts.map((s) => {
    const values = Float64Array.from(s.points);
    // Stored sketches are sorted; sorting an unsorted one keeps the result a sort's.
    if (!isAscending(values)) values.sort();
    return { values, weights: new Float64Array(values.length).fill(s.n / s.points.length) };
  });
  while (runs.length > 1) {
    const next: Run[] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const left = runs[i];
      const right = runs[i + 1];
      if (left !== undefined) next.push(right === undefined ? left : mergeTwo(left, right));
    }
    runs = next;
  }
  return runs[0] ?? { values: new Float64Array(0), weights: new Float64Array(0) };
}

/** Merges two runs; on equal values the left run's points come first (stability). */
function mergeTwo(a: Run, b: Run): Run {
  const length = a.values.length + b.values.length;
  const values = new Float64Array(length);
  const weights = new Float64Array(length);
  let i = 0;
  let j = 0;
  for (let out = 0; out < length; out += 1) {
    const takeA =
      j >= b.values.length || (i < a.values.length && (a.values[i] ?? 0) <= (b.values[j] ?? 0));
    if (takeA) {
      values[out] = a.values[i] ?? 0;
      weights[out] = a.weights[i] ?? 0;
      i += 1;
    } else {
      values[out] = b.values[j] ?? 0;
      weights[out] = b.weights[j] ?? 0;
      j += 1;
    }
  }
  return { values, weights };
}

function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i += 1)
    if ((values[i - 1] ?? 0) > (values[i] ?? 0)) return false;
  return true;
}

/**
 * The q-quantile of a sketch by linear interpolation between its points; equals
 * `quantile` of stats.ts (R type 7) while the sketch is exact. Null for an empty sketch.
 */
export function sketchQuantile(sketch: QuantileSketch, q: number): number | null {
  if (sketch.points.length === 0) return null;
  // Compressed points are the order statistics at q = i / (k - 1), so interpolating between
  // them by position is the same rule as interpolating between exact order statistics.
  return quantile(sketch.points, q);
}

function evenlySpaced(k: number, at: (q: number) => number): number[] {
  return Array.from({ length: k }, (_, i) => at(i / (k - 1)));
}

/** Interpolates `rank` between the points whose centre ranks bracket it; clamps at the ends. */
function weightedQuantile(values: Float64Array, centres: Float64Array, rank: number) {
  let lo = 0;
  let hi = centres.length - 1;
  const first = values[0] ?? 0;
  const last = values[hi] ?? first;
  if (rank <= (centres[0] ?? 0)) return first;
  if (rank >= (centres[hi] ?? 0)) return last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((centres[mid] ?? 0) <= rank) lo = mid;
    else hi = mid;
  }
  const c0 = centres[lo] ?? 0;
  const c1 = centres[hi] ?? c0;
  const v0 = values[lo] ?? first;
  const v1 = values[hi] ?? v0;
  return c1 === c0 ? v0 : v0 + ((rank - c0) / (c1 - c0)) * (v1 - v0);
}
