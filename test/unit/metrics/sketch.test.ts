import { describe, expect, it } from 'vitest';
import {
  SKETCH_POINTS,
  buildSketch,
  mergeSketches,
  sketchQuantile,
} from '../../../src/metrics/sketch.js';
import type { QuantileSketch } from '../../../src/metrics/sketch.js';
import { quantile, summarizeDistribution } from '../../../src/metrics/stats.js';
import { mulberry32 as prng } from '../../support/seeded-random.js';

/** Log-normal-ish durations: support times are right-skewed (metrics.md §15). */
function durations(count: number, seed: number): number[] {
  const next = prng(seed);
  return Array.from({ length: count }, () => Math.round(60 * Math.exp(6 * next())));
}

/**
 * The merge's definition, written the plain way: a stable sort of every part's (value, weight)
 * points, each at the centre of the ranks it stands for, read at k evenly spaced ranks.
 */
function referenceMerge(sketches: QuantileSketch[], k: number): number[] {
  const points = sketches
    .filter((s) => s.n > 0 && s.points.length > 0)
    .flatMap((s) => s.points.map((value) => ({ value, weight: s.n / s.points.length })))
    .sort((a, b) => a.value - b.value);
  const n = sketches.reduce((sum, s) => sum + s.n, 0);
  let before = 0;
  const centres = points.map((p) => {
    const centre = before + p.weight / 2 - 0.5;
    before += p.weight;
    return centre;
  });
  return Array.from({ length: k }, (_, i) => {
    const rank = (i / (k - 1)) * (n - 1);
    const hi = centres.findIndex((c) => c > rank);
    if (hi === -1) return points.at(-1)?.value ?? 0;
    if (hi === 0) return points[0]?.value ?? 0;
    const [c0, c1] = [centres[hi - 1] ?? 0, centres[hi] ?? 0];
    const [v0, v1] = [points[hi - 1]?.value ?? 0, points[hi]?.value ?? 0];
    return v0 + ((rank - c0) / (c1 - c0)) * (v1 - v0);
  });
}

describe('sketch', () => {
  it.each([
    { name: 'metrics.md §15 example', values: [10, 20, 30, 40, 100] },
    { name: 'one value', values: [7] },
    { name: 'unsorted with ties', values: [5, 1, 5, 3, 9, 1] },
    { name: 'exactly k values', values: durations(SKETCH_POINTS, 1) },
  ])('is exact for small n: $name', ({ values }) => {
    const sketch = buildSketch(values);
    const stats = summarizeDistribution(values);
    expect(sketch.n).toBe(values.length);
    expect(sketchQuantile(sketch, 0.5)).toBe(stats.median);
    expect(sketchQuantile(sketch, 0.9)).toBe(stats.p90);
  });

  it('gives p90 76 for the metrics.md example and null when empty', () => {
    expect(sketchQuantile(buildSketch([10, 20, 30, 40, 100]), 0.9)).toBeCloseTo(76);
    expect(sketchQuantile(buildSketch([null, undefined]), 0.5)).toBeNull();
  });

  it('merges small exact sketches exactly', () => {
    const a = [3, 1, 4, 1, 5];
    const b = [9, 2, 6];
    const merged = mergeSketches([buildSketch(a), buildSketch(b), buildSketch([])]);
    expect(merged).toEqual({ n: 8, points: [1, 1, 2, 3, 4, 5, 6, 9] });
    expect(sketchQuantile(merged, 0.5)).toBe(summarizeDistribution([...a, ...b]).median);
  });

  it('caps the points at k and keeps min and max', () => {
    const values = durations(1000, 2);
    const sketch = buildSketch(values);
    expect(sketch.points).toHaveLength(SKETCH_POINTS);
    expect(sketch.points[0]).toBe(Math.min(...values));
    expect(sketch.points.at(-1)).toBe(Math.max(...values));
  });

  it.each([0.1, 0.5, 0.9, 0.99])('merged rank error stays small for large n (q=%s)', (q) => {
    const days = Array.from({ length: 30 }, (_, i) => durations(50 + 40 * (i % 7), 100 + i));
    const merged = mergeSketches(days.map((d) => buildSketch(d)));
    const all = Float64Array.from(days.flat()).sort();
    expect(merged.n).toBe(all.length);
    const estimate = sketchQuantile(merged, q) ?? Number.NaN;
    // Rank error: where the estimate falls in the exact sample versus where q says it should.
    const below = all.filter((v) => v < estimate).length;
    const atOrBelow = all.filter((v) => v <= estimate).length;
    const target = q * (all.length - 1);
    const error = Math.max(0, below - target, target - atOrBelow) / all.length;
    expect(error).toBeLessThan(2 / SKETCH_POINTS);
    expect(estimate).toBeGreaterThanOrEqual(quantile(all, 0));
  });

  it.each([
    { parts: 1, seed: 11 },
    { parts: 3, seed: 12 },
    { parts: 90, seed: 13 },
  ])('merges $parts compressed sketches exactly as the definition says', ({ parts, seed }) => {
    const next = prng(seed);
    // Few distinct values, so ties across parts with different weights are common.
    const sketches = Array.from({ length: parts }, (_, i) =>
      buildSketch(
        Array.from({ length: 20 + Math.floor(next() * 300) }, () => Math.floor(next() * 40) * 60),
        i % 2 === 0 ? 14 : SKETCH_POINTS,
      ),
    );
    expect(mergeSketches(sketches).points).toEqual(referenceMerge(sketches, SKETCH_POINTS));
  });

  it('merges a stored sketch whose points are out of order as if they were sorted', () => {
    const sorted = buildSketch(durations(500, 21));
    const shuffled = { n: sorted.n, points: [...sorted.points].reverse() };
    const other = buildSketch(durations(300, 22));
    expect(mergeSketches([shuffled, other])).toEqual(mergeSketches([sorted, other]));
  });

  it('keeps the rank error bounded when merged sketches are merged again', () => {
    const months = Array.from({ length: 3 }, (_, m) =>
      mergeSketches(
        Array.from({ length: 30 }, (_, d) => buildSketch(durations(200, 1000 + 30 * m + d))),
      ),
    );
    const quarter = mergeSketches(months);
    expect(quarter.n).toBe(3 * 30 * 200);
    expect(quarter.points).toHaveLength(SKETCH_POINTS);
    const all = Float64Array.from(
      Array.from({ length: 90 }, (_, i) => durations(200, 1000 + i)).flat(),
    ).sort();
    for (const q of [0.25, 0.5, 0.9]) {
      const estimate = sketchQuantile(quarter, q) ?? Number.NaN;
      const rank = all.filter((v) => v < estimate).length / all.length;
      expect(Math.abs(rank - q)).toBeLessThan(3 / SKETCH_POINTS);
    }
  });
});
