import { centresOf, mergeRuns, weightedQuantile, type SketchPart } from './sketch-merge.js';
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

export type { SketchPart };

/** A part is exact when it holds every value once: no weights, one point per value. */
export function isExactPart(p: SketchPart): boolean {
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
  if (present.every(isExactPart) && n <= k) {
    return { n, points: Array.from(concatSorted(present)) };
  }
  const { values, weights } = mergeRuns(present);
  const centres = centresOf(weights);
  const count = values.length;
  return {
    n,
    points: evenlySpaced(k, (q) => weightedQuantile(values, centres, count, q * (n - 1))),
  };
}

/**
 * Merges parts into one part of at most `k` points: every point with its weight while they fit
 * (lossless: merging it later equals merging its inputs), else `k` evenly spaced weighted
 * quantiles standing for `n / k` values each, like a daily sketch of `n` values.
 */
export function mergeToRun(parts: readonly SketchPart[], k: number): SketchPart {
  const present = parts.filter((s) => s.n > 0 && s.values.length > 0);
  const n = present.reduce((sum, s) => sum + s.n, 0);
  if (present.every(isExactPart) && n <= k)
    return { n, values: concatSorted(present), weights: null };
  const run = mergeRuns(present);
  if (run.values.length <= k) return { n, values: run.values, weights: run.weights };
  const centres = centresOf(run.weights);
  const count = run.values.length;
  const points = evenlySpaced(k, (q) => weightedQuantile(run.values, centres, count, q * (n - 1)));
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
