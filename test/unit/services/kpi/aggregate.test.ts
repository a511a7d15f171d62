import { describe, expect, it } from 'vitest';
import { buildSketch } from '../../../../src/metrics/sketch.js';
import {
  ahtStats,
  changeOf,
  durationStats,
  rateStats,
} from '../../../../src/services/kpi/aggregate.js';
import { kpiDefinition } from '../../../../src/services/kpi/catalog.js';
import type { KpiRollup } from '../../../../src/store/store.js';

/** One day's rollup row from raw values (business defaults to half of each calendar value). */
function day(
  d: string,
  metric: string,
  calendar: number[],
  business = calendar.map((v) => v / 2),
): KpiRollup {
  const flag = metric === 'reopened' || metric === 'csat' || metric === 'one_touch';
  return {
    day: d,
    dimension: 'all',
    dimensionValue: '',
    metric,
    n: calendar.length,
    nBusiness: business.length,
    sum: calendar.reduce((s, v) => s + v, 0),
    sumBusiness: business.reduce((s, v) => s + v, 0),
    sketch: {
      calendar: flag ? [] : buildSketch(calendar).points,
      business: flag ? [] : buildSketch(business).points,
    },
  };
}

describe('durationStats', () => {
  // metrics.md §15 T-STAT: [10,20,30,40,100] → mean 40, median 30, p90 76 (R type 7).
  const rows = [day('2024-03-04', 'x', [40, 10]), day('2024-03-05', 'x', [100, 30, 20])];
  it.each([
    [false, { n: 5, mean: 40, median: 30, p90: 76 }],
    [true, { n: 5, mean: 20, median: 15, p90: 38 }],
  ])('merges days on the business=%s clock', (business, want) => {
    const got = durationStats(rows, business);
    expect(got.n).toBe(want.n);
    expect(got.mean).toBeCloseTo(want.mean, 9);
    expect(got.median).toBeCloseTo(want.median, 9);
    expect(got.p90).toBeCloseTo(want.p90, 9);
  });

  it('counts only values present on the business clock', () => {
    const got = durationStats([day('2024-03-04', 'x', [60, 120], [30])], true);
    expect(got).toMatchObject({ n: 1, median: 30, mean: 30 });
  });

  it('gives nulls, never zeros, for an empty cell', () => {
    expect(durationStats([], false)).toEqual({ n: 0, median: null, p90: null, mean: null });
  });
});

describe('rateStats', () => {
  // metrics.md §15: 3/3 → CI 43.9–100 %; 8/10 → 49–94 %; 80/100 → 71–87 %.
  it.each([
    [[1, 1, 1], 1, 0.439, 1],
    [[1, 1, 1, 1, 1, 1, 1, 1, 0, 0], 0.8, 0.49, 0.943],
    [[...Array<number>(80).fill(1), ...Array<number>(20).fill(0)], 0.8, 0.711, 0.867],
  ])('rate and Wilson interval of %j', (flags, rate, low, high) => {
    const half = Math.ceil(flags.length / 2);
    const got = rateStats([
      day('2024-03-04', 'csat', flags.slice(0, half), []),
      day('2024-03-05', 'csat', flags.slice(half), []),
    ]);
    expect(got.n).toBe(flags.length);
    expect(got.rate).toBeCloseTo(rate, 9);
    expect(got.ci?.low).toBeCloseTo(low, 3);
    expect(got.ci?.high).toBeCloseTo(high, 3);
  });
});

describe('ahtStats', () => {
  // metrics.md §7(d): tickets of 20 and 10 minutes with time data, a third without → 15 min, 2/3.
  it('averages tickets with time data and reports coverage of solved tickets', () => {
    const got = ahtStats(
      [day('2024-03-04', 'handle_time', [1200, 600], [])],
      [day('2024-03-04', 'reopened', [0, 0, 1], [])],
    );
    expect(got).toMatchObject({ n: 2, mean: 900, median: 900 });
    expect(got.detail).toEqual({ solved: 3, coverage: 2 / 3 });
  });
});

describe('changeOf', () => {
  const stats = (median: number | null, rate?: number) => ({
    n: 1,
    median,
    p90: null,
    mean: null,
    ...(rate === undefined ? {} : { rate }),
  });
  it.each([
    ['full_resolution', stats(150), stats(100), 0.5],
    ['full_resolution', stats(50), stats(100), -0.5],
    ['full_resolution', stats(50), stats(0), null],
    ['full_resolution', stats(null), stats(100), null],
    ['reopen_rate', stats(null, 0.25), stats(null, 0.1), 0.15],
  ] as const)('%s: %j vs %j → %s', (kpi, now, before, want) => {
    const got = changeOf(kpiDefinition(kpi), now, before);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 12);
  });

  it('is null without a previous period', () => {
    expect(changeOf(kpiDefinition('csat'), stats(null, 0.5), null)).toBeNull();
  });
});
