import { describe, expect, it } from 'vitest';
import {
  meanTInterval,
  pearsonCorrelation,
  quantile,
  spearmanCorrelation,
  summarizeDistribution,
  summarizeRate,
  wilsonInterval,
  type DistributionSummary,
} from '../../../src/metrics/stats.js';

describe('summarizeDistribution', () => {
  it.each<[string, (number | null | undefined)[], DistributionSummary]>([
    // T-STAT (metrics.md §15): type-7 p90 is 76; nearest-rank would give 100.
    ['T-STAT', [10, 20, 30, 40, 100], { n: 5, nullCount: 0, mean: 40, median: 30, p90: 76 }],
    [
      'unsorted input',
      [100, 30, 10, 40, 20],
      { n: 5, nullCount: 0, mean: 40, median: 30, p90: 76 },
    ],
    ['single value', [7], { n: 1, nullCount: 0, mean: 7, median: 7, p90: 7 }],
    ['two values', [10, 20], { n: 2, nullCount: 0, mean: 15, median: 15, p90: 19 }],
    [
      'nulls excluded and counted',
      [null, 10, undefined, 20, 30, 40, null, 100],
      { n: 5, nullCount: 3, mean: 40, median: 30, p90: 76 },
    ],
    ['empty', [], { n: 0, nullCount: 0, mean: null, median: null, p90: null }],
    ['only nulls', [null, undefined], { n: 0, nullCount: 2, mean: null, median: null, p90: null }],
    [
      'negatives sort numerically',
      [-5, 10, -20],
      { n: 3, nullCount: 0, mean: -5, median: -5, p90: 7 },
    ],
  ])('%s', (_name, values, expected) => {
    const got = summarizeDistribution(values);
    expect(got.n).toBe(expected.n);
    expect(got.nullCount).toBe(expected.nullCount);
    for (const stat of ['mean', 'median', 'p90'] as const) {
      const want = expected[stat];
      if (want === null) expect(got[stat]).toBeNull();
      else expect(got[stat]).toBeCloseTo(want, 9);
    }
  });

  it('accepts any iterable', () => {
    expect(summarizeDistribution(new Set([1, 2, 3])).median).toBe(2);
  });

  it.each([[NaN], [Infinity], [-Infinity]])('throws on %s', (bad) => {
    expect(() => summarizeDistribution([1, bad])).toThrow(RangeError);
  });
});

describe('quantile', () => {
  it.each([
    [[10, 20, 30, 40, 100], 0, 10],
    [[10, 20, 30, 40, 100], 1, 100],
    [[10, 20, 30, 40, 100], 0.25, 20],
    [[10, 20, 30, 40, 100], 0.9, 76],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[5], 0.9, 5],
  ])('quantile(%j, %d) = %d', (sorted, q, expected) => {
    expect(quantile(sorted, q)).toBeCloseTo(expected, 9);
  });

  it.each<[string, number[], number]>([
    ['empty sample', [], 0.5],
    ['q below 0', [1, 2], -0.1],
    ['q above 1', [1, 2], 1.1],
    ['q NaN', [1, 2], NaN],
  ])('throws on %s', (_name, sorted, q) => {
    expect(() => quantile(sorted, q)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  // Reference values from scipy.stats.binomtest(s, n).proportion_ci(0.95, 'wilson').
  it.each([
    [3, 3, 0.4385, 1],
    [8, 10, 0.49016, 0.94332],
    [80, 100, 0.71117, 0.86663],
    [0, 5, 0, 0.43448],
    [1, 2, 0.09453, 0.90547],
  ])('%d/%d -> [%d, %d]', (s, n, low, high) => {
    const ci = wilsonInterval(s, n);
    expect(ci?.low).toBeCloseTo(low, 4);
    expect(ci?.high).toBeCloseTo(high, 4);
  });

  it('pins the exact ends at 0/n and n/n', () => {
    expect(wilsonInterval(3, 3)?.high).toBe(1);
    expect(wilsonInterval(0, 5)?.low).toBe(0);
  });

  it('is null for n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('narrows with a smaller z', () => {
    const ci = wilsonInterval(8, 10, 1);
    expect(ci?.low).toBeGreaterThan(0.49016);
    expect(ci?.high).toBeLessThan(0.94332);
  });

  it.each([
    [4, 3],
    [-1, 3],
    [1.5, 3],
    [1, -1],
  ])('throws for %d/%d', (s, n) => {
    expect(() => wilsonInterval(s, n)).toThrow(RangeError);
  });
});

describe('summarizeRate', () => {
  it.each([
    [8, 10, 0.8, 0.49016],
    [0, 0, null, null],
  ])('%d/%d', (s, n, rate, low) => {
    const got = summarizeRate(s, n);
    expect(got).toMatchObject({ successes: s, n, rate });
    if (low === null) expect(got.ci).toBeNull();
    else expect(got.ci?.low).toBeCloseTo(low, 4);
  });
});

describe('meanTInterval', () => {
  it.each<[string, number[], [number, number] | null]>([
    // scipy.stats.t.ppf(0.975, 4) * stdev / sqrt(5) around 4.8.
    ['CES sample', [7, 6, 5, 4, 2], [2.41161, 7.18839]],
    ['no spread', [3, 3, 3], [3, 3]],
    ['n = 1', [5], null],
    ['empty', [], null],
  ])('%s', (_name, values, expected) => {
    const ci = meanTInterval(values);
    if (expected === null) expect(ci).toBeNull();
    else {
      expect(ci?.low).toBeCloseTo(expected[0], 4);
      expect(ci?.high).toBeCloseTo(expected[1], 4);
    }
  });

  it('uses the large-df approximation beyond the table (df 40)', () => {
    // scipy: mean 20/41 + t.ppf(0.975, 40) * stdev / sqrt(41) = 0.6475374.
    const values = Array.from({ length: 41 }, (_, i) => i % 2);
    expect(meanTInterval(values)?.high).toBeCloseTo(0.6475374, 6);
  });
});

describe('correlations', () => {
  // Known values from python3 statistics.correlation and scipy.stats.spearmanr.
  it.each<[string, number[], number[], number | null, number | null]>([
    ['perfect positive', [1, 2, 3, 4], [2, 4, 6, 8], 1, 1],
    ['perfect negative', [1, 2, 3, 4], [8, 6, 4, 2], -1, -1],
    ['monotone but not linear', [1, 2, 3, 4], [1, 4, 9, 100], 0.815978, 1],
    ['known example', [1, 2, 3, 4, 5], [2, 4, 5, 4, 5], 0.774597, 0.737865],
    ['known example 2', [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 7, 5], 0.791795, 0.828571],
    ['ties', [1, 2, 2, 3, 5], [3, 3, 1, 4, 9], 0.879174, 0.763158],
    ['constant x', [3, 3, 3], [1, 2, 3], null, null],
    ['constant y', [1, 2, 3], [5, 5, 5], null, null],
    ['n < 3', [1, 2], [2, 1], null, null],
    ['empty', [], [], null, null],
  ])('%s', (_name, xs, ys, pearson, spearman) => {
    const p = pearsonCorrelation(xs, ys);
    const s = spearmanCorrelation(xs, ys);
    if (pearson === null) expect(p).toBeNull();
    else expect(p).toBeCloseTo(pearson, 4);
    if (spearman === null) expect(s).toBeNull();
    else expect(s).toBeCloseTo(spearman, 5);
  });

  it.each([
    [
      [1, 2, 3],
      [1, 2],
    ],
    [
      [1, 2, NaN],
      [1, 2, 3],
    ],
  ])('throws on bad input %j / %j', (xs, ys) => {
    expect(() => pearsonCorrelation(xs, ys)).toThrow(RangeError);
    expect(() => spearmanCorrelation(xs, ys)).toThrow(RangeError);
  });
});
