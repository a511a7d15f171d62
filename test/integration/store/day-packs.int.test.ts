import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import { toJson } from '../../../src/store/sql-values.js';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import { seededInts } from '../../support/seeded-random.js';
import { DATABASES, newInstallation, type TestDatabase } from './support.js';

const DAYS = ['2024-03-04', '2024-03-05', '2024-03-06'] as const;
// Values whose order differs between byte and linguistic collations, so a pack's parallel
// arrays must stay aligned whatever order PostgreSQL sorts them in.
const AGENTS = ['a10', 'a2', 'Zed', 'b-1', '_x'];
const METRICS = ['full_resolution', 'created', 'backlog'];

/** Deterministic rollups: every agent and the unsliced '' for every metric of `day`. */
function rollupsOf(day: string, seed: number): KpiRollup[] {
  const next = seededInts(seed);
  const slices: [KpiRollup['dimension'], string][] = [
    ['all', ''],
    ...AGENTS.map((a): [KpiRollup['dimension'], string] => ['agent', a]),
  ];
  return slices.flatMap(([dimension, dimensionValue]) =>
    METRICS.map((metric) => {
      const points =
        metric === 'full_resolution' ? [next(), next(), next()].sort((x, y) => x - y) : [];
      const n = 1 + (next() % 9);
      return {
        day,
        dimension,
        dimensionValue,
        metric,
        n,
        nBusiness: n - 1,
        sum: metric === 'backlog' ? (next() % 7) - 3 : next() / 2,
        sumBusiness: next() / 4,
        sketch: { calendar: points, business: points.map((p) => p / 2) },
      };
    }),
  );
}

/**
 * The day packs (migration 021) against a recomputation from the daily rows written: the
 * migration packs days stored before it, every replacement of a day rewrites (or removes) that
 * day's packs, and the board's two pack reads (single days' cells, backlog steps) give the
 * daily rows' totals and points.
 */
describe.each(DATABASES)('day packs on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  // What kpi_daily_rollups holds at the end, day by day.
  const final = new Map<string, KpiRollup[]>();

  beforeAll(async () => {
    db = await open();
    await migrate(
      db.client,
      MIGRATIONS.filter((m) => m.version < 21),
    );
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    // The first day is stored before the packs exist: the migration's backfill must pack it.
    const first = rollupsOf(DAYS[0], 7);
    await db.client.query(
      `INSERT INTO kpi_daily_rollups (installation_id, day, dimension, dimension_value, metric, n,
         n_business, sum, sum_business, sketch)
       SELECT $1::uuid, (d->>'day')::date, d->>'dimension', d->>'dimensionValue', d->>'metric',
         (d->>'n')::integer, (d->>'nBusiness')::integer, (d->>'sum')::float8,
         (d->>'sumBusiness')::float8, d->'sketch'
       FROM jsonb_array_elements($2::jsonb) AS d`,
      [inst, toJson(first)],
    );
    await migrate(db.client);
    final.set(DAYS[0], first);
    const second = rollupsOf(DAYS[1], 11);
    await store.replaceDailyRollups(inst, DAYS[1], second);
    await store.replaceDailyRollups(inst, DAYS[2], rollupsOf(DAYS[2], 13));
    // Replaced with fewer values (an agent and a metric gone), and emptied.
    const fewer = second.filter((r) => r.dimensionValue !== 'a2' && r.metric !== 'created');
    await store.replaceDailyRollups(inst, DAYS[1], fewer);
    final.set(DAYS[1], fewer);
    await store.replaceDailyRollups(inst, DAYS[2], []);
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  const expected = () => [...final.values()].flat();

  it('holds exactly the daily rows, one pack per day, dimension and metric', async () => {
    const { rows } = await db.client.query<{
      day: string;
      dimension: KpiRollup['dimension'];
      metric: string;
      values: string[];
      n: number[];
      nb: number[];
      sum: number[];
      sb: number[];
      calendar: number[][];
      business: number[][];
    }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, dimension, metric, dimension_values AS values,
         n, n_business AS nb, sum, sum_business AS sb, calendar, business
       FROM kpi_day_packs WHERE installation_id = $1`,
      [inst],
    );
    const unpacked = rows.flatMap((p) =>
      p.values.map((dimensionValue, i) => ({
        day: p.day,
        dimension: p.dimension,
        dimensionValue,
        metric: p.metric,
        n: p.n[i],
        nBusiness: p.nb[i],
        sum: p.sum[i],
        sumBusiness: p.sb[i],
        sketch: { calendar: p.calendar[i], business: p.business[i] },
      })),
    );
    const key = (r: KpiRollup) => `${r.day} ${r.dimension} ${r.dimensionValue} ${r.metric}`;
    const byKey = (list: KpiRollup[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(byKey(unpacked as KpiRollup[])).toEqual(byKey(expected()));
    expect(new Set(rows.map((p) => `${p.day} ${p.dimension} ${p.metric}`)).size).toBe(rows.length);
  });

  it('gives the backlog steps of the daily rows', async () => {
    const series = await store.listDailySums(inst, {
      from: DAYS[0],
      to: DAYS[2],
      dimension: 'agent',
      metrics: ['backlog'],
    });
    const got = series.flatMap((s) =>
      s.values.map((value, i) => `${value} ${String(s.offset)} ${String(s.sums[i])}`),
    );
    const want = expected()
      .filter((r) => r.dimension === 'agent' && r.metric === 'backlog')
      .map(
        (r) =>
          `${r.dimensionValue} ${String(DAYS.indexOf(r.day as (typeof DAYS)[number]))} ${String(r.sum)}`,
      );
    expect(got.sort()).toEqual(want.sort());
  });

  it.each([
    ['calendar', ['full_resolution'], []],
    ['business', [], ['full_resolution']],
  ] as const)(
    "gives single days' totals and %s points as the daily rows",
    async (clock, calendarSketches, businessSketches) => {
      const cells = await store.readRollupCells(inst, {
        dimension: 'agent',
        segments: [{ index: 0, kind: 'day', start: DAYS[0], end: DAYS[2] }],
        metrics: ['full_resolution', 'created'],
        calendarSketches,
        businessSketches,
      });
      const want = new Map<string, object>();
      for (const r of expected()) {
        if (r.dimension !== 'agent' || r.metric === 'backlog') continue;
        const key = `${r.dimensionValue} ${r.metric}`;
        const cell = (want.get(key) as Record<string, unknown> | undefined) ?? {
          n: 0,
          nBusiness: 0,
          sum: 0,
          sumBusiness: 0,
          parts: [],
        };
        const points = r.metric === 'full_resolution' ? r.sketch[clock] : [];
        want.set(key, {
          n: (cell['n'] as number) + r.n,
          nBusiness: (cell['nBusiness'] as number) + r.nBusiness,
          sum: (cell['sum'] as number) + r.sum,
          sumBusiness: (cell['sumBusiness'] as number) + r.sumBusiness,
          parts: [
            ...(cell['parts'] as unknown[]),
            ...(points.length > 0
              ? [{ n: clock === 'calendar' ? r.n : r.nBusiness, values: points, weights: null }]
              : []),
          ],
        });
      }
      const got = new Map(
        cells.map((c) => [
          `${c.dimensionValue} ${c.metric}`,
          {
            n: c.n,
            nBusiness: c.nBusiness,
            sum: c.sum,
            sumBusiness: c.sumBusiness,
            parts: c.parts,
          },
        ]),
      );
      expect(got).toEqual(want);
      // Single days only: every part arrives decoded, none located in period bytes.
      expect(cells.every((c) => c.index === 0 && c.parts.every((p) => !('view' in p)))).toBe(true);
    },
  );
});
