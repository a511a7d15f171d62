import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSketch } from '../../../src/metrics/sketch.js';
import { durationStats, rateStats } from '../../../src/services/kpi/aggregate.js';
import { computeBoard, type KpiDeps } from '../../../src/services/kpi/board.js';
import { BoardQuerySchema, parseQuery, type Board } from '../../../src/services/kpi/schemas.js';
import { periodsOf } from '../../../src/services/kpi/period-cover.js';
import { refreshPeriodRollups } from '../../../src/services/pipeline/rollup-periods.js';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { CURRENT, openSeeded, daysBetween } from './kpi/dataset.js';

/** Numbers to 12 significant digits: means summed per period may differ in the last bits. */
function normalized(board: Board): unknown {
  return JSON.parse(
    JSON.stringify(board, (_key, value: unknown) =>
      typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value,
    ),
  );
}

/** Ranges that start and end on and off week and month boundaries, and their previous periods. */
const RANGES = [
  CURRENT,
  { from: '2024-02-01', to: '2024-03-31' },
  { from: '2024-02-27', to: '2024-03-12' },
  { from: '2024-03-01', to: '2024-03-11' },
];

describe.each(DATABASES)('weekly and monthly rollups on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let deps: KpiDeps;
  let inst: string;

  beforeAll(async () => {
    ({ db, store, deps, inst } = await openSeeded(open));
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('give the same board as the daily rollups, sliced and on both clocks', async () => {
    const queries = RANGES.flatMap((range) =>
      ['none', 'group', 'agent', 'tag'].flatMap((slice) =>
        ['false', 'true'].map((businessHours) =>
          parseQuery(BoardQuerySchema, { ...range, slice, businessHours }),
        ),
      ),
    );
    // Every day was just written, so every week and month is stale: these read the days.
    expect((await store.listStalePeriods(inst)).length).toBeGreaterThan(0);
    const daily = await Promise.all(queries.map((q) => computeBoard(deps, inst, q)));
    expect(await refreshPeriodRollups(store, inst)).toBeGreaterThan(0);
    expect(await store.listStalePeriods(inst)).toEqual([]);
    for (const [i, q] of queries.entries()) {
      const merged = await computeBoard(deps, inst, q);
      expect(normalized(merged), JSON.stringify(q)).toEqual(normalized(daily[i] as Board));
    }
  });

  it('marks a day rewritten after the merge stale, so the board reads its days again', async () => {
    await refreshPeriodRollups(store, inst);
    const query = parseQuery(BoardQuerySchema, { from: '2024-02-01', to: '2024-03-31' });
    const before = await computeBoard(deps, inst, query);
    const solved = (b: Board) => b.kpis.find((k) => k.kpi === 'full_resolution')?.slices[0]?.n;
    // One more full resolution on a day inside a merged month.
    const extra: KpiRollup = {
      day: '2024-03-20',
      dimension: 'all',
      dimensionValue: '',
      metric: 'full_resolution',
      n: 1,
      nBusiness: 1,
      sum: 60,
      sumBusiness: 30,
      sketch: { calendar: [60], business: [30] },
    };
    await store.replaceDailyRollups(inst, '2024-03-20', [extra]);
    expect((await store.listStalePeriods(inst)).map((p) => `${p.period} ${p.startDay}`)).toEqual([
      'month 2024-03-01',
      'week 2024-03-18',
    ]);
    expect(solved(await computeBoard(deps, inst, query))).toBe((solved(before) ?? 0) + 1);
    await refreshPeriodRollups(store, inst);
    expect(solved(await computeBoard(deps, inst, query))).toBe((solved(before) ?? 0) + 1);
  });
});

describe.each(DATABASES)('merged rollups of random days across DST on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  const rows: KpiRollup[] = [];
  // New York: clocks went forward on 2024-03-10 and back on 2024-11-03.
  const deps = () => ({
    store,
    reportingTimeZone: 'America/New_York',
    now: () => Date.UTC(2025, 0, 1),
  });

  beforeAll(async () => {
    db = await open();
    const { migrate } = await import('../../../src/store/migrate.js');
    const { createSqlStore } = await import('../../../src/store/sql-store.js');
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    let seed = 99;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const day of daysBetween('2024-02-20', '2024-11-20')) {
      const dayRows: KpiRollup[] = [];
      for (const value of ['g1', 'g2']) {
        const count = Math.floor(rand() * 5);
        const calendar = Array.from({ length: count }, () => Math.floor(rand() * 9000));
        const business = calendar.filter(() => rand() < 0.6).map((v) => Math.floor(v / 2));
        const base = { day, dimensionValue: value, n: count, nBusiness: business.length };
        dayRows.push({
          ...base,
          dimension: 'group',
          metric: 'first_reply',
          sum: calendar.reduce((s, v) => s + v, 0),
          sumBusiness: business.reduce((s, v) => s + v, 0),
          sketch: {
            calendar: buildSketch(calendar).points,
            business: buildSketch(business).points,
          },
        });
        const good = calendar.filter((v) => v < 4000).length;
        dayRows.push({
          ...base,
          dimension: 'group',
          metric: 'csat',
          nBusiness: 0,
          sum: good,
          sumBusiness: 0,
          sketch: { calendar: [], business: [] },
        });
      }
      await store.replaceDailyRollups(inst, day, dayRows);
      rows.push(...dayRows);
    }
    await refreshPeriodRollups(store, inst);
  }, 180_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('marks every period with days stale for a bulk load, and rebuilds them', async () => {
    expect(await store.listStalePeriods(inst)).toEqual([]);
    await store.markAllPeriodsStale(inst);
    const want = new Set(
      rows.flatMap((r) => periodsOf(r.day).map((p) => `${p.period} ${p.start}`)),
    );
    const stale = await store.listStalePeriods(inst);
    expect(new Set(stale.map((p) => `${p.period} ${p.startDay}`))).toEqual(want);
    expect(await refreshPeriodRollups(store, inst)).toBe(want.size);
    expect(await store.listStalePeriods(inst)).toEqual([]);
  });

  it('give the daily figures on random ranges, on both clocks', async () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const days = daysBetween('2024-02-20', '2024-11-20');
    for (let t = 0; t < 12; t += 1) {
      const start = Math.floor(rand() * (days.length - 1));
      const end = Math.min(days.length - 1, start + Math.floor(rand() * 120));
      const range = { from: days[start] ?? '', to: days[end] ?? '' };
      for (const businessHours of [false, true]) {
        const board = await computeBoard(
          deps(),
          inst,
          parseQuery(BoardQuerySchema, {
            ...range,
            slice: 'group',
            businessHours: String(businessHours),
          }),
        );
        for (const value of ['g1', 'g2']) {
          // The reference: the range's daily rows merged as the board did before the merges.
          const inRange = rows.filter(
            (r) => r.dimensionValue === value && r.day >= range.from && r.day <= range.to,
          );
          const want = durationStats(
            inRange.filter((r) => r.metric === 'first_reply'),
            businessHours,
          );
          const cell = (kpi: string) =>
            board.kpis.find((k) => k.kpi === kpi)?.slices.find((s) => s.sliceValue === value);
          const got = cell('first_reply');
          expect(got?.n ?? 0, JSON.stringify(range)).toBe(want.n);
          if (want.n > 0) {
            expect(got?.median).toBe(want.median);
            expect(got?.p90).toBe(want.p90);
            expect(got?.mean).toBeCloseTo(want.mean ?? NaN, 6);
          }
          const rate = rateStats(inRange.filter((r) => r.metric === 'csat'));
          if (rate.n > 0) expect(cell('csat')?.rate).toBe(rate.rate);
        }
      }
    }
  });
});
