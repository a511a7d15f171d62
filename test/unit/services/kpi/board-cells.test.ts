import { describe, expect, it } from 'vitest';
import { buildSketch } from '../../../../src/metrics/sketch.js';
import { checkAttribution, periodCells } from '../../../../src/services/kpi/board.js';
import type { PeriodData } from '../../../../src/services/kpi/board.js';
import { kpiDefinition } from '../../../../src/services/kpi/catalog.js';
import type { KpiRollup, SurveyTally } from '../../../../src/store/store.js';

const rollup = (day: string, value: string, calendar: number[], business: number[]): KpiRollup => ({
  day,
  dimension: 'group',
  dimensionValue: value,
  metric: 'first_reply',
  n: calendar.length,
  nBusiness: business.length,
  sum: calendar.reduce((s, v) => s + v, 0),
  sumBusiness: business.reduce((s, v) => s + v, 0),
  sketch: { calendar: buildSketch(calendar).points, business: buildSketch(business).points },
});

const tally = (sliceValue: string, value: number, count: number): SurveyTally => ({
  day: '2024-03-04',
  sliceValue,
  kind: 'ces',
  scaleMin: 1,
  scaleMax: 7,
  direction: 'higher_is_better',
  value,
  count,
});

const data = (partial: Partial<PeriodData>): PeriodData => ({
  from: '2024-03-04',
  to: '2024-03-05',
  days: 2,
  rollups: [],
  surveys: [],
  backlog: new Map(),
  ...partial,
});

describe('periodCells', () => {
  const rows = [
    rollup('2024-03-04', 'g1', [600, 60], [300, 0]),
    rollup('2024-03-05', 'g1', [1200], []),
    rollup('2024-03-05', 'g2', [30], [30]),
  ];
  it.each([
    // g1 calendar 60, 600, 1200 → median 600, p90 1080, mean 620.
    [false, 'g1', { n: 3, median: 600, p90: 1080, mean: 620 }],
    // g1 business: 0 and 300 only (the third ticket had no business value).
    [true, 'g1', { n: 2, median: 150, p90: 270, mean: 150 }],
    [false, 'g2', { n: 1, median: 30, p90: 30, mean: 30 }],
  ])('business=%s %s', (business, value, want) => {
    const cells = periodCells(kpiDefinition('first_reply'), data({ rollups: rows }), business);
    const got = cells.get(value);
    expect(got?.n).toBe(want.n);
    expect(got?.median).toBeCloseTo(want.median, 9);
    expect(got?.p90).toBeCloseTo(want.p90, 9);
    expect(got?.mean).toBeCloseTo(want.mean, 9);
  });

  it('groups survey tallies by slice value and leaves other kinds out', () => {
    const surveys = [
      tally('a', 7, 1),
      tally('b', 7, 1),
      tally('b', 3, 1),
      { ...tally('b', 10, 4), kind: 'nps' as const, scaleMin: 0, scaleMax: 10 },
    ];
    const cells = periodCells(kpiDefinition('ces'), data({ surveys }), false);
    expect([...cells.keys()].sort()).toEqual(['a', 'b']);
    expect(cells.get('a')).toMatchObject({ n: 1, mean: 7 });
    expect(cells.get('b')).toMatchObject({ n: 2, mean: 5, rate: 0.5 });
    expect(periodCells(kpiDefinition('nps'), data({ surveys }), false).get('b')).toMatchObject({
      n: 4,
      score: 100,
    });
  });
});

describe('checkAttribution', () => {
  it('accepts assignee, and other modes where no agent slice is asked for', () => {
    expect(() => {
      checkAttribution('agent', 'assignee');
      checkAttribution('group', 'solver');
    }).not.toThrow();
    expect(() => {
      checkAttribution('agent', 'replier');
    }).toThrow('attribution=replier is not supported');
  });
});
