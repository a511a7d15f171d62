import { describe, expect, it } from 'vitest';
import { alertWindows, judge } from '../../../../src/services/alerts/evaluate.js';
import { kpiDefinition } from '../../../../src/services/kpi/catalog.js';
import type { CellStats } from '../../../../src/services/kpi/schemas.js';
import type { AlertRule } from '../../../../src/store/store.js';
import { ms } from '../../../support/timeline-builder.js';

const cell = (n: number, extra: Partial<CellStats>): CellStats => ({
  n,
  median: null,
  p90: null,
  mean: null,
  ...extra,
});
const run = (
  kpi: Parameters<typeof kpiDefinition>[0],
  rule: AlertRule,
  now: CellStats,
  base: CellStats,
  minSample = 5,
) => judge({ id: 'a', kpi, rule, minSample }, kpiDefinition(kpi), now, base).outcome;

describe('judge', () => {
  const baseline = { type: 'baseline', worseByPct: 20 } as const;
  it.each([
    // Durations: worse = higher. 130 vs 100 is 30 % worse; 110 only 10 %.
    ['first_reply', baseline, cell(10, { median: 130 }), cell(10, { median: 100 }), 'fired'],
    ['first_reply', baseline, cell(10, { median: 110 }), cell(10, { median: 100 }), 'ok'],
    ['first_reply', baseline, cell(10, { median: 70 }), cell(10, { median: 100 }), 'ok'],
    // Rates where higher is better: 0.6 vs 0.8 is 25 % worse.
    ['csat', baseline, cell(10, { rate: 0.6 }), cell(10, { rate: 0.8 }), 'fired'],
    ['csat', baseline, cell(10, { rate: 0.9 }), cell(10, { rate: 0.8 }), 'ok'],
    // NPS can be negative: −30 vs −20 is 50 % worse relative to |−20|.
    ['nps', baseline, cell(10, { score: -30 }), cell(10, { score: -20 }), 'fired'],
    ['nps', baseline, cell(10, { score: 10 }), cell(10, { score: 0 }), 'insufficient_sample'],
    // Minimum sample in either window.
    [
      'first_reply',
      baseline,
      cell(4, { median: 500 }),
      cell(10, { median: 100 }),
      'insufficient_sample',
    ],
    [
      'first_reply',
      baseline,
      cell(10, { median: 500 }),
      cell(4, { median: 100 }),
      'insufficient_sample',
    ],
    [
      'backlog',
      { type: 'threshold', op: '>', value: 50 },
      cell(7, { latest: 51 }),
      cell(0, {}),
      'fired',
    ],
    [
      'backlog',
      { type: 'threshold', op: '>', value: 50 },
      cell(7, { latest: 50 }),
      cell(0, {}),
      'ok',
    ],
    [
      'reopen_rate',
      { type: 'threshold', op: '<', value: 0.1 },
      cell(9, { rate: 0.05 }),
      cell(0, {}),
      'fired',
    ],
    [
      'reopen_rate',
      { type: 'threshold', op: '<', value: 0.1 },
      cell(9, { rate: null }),
      cell(0, {}),
      'insufficient_sample',
    ],
  ] as const)('%s %j: %j vs %j → %s', (kpi, rule, now, base, want) => {
    expect(run(kpi, rule, now, base)).toBe(want);
  });
});

describe('alertWindows', () => {
  it('takes the 7 local days ending today and the 28 before them', () => {
    // 02:00 UTC on 03-11 is still 03-10 in New York.
    expect(alertWindows(ms('2024-03-11T02:00:00Z'), 'America/New_York')).toEqual({
      current: { from: '2024-03-04', to: '2024-03-10' },
      baseline: { from: '2024-02-05', to: '2024-03-03' },
    });
  });
});
