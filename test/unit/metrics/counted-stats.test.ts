import { describe, expect, it } from 'vitest';
import {
  addRepeated,
  meanTIntervalOfCounts,
  quantileOfCounts,
  sortedCounts,
  type ValueCount,
} from '../../../src/metrics/counted-stats.js';
import { meanTInterval, quantile } from '../../../src/metrics/stats.js';
import { mulberry32 as random } from '../../support/seeded-random.js';

/** The sample the counts stand for, listed (the reference). */
const expand = (counts: readonly ValueCount[]) =>
  counts.flatMap(({ value, count }) => Array.from({ length: count }, () => value));

/** Adds `x` `times` times, one addition after the other (the reference). */
function addOneByOne(acc: number, x: number, times: number): number {
  let sum = acc;
  for (let i = 0; i < times; i += 1) sum += x;
  return sum;
}

describe('addRepeated', () => {
  it('rounds after each addition: 0.1 ten times is not 10 × 0.1', () => {
    expect(10 * 0.1).toBe(1);
    expect(addRepeated(0, 0.1, 10)).toBe(addOneByOne(0, 0.1, 10));
    expect(addRepeated(0, 0.1, 10)).toBe(0.9999999999999999);
  });

  it.each([
    [0, 7, 3],
    [5, -2, 40],
    [-0, -0, 3],
    [-0, 0, 0],
    [2 ** 53 - 10, 1, 9],
    [2 ** 53 - 10, 1, 12],
    [1e16, 3, 5],
    [0.5, 2, 7],
    [3, 1 / 3, 25],
  ])('matches one-by-one additions for acc %d, x %d, %d times', (acc, x, times) => {
    expect(Object.is(addRepeated(acc, x, times), addOneByOne(acc, x, times))).toBe(true);
  });
});

describe.each([1, 2, 3, 4, 5, 6, 7, 8])('counted statistics (seed %i)', (seed) => {
  const next = random(seed);
  const samples = Array.from({ length: 60 }, () =>
    Array.from({ length: Math.floor(next() * 8) }, (): ValueCount => {
      const whole = next() < 0.5;
      const value = whole ? Math.floor(next() * 11) : next() * 10 - 3;
      return { value, count: 1 + Math.floor(next() * (next() < 0.1 ? 3000 : 40)) };
    }),
  );

  it('meanTIntervalOfCounts is meanTInterval of the listed sample, bit for bit', () => {
    for (const counts of samples) {
      const want = meanTInterval(expand(counts));
      const got = meanTIntervalOfCounts(counts);
      expect(got).toEqual(want);
      if (want !== null && got !== null) {
        expect(Object.is(got.low, want.low) && Object.is(got.high, want.high)).toBe(true);
      }
    }
  });

  it('sortedCounts lists the very doubles of a stable sort of the listed sample, ±0 included', () => {
    const signedZeros = Array.from({ length: 60 }, () =>
      Array.from({ length: Math.floor(next() * 10) }, (): ValueCount => {
        const value = [0, -0, 1, 2, -1, 0.5][Math.floor(next() * 6)] ?? 0;
        return { value, count: Math.floor(next() * 4) };
      }),
    );
    for (const counts of [...samples, ...signedZeros]) {
      const got = expand(sortedCounts(counts));
      const want = expand(counts).sort((a, b) => a - b);
      expect(got).toHaveLength(want.length);
      expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
    }
  });

  it('quantileOfCounts is quantile of the sorted listed sample', () => {
    for (const counts of samples) {
      const sorted = sortedCounts(counts);
      const listed = expand(sorted);
      for (const q of [0, 0.1, 0.5, 0.9, 1]) {
        if (listed.length === 0) {
          expect(() => quantileOfCounts(sorted, q)).toThrow('quantile of an empty sample');
        } else {
          expect(Object.is(quantileOfCounts(sorted, q), quantile(listed, q))).toBe(true);
        }
      }
    }
  });
});
