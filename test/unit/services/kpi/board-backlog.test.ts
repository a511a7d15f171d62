import { describe, expect, it } from 'vitest';
import { backlogFromRollups, backlogDayEnds } from '../../../../src/services/kpi/backlog-stats.js';
import { boardBacklog } from '../../../../src/services/kpi/board-backlog.js';
import type { KpiDeps } from '../../../../src/services/kpi/deps.js';
import type { DailySumPack, RollupCellRow } from '../../../../src/store/store.js';

const FROM = '2024-03-01';
const TO = '2024-03-05';
const NOW = Date.parse('2024-03-04T12:00:00Z');

/** Steps per value and metric as [day offset, sum]; a baseline before FROM per value and metric. */
const steps: Record<string, Record<string, [number, number][]>> = {
  g1: {
    backlog: [
      [0, 2],
      [3, -1],
    ],
    backlog_actionable: [
      [0, 1],
      [2, 1],
      [4, 9],
    ],
  },
  g2: {
    backlog: [
      [1, 1],
      [2, -1],
    ],
    backlog_actionable: [
      [1, 1],
      [2, -1],
    ],
  },
  g3: {
    backlog: [
      [0, 1],
      [0, -1],
    ],
    backlog_actionable: [],
  },
  g4: { backlog: [], backlog_actionable: [] },
};
const baseline: [string, string, number][] = [
  ['g1', 'backlog', 3],
  ['g1', 'backlog_actionable', -2],
  ['g4', 'backlog', 1],
  ['g5', 'backlog', 0],
];

function deps(): KpiDeps {
  // One pack per day and metric holding every value's step that day, as the day packs are.
  const packs = new Map<string, DailySumPack>();
  for (const [value, byMetric] of Object.entries(steps)) {
    for (const [metric, list] of Object.entries(byMetric)) {
      for (const [offset, sum] of list) {
        const key = `${String(offset)} ${metric}`;
        const pack = packs.get(key) ?? { offset, metric, values: [], sums: [] };
        pack.values.push(value);
        pack.sums.push(sum);
        packs.set(key, pack);
      }
    }
  }
  const series = [...packs.values()];
  const cells: RollupCellRow[] = baseline.map(([value, metric, sum]) => ({
    index: 0,
    dimensionValue: value,
    metric,
    n: 0,
    nBusiness: 0,
    sum,
    sumBusiness: 0,
    parts: [],
  }));
  const store = {
    readRollupCells: () => Promise.resolve(cells),
    listDailySums: () => Promise.resolve(series),
  };
  return { store: store as unknown as KpiDeps['store'], reportingTimeZone: 'UTC', now: () => NOW };
}

describe('boardBacklog', () => {
  it('gives the counts backlogFromRollups gives, both columns, days not started left out', async () => {
    const span = {
      earliest: FROM,
      latest: TO,
      bounds: { first: '2024-01-01', last: TO },
      usable: () => true,
    };
    const got = await boardBacklog(deps(), 'inst', 'group', span);
    const days = backlogDayEnds(FROM, TO, 'UTC', NOW);
    const rows = Object.entries(steps).flatMap(([value, byMetric]) =>
      Object.entries(byMetric).flatMap(([metric, list]) =>
        list.map(([o, sum]) => ({
          day: `2024-03-0${String(1 + o)}`,
          dimensionValue: value,
          metric,
          sum,
        })),
      ),
    );
    rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const want = backlogFromRollups(
      baseline.map(([dimensionValue, metric, sum]) => ({ dimensionValue, metric, sum })),
      rows,
      days,
      [],
    );
    expect(got.days).toEqual(days);
    expect([...got.values.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [value, series] of want) {
      const columns = got.values.get(value);
      expect(Array.from(columns?.backlog ?? []), value).toEqual(series.map((d) => d.backlog));
      expect(Array.from(columns?.actionable ?? []), value).toEqual(series.map((d) => d.actionable));
    }
    // g1: baseline 3 / -2, then steps; the day-4 step (9) is on a day not started at NOW.
    expect(Array.from(got.values.get('g1')?.actionable ?? [])).toEqual([-1, -1, 0, 0]);
    // g3 nets to zero every day and g5 has only a zero baseline: no series, as no cell.
    expect(got.values.has('g3')).toBe(false);
    expect(got.values.has('g5')).toBe(false);
  });

  it("keeps the unsliced board's '' even when its backlog is zero throughout", async () => {
    const span = { earliest: FROM, latest: TO, bounds: null, usable: () => true };
    const store = {
      readRollupCells: () => Promise.resolve([]),
      listDailySums: () => Promise.resolve([]),
    };
    const got = await boardBacklog(
      { store: store as unknown as KpiDeps['store'], reportingTimeZone: 'UTC', now: () => NOW },
      'inst',
      'all',
      span,
    );
    expect(Array.from(got.values.get('')?.backlog ?? [])).toEqual([0, 0, 0, 0]);
  });
});
