import { describe, expect, it } from 'vitest';
import type { SatisfactionScore, SurveyResponse } from '../../../src/domain/index.js';
import { computeCes, computeCsat, computeNps } from '../../../src/metrics/surveys.js';

type Scale = Pick<SurveyResponse, 'kind' | 'scaleMin' | 'scaleMax' | 'direction'>;

const CES_7: Scale = { kind: 'ces', scaleMin: 1, scaleMax: 7, direction: 'higher_is_better' };
const CES_5_LOW: Scale = { kind: 'ces', scaleMin: 1, scaleMax: 5, direction: 'lower_is_better' };
const CSAT_5: Scale = { kind: 'csat', scaleMin: 1, scaleMax: 5, direction: 'higher_is_better' };

let seq = 0;
/** One response per value on the given scale; ids are unique across the file. */
function responses(scale: Scale, values: readonly number[]): SurveyResponse[] {
  return values.map((value) => {
    seq += 1;
    return {
      id: `r${seq}`,
      ticketId: `t${seq}`,
      requesterId: null,
      surveyId: 'survey-1',
      questionId: `q-${scale.kind}`,
      respondedAt: Date.UTC(2024, 2, 1) + seq * 60_000,
      ...scale,
      value,
    };
  });
}

function repeat(score: SatisfactionScore, times: number): SatisfactionScore[] {
  return Array.from({ length: times }, () => score);
}

describe('computeCsat', () => {
  it.each<[string, SatisfactionScore[], Record<string, number | null>, [number, number] | null]>([
    // T-CSAT (metrics.md §8d).
    [
      'good 8, bad 2, offered 10',
      [...repeat('good', 8), ...repeat('bad', 2), ...repeat('offered', 10)],
      { offered: 10, good: 8, bad: 2, n: 10, pct: 80, responseRate: 0.5 },
      [0.49016, 0.94332],
    ],
    [
      'unoffered is ignored',
      ['good', 'good', 'good', 'unoffered', 'unoffered'],
      { offered: 0, good: 3, bad: 0, n: 3, pct: 100, responseRate: 1 },
      [0.4385, 1],
    ],
    [
      'only unoffered',
      repeat('unoffered', 4),
      { offered: 0, good: 0, bad: 0, n: 0, pct: null, responseRate: null },
      null,
    ],
    [
      'offered but unanswered',
      repeat('offered', 3),
      { offered: 3, good: 0, bad: 0, n: 0, pct: null, responseRate: 0 },
      null,
    ],
    ['empty', [], { n: 0, pct: null, responseRate: null }, null],
  ])('%s', (_name, scores, expected, ci) => {
    const got = computeCsat(scores);
    expect(got).toMatchObject(expected);
    if (ci === null) expect(got.ci).toBeNull();
    else {
      expect(got.ci?.low).toBeCloseTo(ci[0], 4);
      expect(got.ci?.high).toBeCloseTo(ci[1], 4);
    }
  });
});

describe('computeCes', () => {
  it.each<[string, SurveyResponse[], Record<string, unknown>[]]>([
    // T-CES (metrics.md §9d).
    [
      '7-point sample',
      responses(CES_7, [7, 6, 5, 4, 2]),
      [{ ...CES_7, n: 5, mean: 4.8, pctEasy: 60 }],
    ],
    [
      'lower_is_better normalised: 1 -> 5 (easy), 3 -> 3 (midpoint, not easy), 5 -> 1',
      responses(CES_5_LOW, [1, 3, 5, 2]),
      [{ ...CES_5_LOW, n: 4, mean: 3.25, pctEasy: 50 }],
    ],
    [
      'two scales stay separate, ordered by scale',
      [...responses(CES_7, [7, 6, 5, 4, 2]), ...responses(CES_5_LOW, [1, 1])],
      [
        { ...CES_5_LOW, n: 2, mean: 5, pctEasy: 100 },
        { ...CES_7, n: 5, mean: 4.8, pctEasy: 60 },
      ],
    ],
    ['non-CES kinds ignored', responses(CSAT_5, [5, 4, 1]), []],
    ['empty', [], []],
  ])('%s', (_name, input, expected) => {
    expect(computeCes(input)).toMatchObject(expected);
  });

  it('orders results the same whatever the input order', () => {
    const a = responses(CES_7, [7, 1]);
    const b = responses(CES_5_LOW, [2]);
    const c = responses({ ...CES_7, direction: 'lower_is_better' }, [3]);
    const keys = (rs: SurveyResponse[]) =>
      computeCes(rs).map((r) => `${r.scaleMin}-${r.scaleMax}-${r.direction}`);
    expect(keys([...a, ...b, ...c])).toEqual(keys([...c, ...b, ...a]));
    expect(keys([...a, ...b, ...c])).toEqual([
      '1-5-lower_is_better',
      '1-7-higher_is_better',
      '1-7-lower_is_better',
    ]);
  });

  it('gives a t-interval for the mean and a Wilson interval for % easy', () => {
    const [summary] = computeCes(responses(CES_7, [7, 6, 5, 4, 2]));
    // scipy: 4.8 ± t.ppf(0.975, 4) * stdev / sqrt(5); binomtest(3, 5) Wilson.
    expect(summary?.meanCi?.low).toBeCloseTo(2.41161, 4);
    expect(summary?.meanCi?.high).toBeCloseTo(7.18839, 4);
    expect(summary?.pctEasyCi?.low).toBeCloseTo(0.23072, 4);
    expect(summary?.pctEasyCi?.high).toBeCloseTo(0.88238, 4);
  });

  it('has no mean interval for a single answer', () => {
    expect(computeCes(responses(CES_7, [6]))[0]).toMatchObject({ n: 1, mean: 6, meanCi: null });
  });

  it('throws on a value outside its scale', () => {
    expect(() => computeCes(responses(CES_7, [8]))).toThrow(RangeError);
  });
});

describe('computeNps', () => {
  it.each<[string, number[], Record<string, number | null>]>([
    // T-NPS (metrics.md §10d).
    [
      'worked example',
      [10, 9, 9, 8, 7, 6, 3, 10],
      { n: 8, promoters: 4, passives: 2, detractors: 2, score: 25 },
    ],
    ['all promoters', [9, 10], { n: 2, promoters: 2, score: 100 }],
    ['all detractors', [0, 6], { n: 2, detractors: 2, score: -100 }],
    ['passives only', [7, 8], { n: 2, passives: 2, score: 0 }],
    ['empty', [], { n: 0, promoters: 0, passives: 0, detractors: 0, score: null }],
  ])('%s', (_name, values, expected) => {
    expect(computeNps(values)).toMatchObject(expected);
  });

  it.each([[11], [-1], [8.5], [NaN]])('throws on %d', (bad) => {
    expect(() => computeNps([9, bad])).toThrow(RangeError);
  });
});
