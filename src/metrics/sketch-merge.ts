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

/*
 * The merge behind mergeParts and mergeToRun (sketch.ts), in phases a caller can run on arrays of
 * its own (sketch-quantiles.ts): place every part's points and weights one after the other, merge
 * the placed runs, then read ranks off the points' centres.
 */

/**
 * Each point sits at the centre of the ranks it stands for; with unit weights the centre of the
 * j-th point is rank j, so this reduces to the type-7 quantile of exact data.
 */
export function centresOf(weights: Float64Array): Float64Array {
  return centresInto(weights, weights.length, new Float64Array(weights.length));
}

/** {@link centresOf} of the first `count` weights, written into `centres`. */
export function centresInto(
  weights: Float64Array,
  count: number,
  centres: Float64Array,
): Float64Array {
  let before = 0;
  for (let i = 0; i < count; i += 1) {
    const weight = weights[i] ?? 0;
    centres[i] = before + weight / 2 - 0.5;
    before += weight;
  }
  return centres;
}

/** Points in ascending order with the weight each stands for (n / points of its sketch). */
export interface Run {
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
export function mergeRuns(parts: readonly SketchPart[]): Run {
  const total = parts.reduce((sum, s) => sum + s.values.length, 0);
  const run: Run = { values: new Float64Array(total), weights: new Float64Array(total) };
  const spare: Run = { values: new Float64Array(total), weights: new Float64Array(total) };
  const bounds = [0];
  let offset = 0;
  for (const s of parts) {
    offset = placePart(s, run, offset);
    bounds.push(offset);
  }
  return mergePlaced(run, spare, bounds);
}

/**
 * Copies a part's points and weights into `run` from `offset` (sorting a plain sketch's points if
 * they are out of order) and returns where they end.
 */
export function placePart(s: SketchPart, run: Run, offset: number): number {
  const end = offset + s.values.length;
  run.values.set(s.values, offset);
  if (s.weights === null) {
    sortPlainPart(run.values, offset, end);
    run.weights.fill(s.n / s.values.length, offset, end);
  } else {
    // A merged run is sorted by construction, its weights aligned with its values.
    run.weights.set(s.weights, offset);
  }
  return end;
}

/** Stored sketches are sorted; sorting an unsorted one keeps the result a sort's. */
export function sortPlainPart(values: Float64Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i += 1) {
    if ((values[i - 1] ?? 0) > (values[i] ?? 0)) {
      values.subarray(start, end).sort();
      return;
    }
  }
}

/**
 * Merges the sorted runs that `bounds` delimits in `first` (part i is `[bounds[i],
 * bounds[i + 1])`) pairwise, bottom up, between `first` and `second`; returns the one holding
 * the merged points.
 */
export function mergePlaced(first: Run, second: Run, partBounds: readonly number[]): Run {
  let run = first;
  let spare = second;
  let bounds = partBounds;
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
 * equal values the left range comes first (stability). The loop keeps both heads in locals and
 * tests one end per step, then copies the rest: the board's merges spent most of their time
 * here (about 70 % of its sketch CPU in a profile) when every step re-read both heads and
 * tested both ends.
 */
function mergeInto(from: Run, to: Run, lo: number, mid: number, hi: number): void {
  const fromValues = from.values;
  const fromWeights = from.weights;
  const toValues = to.values;
  const toWeights = to.weights;
  let i = lo;
  let j = mid;
  let out = lo;
  if (i < mid && j < hi) {
    let left = fromValues[i] ?? 0;
    let right = fromValues[j] ?? 0;
    for (;;) {
      if (left <= right) {
        toValues[out] = left;
        toWeights[out] = fromWeights[i] ?? 0;
        out += 1;
        i += 1;
        if (i === mid) break;
        left = fromValues[i] ?? 0;
      } else {
        toValues[out] = right;
        toWeights[out] = fromWeights[j] ?? 0;
        out += 1;
        j += 1;
        if (j === hi) break;
        right = fromValues[j] ?? 0;
      }
    }
  }
  for (; i < mid; i += 1, out += 1) {
    toValues[out] = fromValues[i] ?? 0;
    toWeights[out] = fromWeights[i] ?? 0;
  }
  for (; j < hi; j += 1, out += 1) {
    toValues[out] = fromValues[j] ?? 0;
    toWeights[out] = fromWeights[j] ?? 0;
  }
}

/**
 * Interpolates `rank` between the points whose centre ranks bracket it, over the first `count`
 * points; clamps at the ends.
 */
export function weightedQuantile(
  values: Float64Array,
  centres: Float64Array,
  count: number,
  rank: number,
): number {
  let lo = 0;
  let hi = count - 1;
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
