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
  return mergeParts(
    sketches.map((s) => ({ n: s.n, values: s.points, weights: null })),
    k,
  );
}

/**
 * A sketch, or an already merged run of sketches, as merge input: sorted `values`, each standing
 * for `weights[i]` values, or for `n / values.length` each when `weights` is null (a plain
 * sketch). Weekly and monthly rollups store merged runs in this form (sketch-parts.ts).
 */
export interface SketchPart {
  n: number;
  values: ArrayLike<number>;
  weights: Float64Array | null;
}

/** A part is exact when it holds every value once: no weights, one point per value. */
function isExact(p: SketchPart): boolean {
  return p.weights === null && p.values.length === p.n;
}

/**
 * {@link mergeSketches} over parts. Merging the parts of a run (see {@link mergeToRun}) gives the
 * same points, bit for bit, as merging the sketches the run was merged from, because the merge
 * is a stable sort of every point with its weight and the run keeps both.
 */
export function mergeParts(
  parts: readonly SketchPart[],
  k: number = SKETCH_POINTS,
): QuantileSketch {
  const present = parts.filter((s) => s.n > 0 && s.values.length > 0);
  const n = present.reduce((sum, s) => sum + s.n, 0);
  if (present.every(isExact) && n <= k) {
    return { n, points: Array.from(concatSorted(present)) };
  }
  const { values, weights } = mergeRuns(present);
  const centres = centresOf(weights);
  return { n, points: evenlySpaced(k, (q) => weightedQuantile(values, centres, q * (n - 1))) };
}

/**
 * Merges parts into one part of at most `k` points: every point with its weight while they fit
 * (lossless: merging it later equals merging its inputs), else `k` evenly spaced weighted
 * quantiles standing for `n / k` values each, like a daily sketch of `n` values.
 */
export function mergeToRun(parts: readonly SketchPart[], k: number): SketchPart {
  const present = parts.filter((s) => s.n > 0 && s.values.length > 0);
  const n = present.reduce((sum, s) => sum + s.n, 0);
  if (present.every(isExact) && n <= k) return { n, values: concatSorted(present), weights: null };
  const run = mergeRuns(present);
  if (run.values.length <= k) return { n, values: run.values, weights: run.weights };
  const centres = centresOf(run.weights);
  const points = evenlySpaced(k, (q) => weightedQuantile(run.values, centres, q * (n - 1)));
  return { n, values: Float64Array.from(points), weights: null };
}

function concatSorted(parts: readonly SketchPart[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, s) => sum + s.values.length, 0));
  let offset = 0;
  for (const s of parts) {
    out.set(s.values, offset);
    offset += s.values.length;
  }
  return out.sort();
}

/**
 * Each point sits at the centre of the ranks it stands for; with unit weights the centre of the
 * j-th point is rank j, so this reduces to the type-7 quantile of exact data.
 */
function centresOf(weights: Float64Array): Float64Array {
  const centres = new Float64Array(weights.length);
  let before = 0;
  for (let i = 0; i < weights.length; i += 1) {
    const weight = weights[i] ?? 0;
    centres[i] = before + weight / 2 - 0.5;
    before += weight;
  }
  return centres;
}

/** Points in ascending order with the weight each stands for (n / points of its sketch). */
interface Run {
  values: Float64Array;
  weights: Float64Array;
}

/**
 * Every part's points in ascending order, ties in part order: what a stable sort of the
 * concatenation gives, but by merging the already sorted parts pairwise (bottom-up merge sort
 * over runs) between two pairs of typed arrays. The KPI board merges 90 days × every slice value
 * × KPI; an object per point with a comparator sort was about a sixth of its CPU time, and small
 * allocations per run or per pass showed up as garbage collection.
 */
function mergeRuns(parts: readonly SketchPart[]): Run {
  const total = parts.reduce((sum, s) => sum + s.values.length, 0);
  let run: Run = { values: new Float64Array(total), weights: new Float64Array(total) };
  let spare: Run = { values: new Float64Array(total), weights: new Float64Array(total) };
  let bounds = [0];
  let offset = 0;
  for (const s of parts) {
    const end = offset + s.values.length;
    run.values.set(s.values, offset);
    if (s.weights === null) {
      // Stored sketches are sorted; sorting an unsorted one keeps the result a sort's.
      const segment = run.values.subarray(offset, end);
      if (!isAscending(segment)) segment.sort();
      run.weights.fill(s.n / s.values.length, offset, end);
    } else {
      // A merged run is sorted by construction, its weights aligned with its values.
      run.weights.set(s.weights, offset);
    }
    bounds.push(end);
    offset = end;
  }
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r] ?? 0;
      const mid = bounds[r + 1] ?? lo;
      const hi = bounds[r + 2] ?? mid;
      mergeInto(run, spare, lo, mid, hi);
      next.push(hi);
    }
    [run, spare] = [spare, run];
    bounds = next;
  }
  return run;
}

/**
 * Merges the sorted ranges `[lo, mid)` and `[mid, hi)` of `from` into `[lo, hi)` of `to`; on
 * equal values the left range comes first (stability).
 */
function mergeInto(from: Run, to: Run, lo: number, mid: number, hi: number): void {
  let i = lo;
  let j = mid;
  for (let out = lo; out < hi; out += 1) {
    const takeLeft = j >= hi || (i < mid && (from.values[i] ?? 0) <= (from.values[j] ?? 0));
    const at = takeLeft ? i : j;
    to.values[out] = from.values[at] ?? 0;
    to.weights[out] = from.weights[at] ?? 0;
    if (takeLeft) i += 1;
    else j += 1;
  }
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
