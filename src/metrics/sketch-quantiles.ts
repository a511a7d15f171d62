import { copyLocatedPart, type LocatedPart } from './sketch-parts.js';
import {
  centresInto,
  mergePlaced,
  placePart,
  sortPlainPart,
  weightedQuantile,
  type Run,
} from './sketch-merge.js';
import {
  SKETCH_POINTS,
  isExactPart,
  mergeParts,
  sketchQuantile,
  type SketchPart,
} from './sketch.js';
import { quantile } from './stats.js';

/** A merge input: a decoded part, or one still in its binary form (sketch-parts.ts). */
export type QuantileInput = SketchPart | LocatedPart;

const isLocated = (p: QuantileInput): p is LocatedPart => 'view' in p;
const pointsOf = (p: QuantileInput) => (isLocated(p) ? p.m : p.values.length);
const isExact = (p: QuantileInput) => (isLocated(p) ? !p.weighted && p.m === p.n : isExactPart(p));

/**
 * Arrays reused by every call: the board asks for the quantiles of thousands of cells (200 agents
 * × 6 sketch metrics × 2 periods) and only reads each merge, so fresh arrays per cell were
 * garbage to collect. Grown to the largest cell seen; the code is synchronous, so one set is
 * enough.
 */
let scratch = { first: runOf(0), second: runOf(0), centres: new Float64Array(0) };

function runOf(length: number): Run {
  return { values: new Float64Array(length), weights: new Float64Array(length) };
}

function scratchFor(total: number): typeof scratch {
  if (scratch.centres.length < total) {
    const length = Math.max(total, 2 * scratch.centres.length, 1024);
    scratch = { first: runOf(length), second: runOf(length), centres: new Float64Array(length) };
  }
  return scratch;
}

/**
 * `sketchQuantile(mergeParts(parts, k), q)` for each of `qs`, the same doubles, without building
 * the k merged points: a quantile of the merged sketch interpolates between two of them (points
 * ⌊(k − 1)q⌋ and the next), so only those are computed, each by the same expression the full
 * merge evaluates, and the merge itself runs in reused arrays, encoded parts decoded straight
 * into them. Null for every q when the parts hold no value. Throws, as `quantile` does, for a q
 * outside [0, 1].
 */
export function mergedQuantiles(
  parts: readonly QuantileInput[],
  qs: readonly number[],
  k: number = SKETCH_POINTS,
): (number | null)[] {
  // k < 2 has no evenly spaced points to pick from (i / (k − 1)); not worth a shortcut.
  if (k < 2) {
    const merged = mergeParts(parts.flatMap(decoded), k);
    return qs.map((q) => sketchQuantile(merged, q));
  }
  const present = parts.filter((s) => s.n > 0 && pointsOf(s) > 0);
  if (present.length === 0) return qs.map(() => null);
  // The same additions in the same order as mergeParts, so the same n.
  const n = present.reduce((sum, s) => sum + s.n, 0);
  const total = present.reduce((sum, s) => sum + pointsOf(s), 0);
  const { first, second, centres } = scratchFor(total);
  if (present.every(isExact) && n <= k) {
    // mergeParts' exact case: the sorted concatenation is the sketch.
    let offset = 0;
    for (const s of present) {
      if (isLocated(s)) copyLocatedPart(s, first.values, null, offset);
      else first.values.set(s.values, offset);
      offset += pointsOf(s);
    }
    const sorted = first.values.subarray(0, total).sort();
    return qs.map((q) => quantile(sorted, q));
  }
  const bounds = [0];
  let offset = 0;
  for (const s of present) {
    offset = isLocated(s) ? placeLocated(s, first, offset) : placePart(s, first, offset);
    bounds.push(offset);
  }
  const { values, weights } = mergePlaced(first, second, bounds);
  centresInto(weights, total, centres);
  // Point i of the merged sketch, as mergeParts' evenlySpaced computes it.
  const point = (i: number) => weightedQuantile(values, centres, total, (i / (k - 1)) * (n - 1));
  return qs.map((q) => {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0,1], got ${q}`);
    // quantile() of stats.ts over the k points, reading only the two it interpolates between.
    const h = (k - 1) * q;
    const lo = Math.floor(h);
    const low = point(lo);
    if (h === lo) return low;
    return low + (h - lo) * (point(lo + 1) - low);
  });
}

/** placePart for a part still encoded: the same points and weights, read from its bytes. */
function placeLocated(part: LocatedPart, run: Run, offset: number): number {
  const end = offset + part.m;
  copyLocatedPart(part, run.values, run.weights, offset);
  if (!part.weighted) {
    sortPlainPart(run.values, offset, end);
    run.weights.fill(part.n / part.m, offset, end);
  }
  return end;
}

function decoded(p: QuantileInput): SketchPart[] {
  if (!isLocated(p)) return [p];
  const values = new Float64Array(p.m);
  const weights = p.weighted ? new Float64Array(p.m) : null;
  copyLocatedPart(p, values, weights, 0);
  return [{ n: p.n, values, weights }];
}
