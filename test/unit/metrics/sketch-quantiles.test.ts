import { describe, expect, it } from 'vitest';
import {
  SKETCH_POINTS,
  buildSketch,
  mergeParts,
  mergeToRun,
  sketchQuantile,
  type SketchPart,
} from '../../../src/metrics/sketch.js';
import { encodeSketchPart, locateSketchParts } from '../../../src/metrics/sketch-parts.js';
import { mergedQuantiles, type QuantileInput } from '../../../src/metrics/sketch-quantiles.js';
import { mulberry32 as prng } from '../../support/seeded-random.js';

type Random = () => number;

const int = (next: Random, below: number) => Math.floor(next() * below);

/** Values from a few distinct ones (ties across parts) or from a wide skewed range. */
function values(next: Random, count: number, ties: boolean): number[] {
  return Array.from({ length: count }, () =>
    ties ? int(next, 6) * 60 : Math.round(60 * Math.exp(6 * next()) * 10) / 10,
  );
}

/** One random part of every shape a merge meets; weeks and months are runs of day parts. */
function randomPart(next: Random, ties: boolean, day = false): SketchPart {
  const shape = int(next, day ? 4 : 6);
  if (shape === 0) return exactPart(next, ties);
  if (shape === 1) {
    // A compressed day of 128 points.
    return { ...toPart(buildSketch(values(next, 129 + int(next, 600), ties))) };
  }
  if (shape === 2) {
    // Points not matching n (the benchmark's 14 points for 12 tickets), weights n / m not dyadic.
    const v = values(next, 1 + int(next, 30), ties).sort((a, b) => a - b);
    return { n: 1 + int(next, 40), values: v, weights: null };
  }
  if (shape === 3) {
    // Unsorted stored points.
    const v = values(next, 2 + int(next, 20), ties);
    return { n: v.length + int(next, 3), values: v, weights: null };
  }
  if (shape === 4) {
    // A week's lossless run: its days' points with their weights.
    const days = Array.from({ length: 1 + int(next, 7) }, () => randomPart(next, ties, true));
    return mergeToRun(days, SKETCH_POINTS);
  }
  // A month: a run compressed to k points, or kept weighted when it fits.
  const days = Array.from({ length: 5 + int(next, 26) }, () => randomPart(next, ties, true));
  return mergeToRun(days, int(next, 2) === 0 ? SKETCH_POINTS : 64);
}

/** Exact: every value once (a small day). */
function exactPart(next: Random, ties: boolean): SketchPart {
  const v = values(next, 1 + int(next, 20), ties).sort((a, b) => a - b);
  return { n: v.length, values: v, weights: null };
}

function toPart(sketch: { n: number; points: number[] }): SketchPart {
  return { n: sketch.n, values: sketch.points, weights: null };
}

/**
 * A part in its stored binary form, located in a concatenation as the board reads it (an empty
 * part encodes to no bytes, so it stays decoded).
 */
function encoded(part: SketchPart): QuantileInput {
  const bytes = Buffer.concat([Buffer.from([1, 2, 3]), encodeSketchPart(part)]).subarray(3);
  return locateSketchParts(bytes)[0] ?? part;
}

/** The full merge and its quantiles: what the shortcut must equal bit for bit. */
function reference(parts: readonly SketchPart[], qs: readonly number[], k: number) {
  const merged = mergeParts(parts, k);
  return qs.map((q) => sketchQuantile(merged, q));
}

describe('mergedQuantiles', () => {
  const QS = [0.5, 0.9, 0, 1, 0.25, 0.99];

  it.each(Array.from({ length: 400 }, (_, seed) => seed))(
    'equals the full merge bit for bit over random parts (seed %i)',
    (seed) => {
      const next = prng(7000 + seed);
      const ties = seed % 3 === 0;
      const count = seed % 10 === 0 ? 1 : 1 + int(next, 20);
      // One seed in five: exact parts only, often n ≤ k in all (the sorted concatenation).
      const exactOnly = seed % 5 === 1;
      const parts = Array.from({ length: exactOnly ? 1 + int(next, 8) : count }, () =>
        exactOnly ? exactPart(next, ties) : randomPart(next, ties),
      );
      // Empty parts and parts of n 0 are skipped by both.
      if (seed % 7 === 0)
        parts.splice(int(next, parts.length), 0, { n: 0, values: [5], weights: null });
      if (seed % 11 === 0) parts.push({ n: 3, values: [], weights: null });
      const k = seed % 13 === 0 ? 2 + int(next, 20) : SKETCH_POINTS;
      const qs = [...QS, next(), next()];
      const want = reference(parts, qs, k);
      // toBe is Object.is: the same double, -0 and 0 apart.
      mergedQuantiles(parts, qs, k).forEach((value, i) => {
        expect(value).toBe(want[i]);
      });
      // The same parts with some still encoded, as the board passes weeks and months.
      const mixed = parts.map((p, i) => (i % 2 === seed % 2 ? encoded(p) : p));
      mergedQuantiles(mixed, qs, k).forEach((value, i) => {
        expect(value).toBe(want[i]);
      });
    },
  );

  it.each(Array.from({ length: 50 }, (_, seed) => seed))(
    'equals the full merge for exact parts of exactly k values in all (seed %i)',
    (seed) => {
      // The edge between the sorted concatenation and the weighted merge (n = k).
      const next = prng(9000 + seed);
      // At k = 50, (i / 49) * 49 is not always i: the weighted merge's ranks are off by an ulp.
      const k = seed % 2 === 0 ? SKETCH_POINTS : 50;
      const all = values(next, k, seed % 4 < 2);
      const parts: SketchPart[] = [];
      for (let at = 0; at < all.length;) {
        const end = Math.min(all.length, at + 1 + int(next, 40));
        const v = all.slice(at, end).sort((a, b) => a - b);
        parts.push({ n: v.length, values: v, weights: null });
        at = end;
      }
      const qs = [...QS, next()];
      const want = reference(parts, qs, k);
      mergedQuantiles(parts, qs, k).forEach((value, i) => {
        expect(value).toBe(want[i]);
      });
    },
  );

  it.each([
    { name: 'nothing', parts: [] as SketchPart[] },
    { name: 'only empty parts', parts: [{ n: 0, values: [], weights: null }] },
  ])('is null for $name', ({ parts }) => {
    expect(mergedQuantiles(parts, [0.5, 0.9])).toEqual([null, null]);
  });

  it('is exact for exact parts of at most k values in all', () => {
    const parts = [
      { n: 3, values: [1, 5, 9], weights: null },
      { n: 2, values: [2, 4], weights: null },
    ];
    // Sorted 1 2 4 5 9: median 4, p90 between 5 and 9 at 0.6.
    expect(mergedQuantiles(parts, [0.5, 0.9])).toEqual([4, 5 + 0.6 * 4]);
  });

  it('throws for a q outside [0, 1], as quantile does', () => {
    const parts = [toPart(buildSketch(values(prng(3), 500, false)))];
    expect(() => mergedQuantiles(parts, [1.5])).toThrow(RangeError);
  });
});
