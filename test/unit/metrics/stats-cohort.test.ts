import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference } from '../../../src/metrics/stats-bootstrap.js';
import { normalCdf, tQuantile975, tTwoSidedP } from '../../../src/metrics/stats-distributions.js';
import { mannWhitneyU } from '../../../src/metrics/stats-mann-whitney.js';
import { proportionDifference } from '../../../src/metrics/stats-newcombe.js';
import { welchT } from '../../../src/metrics/stats-welch.js';

describe('distributions', () => {
  it('matches printed normal and t tables', () => {
    // Standard normal table: Φ(1.96) = 0.9750, Φ(−1) = 0.1587, Φ(2.5758) = 0.995.
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    expect(normalCdf(2.5758293)).toBeCloseTo(0.995, 6);
    // Student t table (two-sided 5 %): t(10) = 2.228, t(3) = 3.182, t(1) = 12.706, t(120) = 1.980.
    expect(tQuantile975(10)).toBeCloseTo(2.228139, 5);
    expect(tQuantile975(3)).toBeCloseTo(3.182446, 5);
    expect(tQuantile975(1)).toBeCloseTo(12.706205, 4);
    expect(tQuantile975(120)).toBeCloseTo(1.97993, 5);
    // Two-sided 1 % point of t(5) is 4.032.
    expect(tTwoSidedP(4.032143, 5)).toBeCloseTo(0.01, 6);
  });
});

describe('Mann–Whitney U', () => {
  it('reproduces the scipy documentation example (asymptotic, continuity-corrected)', () => {
    // scipy.stats.mannwhitneyu docs (1.7+): ages of males [19, 22, 16, 29, 24] and females
    // [20, 11, 17, 12]; U1 = 17, method="asymptotic" → p = 0.11134688653314041.
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(r?.u).toBe(17);
    expect(r?.p).toBeCloseTo(0.11134688653314041, 7);
    // U of the other sample is n1·n2 − U1 and the test is symmetric.
    const back = mannWhitneyU([20, 11, 17, 12], [19, 22, 16, 29, 24]);
    expect(back?.u).toBe(3);
    expect(back?.p).toBeCloseTo(r?.p ?? -1, 12);
  });

  it('corrects the variance for ties', () => {
    // Independent computation: ranks by hand. a = [1, 2, 2, 3], b = [2, 3, 4, 4, 5].
    // Pooled sorted: 1 | 2 2 2 | 3 3 | 4 4 | 5 → ranks 1 | 3 3 3 | 5.5 5.5 | 7.5 7.5 | 9.
    // R_a = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 − 10 = 2.5; mean 10.
    // Ties: t = 3, 2, 2 → Σ(t³ − t) = 24 + 6 + 6 = 36; var = 20/12 · (10 − 36/72) = 15.8333.
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 4, 5]);
    expect(r?.u).toBe(2.5);
    const z = (2.5 - 10 + 0.5) / Math.sqrt((20 / 12) * (10 - 36 / 72));
    expect(r?.z).toBeCloseTo(z, 12);
    expect(r?.p).toBeCloseTo(2 * normalCdf(z), 6);
  });

  it('gives p = 1 when every value ties, null on an empty sample', () => {
    expect(mannWhitneyU([3, 3], [3, 3, 3])?.p).toBe(1);
    expect(mannWhitneyU([], [1])).toBeNull();
  });
});

describe('Newcombe difference of proportions', () => {
  // Newcombe R.G. (1998), "Interval estimation for the difference between independent
  // proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, Table II,
  // method 10 (score interval without continuity correction), examples (a), (b), (d)–(h).
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  it.each(cases)('%i/%i − %i/%i → [%f, %f]', (x1, n1, x2, n2, low, high) => {
    const r = proportionDifference(x1, n1, x2, n2);
    expect(r?.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(r?.ci.low).toBeCloseTo(low, 4);
    expect(r?.ci.high).toBeCloseTo(high, 4);
  });

  it('tests with the pooled z (χ² without correction)', () => {
    // 56/70 vs 48/80: pooled p = 104/150; z = 0.2 / sqrt(p(1−p)(1/70 + 1/80)) = 2.6503.
    const pooled = 104 / 150;
    const z = 0.2 / Math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80));
    expect(proportionDifference(56, 70, 48, 80)?.p).toBeCloseTo(2 * (1 - normalCdf(z)), 8);
    expect(proportionDifference(0, 0, 1, 1)).toBeNull();
  });
});

describe('Welch t', () => {
  it('reproduces the Wikipedia "Welch\'s t-test" example 1', () => {
    // en.wikipedia.org/wiki/Welch's_t-test, Examples: A1 and A2 of 15 values each;
    // Welch's t = −2.46, ν ≈ 24.99, p = 0.021.
    const a1 = [
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ];
    const a2 = [
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ];
    const r = welchT(a1, a2);
    expect(r?.t).toBeCloseTo(-2.46, 2);
    expect(r?.df).toBeCloseTo(24.99, 2);
    expect(r?.p).toBeCloseTo(0.021, 3);
    // The interval is the difference ± t(0.975, ν)·se, and excludes 0 exactly when p < 0.05.
    expect(r?.ci.high).toBeLessThan(0);
  });

  it('needs two values a side', () => {
    expect(welchT([1], [1, 2])).toBeNull();
    expect(welchT([2, 2], [1, 1])?.p).toBe(0);
  });
});

describe('bootstrap of a median difference', () => {
  it('is deterministic for a seed and covers the true shift', () => {
    const a = Array.from({ length: 300 }, (_, i) => 100 + (i % 50));
    const b = a.map((v) => v + 10);
    const one = bootstrapMedianDifference(a, b, 7);
    expect(bootstrapMedianDifference(a, b, 7)).toEqual(one);
    expect(one?.low).toBeLessThanOrEqual(-10);
    expect(one?.high).toBeGreaterThanOrEqual(-10);
    expect(bootstrapMedianDifference([], b, 7)).toBeNull();
  });

  it('draws resample medians as sorting each resample would', () => {
    // A sample of one value: every resample median is that value, so the interval is a point.
    expect(bootstrapMedianDifference([5], [2, 2, 2], 1)).toEqual({ low: 3, high: 3 });
  });
});
