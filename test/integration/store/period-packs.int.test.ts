import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyLocatedPart,
  decodeSketchParts,
  encodeSketchPart,
} from '../../../src/metrics/sketch-parts.js';
import type { QuantileInput } from '../../../src/metrics/sketch-quantiles.js';
import type { SketchPart } from '../../../src/metrics/sketch.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type {
  KpiRollup,
  PeriodRollupRow,
  RollupSegment,
  StalePeriod,
  TicketStore,
} from '../../../src/store/store.js';
import { seededInts } from '../../support/seeded-random.js';
import { DATABASES, newInstallation, type TestDatabase } from './support.js';

// Values whose order differs between byte and linguistic collations, so a pack's parallel
// arrays must stay aligned whatever order PostgreSQL sorts them in.
const AGENTS = ['a10', 'a2', 'Zed', 'b-1', '_x'];
const METRICS = ['full_resolution', 'created'];
const JAN: StalePeriod = { period: 'month', startDay: '2024-01-01', mark: '0' };
const WEEK_5: StalePeriod = { period: 'week', startDay: '2024-02-05', mark: '0' };
const WEEK_12: StalePeriod = { period: 'week', startDay: '2024-02-12', mark: '0' };
const WEEK_19: StalePeriod = { period: 'week', startDay: '2024-02-19', mark: '0' };

/** Deterministic merged rows: every agent and the unsliced '' for every metric; some sketches empty. */
function rowsOf(seed: number): PeriodRollupRow[] {
  const next = seededInts(seed);
  const slices: [PeriodRollupRow['dimension'], string][] = [
    ['all', ''],
    ...AGENTS.map((a): [PeriodRollupRow['dimension'], string] => ['agent', a]),
  ];
  return slices.flatMap(([dimension, dimensionValue]) =>
    METRICS.map((metric) => {
      const count = metric === 'full_resolution' ? next() % 4 : 0;
      const values = Array.from({ length: count }, () => next() / 3).sort((x, y) => x - y);
      const n = 1 + (next() % 9);
      return {
        dimension,
        dimensionValue,
        metric,
        n,
        nBusiness: n - 1,
        sum: next() / 7,
        sumBusiness: next() / 11,
        sketchCalendar: encodeSketchPart({ n, values, weights: null }),
        sketchBusiness: encodeSketchPart({
          n: n - 1,
          values: values.map((v) => v / 2),
          weights: null,
        }),
      };
    }),
  );
}

/** A cell's part as decodeSketchParts gives it, whether the read left it encoded or not. */
function decodedPart(part: QuantileInput): SketchPart {
  if (!('view' in part)) return part;
  const values = new Float64Array(part.m);
  const weights = part.weighted ? new Float64Array(part.m) : null;
  copyLocatedPart(part, values, weights, 0);
  return { n: part.n, values, weights };
}

/**
 * The period packs (migration 023) against the weekly and monthly rows they summarise: the
 * migration packs periods merged before it, every rebuild of a period rewrites (or removes) its
 * packs, and the board's cell read sums them as a plain loop over the rows does.
 */
describe.each(DATABASES)('period packs on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  // What kpi_period_rollups holds at the end, per period start.
  const final = new Map<string, PeriodRollupRow[]>();

  beforeAll(async () => {
    db = await open();
    await migrate(
      db.client,
      MIGRATIONS.filter((m) => m.version < 23),
    );
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    // January is merged before the packs exist: the migration's backfill must pack it.
    const jan = rowsOf(3);
    await db.client.query(
      `INSERT INTO kpi_period_rollups (installation_id, period, start_day, dimension,
         dimension_value, metric, n, n_business, sum, sum_business, sketch_calendar, sketch_business)
       SELECT $1::uuid, 'month', '2024-01-01', r.dimension, r.value, r.metric, r.n, r.nb, r.s,
         r.sb, decode(r.cal, 'hex'), decode(r.bus, 'hex')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::float8[],
         $8::float8[], $9::text[], $10::text[]) AS r(dimension, value, metric, n, nb, s, sb, cal, bus)`,
      [
        inst,
        jan.map((r) => r.dimension),
        jan.map((r) => r.dimensionValue),
        jan.map((r) => r.metric),
        jan.map((r) => String(r.n)),
        jan.map((r) => String(r.nBusiness)),
        jan.map((r) => String(r.sum)),
        jan.map((r) => String(r.sumBusiness)),
        jan.map((r) => r.sketchCalendar.toString('hex')),
        jan.map((r) => r.sketchBusiness.toString('hex')),
      ],
    );
    await migrate(db.client);
    final.set(JAN.startDay, jan);
    const week5 = rowsOf(5);
    await store.replacePeriodRollups(inst, WEEK_5, week5);
    await store.replacePeriodRollups(inst, WEEK_12, rowsOf(7));
    const week19 = rowsOf(9);
    await store.replacePeriodRollups(inst, WEEK_19, week19);
    final.set(WEEK_19.startDay, week19);
    // Re-rolled with fewer values (an agent and a metric gone), and emptied.
    const fewer = week5.filter((r) => r.dimensionValue !== 'a2' && r.metric !== 'created');
    await store.replacePeriodRollups(inst, WEEK_5, fewer);
    final.set(WEEK_5.startDay, fewer);
    await store.replacePeriodRollups(inst, WEEK_12, []);
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  const key = (start: string, r: PeriodRollupRow) =>
    `${start} ${r.dimension} ${r.dimensionValue} ${r.metric}`;

  it('holds exactly the period rows, one pack per period, dimension and metric', async () => {
    const { rows } = await db.client.query<{
      start: string;
      dimension: PeriodRollupRow['dimension'];
      metric: string;
      values: string[];
      n: number[];
      nb: number[];
      sum: number[];
      sb: number[];
      calendar: Uint8Array;
      calendarLengths: number[];
      business: Uint8Array;
      businessLengths: number[];
    }>(
      `SELECT to_char(start_day, 'YYYY-MM-DD') AS start, dimension, metric,
         dimension_values AS values, n, n_business AS nb, sum, sum_business AS sb, calendar,
         calendar_lengths AS "calendarLengths", business, business_lengths AS "businessLengths"
       FROM kpi_period_packs WHERE installation_id = $1`,
      [inst],
    );
    const split = (bytes: Uint8Array, lengths: number[]) => {
      let at = 0;
      return lengths.map((length) => Buffer.from(bytes.subarray(at, (at += length))));
    };
    const unpacked = rows.flatMap((p) => {
      const calendar = split(p.calendar, p.calendarLengths);
      const business = split(p.business, p.businessLengths);
      return p.values.map((dimensionValue, i) => [
        key(p.start, {
          dimension: p.dimension,
          dimensionValue,
          metric: p.metric,
        } as PeriodRollupRow),
        [
          p.n[i],
          p.nb[i],
          p.sum[i],
          p.sb[i],
          calendar[i]?.toString('hex'),
          business[i]?.toString('hex'),
        ],
      ]);
    });
    const { rows: stored } = await db.client.query<Record<string, unknown>>(
      `SELECT to_char(start_day, 'YYYY-MM-DD') || ' ' || dimension || ' ' || dimension_value
           || ' ' || metric AS key, n, n_business AS nb, sum, sum_business AS sb,
         encode(sketch_calendar, 'hex') AS cal, encode(sketch_business, 'hex') AS bus
       FROM kpi_period_rollups WHERE installation_id = $1`,
      [inst],
    );
    const want = [...final].flatMap(([start, list]) =>
      list.map((r) => [
        key(start, r),
        [
          r.n,
          r.nBusiness,
          r.sum,
          r.sumBusiness,
          r.sketchCalendar.toString('hex'),
          r.sketchBusiness.toString('hex'),
        ],
      ]),
    );
    const sorted = (list: unknown[][]) =>
      [...list].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(sorted(unpacked)).toEqual(sorted(want));
    expect(
      sorted(
        stored.map((s) => [s['key'], [s['n'], s['nb'], s['sum'], s['sb'], s['cal'], s['bus']]]),
      ),
    ).toEqual(sorted(want));
    expect(new Set(rows.map((p) => `${p.start} ${p.dimension} ${p.metric}`)).size).toBe(
      rows.length,
    );
  });

  it.each([
    ['calendar', ['full_resolution'], []],
    ['business', [], ['full_resolution']],
  ] as const)(
    "sums the weeks' and months' totals and %s parts as the rows",
    async (clock, calendarSketches, businessSketches) => {
      // Range 0: January, the emptied week and week 19; range 1: week 5 alone.
      const segments: RollupSegment[] = [
        { index: 0, kind: 'week', start: WEEK_19.startDay, end: '2024-02-25' },
        { index: 0, kind: 'month', start: JAN.startDay, end: '2024-01-31' },
        { index: 0, kind: 'week', start: WEEK_12.startDay, end: '2024-02-18' },
        { index: 1, kind: 'week', start: WEEK_5.startDay, end: '2024-02-11' },
      ];
      const cells = await store.readRollupCells(inst, {
        dimension: 'agent',
        segments,
        metrics: METRICS,
        calendarSketches,
        businessSketches,
      });
      const want = new Map<string, unknown>();
      for (const index of [0, 1]) {
        const starts = segments
          .filter((s) => s.index === index)
          .map((s) => s.start)
          .sort();
        for (const agent of AGENTS) {
          for (const metric of METRICS) {
            const rows = starts.flatMap((start) =>
              (final.get(start) ?? [])
                .filter(
                  (r) =>
                    r.dimension === 'agent' && r.dimensionValue === agent && r.metric === metric,
                )
                .map((r) => ({ start, r })),
            );
            if (rows.length === 0) continue;
            const sketch = ({ r }: (typeof rows)[number]) =>
              clock === 'calendar' ? r.sketchCalendar : r.sketchBusiness;
            const withParts = rows.filter(
              (x) => metric === 'full_resolution' && sketch(x).length > 0,
            );
            want.set(`${String(index)} ${agent} ${metric}`, {
              n: rows.reduce((a, { r }) => a + r.n, 0),
              nBusiness: rows.reduce((a, { r }) => a + r.nBusiness, 0),
              sum: rows.map(({ r }) => r.sum).reduce((a, b) => a + b),
              sumBusiness: rows.map(({ r }) => r.sumBusiness).reduce((a, b) => a + b),
              // Oldest first: each week's or month's part in the order of its first day.
              parts: withParts.flatMap((x) => decodeSketchParts(sketch(x))),
            });
          }
        }
      }
      const got = new Map(
        cells.map((c) => [
          `${String(c.index)} ${c.dimensionValue} ${c.metric}`,
          {
            n: c.n,
            nBusiness: c.nBusiness,
            sum: c.sum,
            sumBusiness: c.sumBusiness,
            parts: c.parts.map(decodedPart),
          },
        ]),
      );
      expect(got).toEqual(want);
    },
  );

  it("lists a cell's week, month and single-day parts oldest first, whatever the segments' order", async () => {
    const day = (date: string, points: number[]): KpiRollup => ({
      day: date,
      dimension: 'agent',
      dimensionValue: 'a10',
      metric: 'full_resolution',
      n: points.length + 1,
      nBusiness: points.length,
      sum: 1,
      sumBusiness: 1,
      sketch: { calendar: points, business: points.map((p) => p / 2) },
    });
    await store.replaceDailyRollups(inst, '2023-12-31', [day('2023-12-31', [5, 7])]);
    await store.replaceDailyRollups(inst, '2024-02-26', [day('2024-02-26', [1, 2, 3])]);
    const [cell] = (
      await store.readRollupCells(inst, {
        dimension: 'agent',
        segments: [
          { index: 0, kind: 'week', start: WEEK_19.startDay, end: '2024-02-25' },
          { index: 0, kind: 'day', start: '2024-02-26', end: '2024-02-26' },
          { index: 0, kind: 'month', start: JAN.startDay, end: '2024-01-31' },
          { index: 0, kind: 'day', start: '2023-12-31', end: '2023-12-31' },
        ],
        metrics: ['full_resolution'],
        calendarSketches: ['full_resolution'],
        businessSketches: [],
      })
    ).filter((c) => c.dimensionValue === 'a10');
    const merged = (start: string) =>
      (final.get(start) ?? [])
        .filter((r) => r.dimensionValue === 'a10' && r.metric === 'full_resolution')
        .flatMap((r) => decodeSketchParts(r.sketchCalendar));
    expect(cell?.parts.map(decodedPart)).toEqual([
      { n: 3, values: [5, 7], weights: null },
      ...merged(JAN.startDay),
      ...merged(WEEK_19.startDay),
      { n: 4, values: [1, 2, 3], weights: null },
    ]);
  });
});
