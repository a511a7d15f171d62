import { describe, expect, it } from 'vitest';
import { cesStats, npsInterval, npsStats } from '../../../../src/services/kpi/survey-stats.js';
import type { SurveyTally } from '../../../../src/store/store.js';

/** One answer (a tally of 1) on the CES 2.0 scale unless overridden. */
const answer = (value: number, overrides: Partial<SurveyTally> = {}): SurveyTally => ({
  day: '2024-03-04',
  sliceValue: '',
  kind: 'ces',
  scaleMin: 1,
  scaleMax: 7,
  direction: 'higher_is_better',
  value,
  count: 1,
  ...overrides,
});

describe('cesStats', () => {
  it('metrics.md §9(d): [7,6,5,4,2] → mean 4.8, 60 % easy, median 5', () => {
    const got = cesStats([7, 6, 5, 4, 2].map((v) => answer(v)));
    expect(got).toMatchObject({ n: 5, median: 5, rate: 0.6 });
    expect(got.mean).toBeCloseTo(4.8, 12);
    expect(got.p90).toBeCloseTo(6.6, 12);
  });

  it('never pools scales: the 1–7 scale headlines, others are listed apart', () => {
    const fivePoint = { scaleMin: 1, scaleMax: 5, direction: 'lower_is_better' as const };
    const got = cesStats([answer(7), answer(1, fivePoint), answer(2, fivePoint)]);
    expect(got).toMatchObject({ n: 1, mean: 7, rate: 1 });
    const scales = got.detail?.['scales'] as { scaleMax: number; n: number; mean: number }[];
    // 1 and 2 on a lower-is-better 1–5 scale normalise to 5 and 4.
    expect(scales.map((s) => [s.scaleMax, s.n, s.mean])).toEqual([
      [5, 2, 4.5],
      [7, 1, 7],
    ]);
  });

  it('weights each tally by its count, as if its answers were listed one by one', () => {
    const tallied = cesStats([answer(7, { count: 2 }), answer(2, { count: 3 }), answer(5)]);
    expect(tallied).toEqual(cesStats([7, 7, 2, 2, 2, 5].map((v) => answer(v))));
    expect(tallied).toMatchObject({ n: 6, median: 3.5, rate: 0.5 });
    expect(
      npsStats([answer(10, { kind: 'nps', scaleMin: 0, scaleMax: 10, count: 3 })]),
    ).toMatchObject({ n: 3, score: 100 });
  });

  it('falls back to the first scale when no 1–7 answer exists', () => {
    const got = cesStats([answer(4, { scaleMin: 1, scaleMax: 5 })]);
    expect(got).toMatchObject({ n: 1, mean: 4, rate: 1 });
  });
});

describe('npsStats', () => {
  const nps = (value: number, scaleMax = 10) =>
    answer(value, { kind: 'nps', scaleMin: 0, scaleMax });
  it('metrics.md §10(d): [10,9,9,8,7,6,3,10] → +25', () => {
    const got = npsStats([10, 9, 9, 8, 7, 6, 3, 10].map((v) => nps(v)));
    expect(got).toMatchObject({ n: 8, score: 25 });
    expect(got.detail).toEqual({ promoters: 4, passives: 2, detractors: 2, otherScale: 0 });
  });

  it('ignores answers that are not on 0–10', () => {
    expect(npsStats([nps(10), nps(5, 5)])).toMatchObject({ n: 1, score: 100 });
  });

  // P = 4/8, D = 2/8: variance (0.5 + 0.25 − 0.0625) / 8 = 0.0859375, half = 1.96·√v·100 ≈ 57.46.
  it('gives the multinomial 95 % interval in NPS points', () => {
    const ci = npsInterval(4, 2, 8);
    expect(ci?.low).toBeCloseTo(25 - 57.457, 2);
    expect(ci?.high).toBeCloseTo(25 + 57.457, 2);
    expect(npsInterval(1, 0, 1)).toBeNull();
    expect(npsInterval(10, 0, 10)).toEqual({ low: 100, high: 100 });
  });
});
