import { describe, expect, it } from 'vitest';
import { mergeRuns, type SketchPart } from '../../../src/metrics/sketch-merge.js';
import { mulberry32 } from '../../support/seeded-random.js';

/**
 * Sorted parts of uneven sizes (empty ones, single points, board-like runs of 128 beside days
 * of a dozen) drawn from few values, so ties across parts are the rule; weights differ per part
 * (plain parts stand for n / points each), so a tie taken in the wrong order shows.
 */
function partsOf(seed: number): SketchPart[] {
  const random = mulberry32(seed);
  const count = 1 + Math.floor(random() * 16);
  return Array.from({ length: count }, (_, p): SketchPart => {
    const size = [0, 1, 3, 12, 40, 128][Math.floor(random() * 6)] ?? 0;
    const values = Float64Array.from({ length: size }, () => Math.floor(random() * 20)).sort();
    if (random() < 0.5) return { n: size * (p + 2), values, weights: null };
    const weights = Float64Array.from({ length: size }, () => 1 + Math.floor(random() * 8) / 4);
    return { n: weights.reduce((a, w) => a + w, 0), values, weights };
  });
}

/** The definition: every point with its weight, stably sorted by value (part order on ties). */
function referenceRun(parts: readonly SketchPart[]): { values: number[]; weights: number[] } {
  const points = parts.flatMap((s, part) =>
    Array.from(s.values, (value, i) => ({
      value,
      weight: s.weights === null ? s.n / s.values.length : (s.weights[i] ?? NaN),
      part,
      i,
    })),
  );
  points.sort((a, b) => a.value - b.value || a.part - b.part || a.i - b.i);
  return { values: points.map((p) => p.value), weights: points.map((p) => p.weight) };
}

describe('mergeRuns', () => {
  it('is the stable sort of every point with its weight, over 2,000 uneven sets of parts', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const parts = partsOf(seed);
      const run = mergeRuns(parts);
      const expected = referenceRun(parts);
      expect({ seed, values: Array.from(run.values), weights: Array.from(run.weights) }).toEqual({
        seed,
        ...expected,
      });
    }
  });

  it('merges the board shape: days, weeks, days, then two months', () => {
    const sizes = [12, 11, 14, 9, 100, 96, 120, 13, 12, 10, 15, 128, 128];
    const random = mulberry32(7);
    const parts = sizes.map((size, p): SketchPart => {
      const values = Float64Array.from({ length: size }, () => Math.floor(random() * 50)).sort();
      return { n: size * (1 + (p % 3)), values, weights: null };
    });
    const run = mergeRuns(parts);
    expect({ values: Array.from(run.values), weights: Array.from(run.weights) }).toEqual(
      referenceRun(parts),
    );
  });
});
