import type { LocalDate } from '../domain/index.js';
import type {
  DailySumSeries,
  PeriodRollupRow,
  RollupCellQuery,
  RollupCellRow,
  StalePeriod,
} from './roles/period-rollups.js';
import type { SqlClient } from './sql-client.js';
import { boardRead } from './sql-board-read.js';
import { ROLLUP_COLUMNS, rollupOfRow, type RollupRow } from './sql-summaries.js';
import type { KpiRollup, RollupDimension } from './types.js';

// $1 installation, $2..$5 segments (index, kind, start, end), $6 dimension, $7 metrics,
// $8 / $9 metrics whose calendar / business sketch parts are wanted. Weeks and months send their
// binary parts; single days send their JSON points as stored, which Node parses faster than
// PostgreSQL could re-encode them (unnesting each array cost ~0.6 ms a row). Single days come
// from their packs (migration 021): one row per day and metric holding every slice value, each
// sketch column detoasted once and unnested alongside the totals (a metric in neither sketch list
// unnests no points, so ROWS FROM pads them with NULL, as the daily rows' NULL). The weeks and months
// are read per segment (LATERAL) through the primary key: joined to the segment list, the planner
// hashed it and scanned the whole table (156,000 agent rows read for 24,000); OFFSET 0 keeps the
// planner from flattening the subquery back into that join.
const CELLS = `
WITH seg AS (
  SELECT * FROM unnest($2::int[], $3::text[], $4::date[], $5::date[]) AS s(idx, kind, start_day, end_day)
), parts AS (
  SELECT s.idx, s.start_day AS at, p.dimension_value, p.metric, p.n, p.n_business, p.sum,
    p.sum_business,
    CASE WHEN p.metric = ANY($8::text[]) THEN p.sketch_calendar
      WHEN p.metric = ANY($9::text[]) THEN p.sketch_business ELSE ''::bytea END AS bytes,
    NULL::jsonb AS points, 0 AS part_n
  FROM seg s CROSS JOIN LATERAL (SELECT * FROM kpi_period_rollups p
    WHERE p.installation_id = $1 AND p.period = s.kind AND p.start_day = s.start_day
      AND p.dimension = $6 AND p.metric = ANY($7::text[]) OFFSET 0) AS p
  UNION ALL
  SELECT s.idx, k.day, u.value, k.metric, u.n, u.nb, u.s, u.sb, ''::bytea, u.points,
    CASE WHEN k.metric = ANY($8::text[]) THEN u.n ELSE u.nb END
  FROM seg s JOIN kpi_day_packs k ON s.kind = 'day' AND k.installation_id = $1
    AND k.dimension = $6 AND k.metric = ANY($7::text[]) AND k.day BETWEEN s.start_day AND s.end_day
  CROSS JOIN LATERAL ROWS FROM (unnest(k.dimension_values), unnest(k.n), unnest(k.n_business),
    unnest(k.sum), unnest(k.sum_business),
    jsonb_array_elements(CASE WHEN k.metric = ANY($8::text[]) THEN k.calendar
      WHEN k.metric = ANY($9::text[]) THEN k.business END)) AS u(value, n, nb, s, sb, points)
)
SELECT idx AS "index", dimension_value AS "dimensionValue", metric, sum(n)::integer AS n,
  sum(n_business)::integer AS "nBusiness", sum(sum ORDER BY at) AS sum,
  sum(sum_business ORDER BY at) AS "sumBusiness",
  string_agg(bytes, ''::bytea ORDER BY at) AS "periodParts",
  COALESCE(array_agg(to_char(at, 'YYYY-MM-DD') ORDER BY at)
    FILTER (WHERE octet_length(bytes) > 0), '{}') AS "periodStarts",
  COALESCE(jsonb_agg(jsonb_build_array(to_char(at, 'YYYY-MM-DD'), part_n, points) ORDER BY at)
    FILTER (WHERE jsonb_array_length(points) > 0), '[]') AS "dayParts"
FROM parts GROUP BY idx, dimension_value, metric`;

/** Weekly and monthly rollup merges: stale marks, rebuild I/O and the board's cell read. */
export function periodRollupQueries(client: SqlClient) {
  return {
    async markAllPeriodsStale(id: string): Promise<void> {
      await client.query(
        `INSERT INTO kpi_period_stale (installation_id, period, start_day)
         SELECT DISTINCT $1::uuid, p.period, p.start_day FROM kpi_daily_rollups,
           LATERAL (VALUES ('week', date_trunc('week', day::timestamp)::date),
             ('month', date_trunc('month', day::timestamp)::date)) AS p(period, start_day)
         WHERE installation_id = $1
         ON CONFLICT (installation_id, period, start_day)
           DO UPDATE SET mark = nextval('kpi_period_stale_mark')`,
        [id],
      );
    },

    async listStalePeriods(id: string): Promise<StalePeriod[]> {
      const { rows } = await client.query<StalePeriod>(
        `SELECT period, to_char(start_day, 'YYYY-MM-DD') AS "startDay", mark::text AS mark
         FROM kpi_period_stale WHERE installation_id = $1 ORDER BY start_day, period`,
        [id],
      );
      return rows;
    },

    async rollupDayBounds(id: string): Promise<{ first: LocalDate; last: LocalDate } | null> {
      const { rows } = await client.query<{ first: string | null; last: string | null }>(
        `SELECT to_char(min(day), 'YYYY-MM-DD') AS first, to_char(max(day), 'YYYY-MM-DD') AS last
         FROM kpi_daily_rollups WHERE installation_id = $1`,
        [id],
      );
      const [row] = rows;
      return row?.first == null || row.last == null ? null : { first: row.first, last: row.last };
    },

    async listRollupsOfDays(
      id: string,
      range: { from: LocalDate; to: LocalDate },
    ): Promise<KpiRollup[]> {
      const { rows } = await client.query<RollupRow>(
        `SELECT ${ROLLUP_COLUMNS}
         FROM kpi_daily_rollups WHERE installation_id = $1 AND day BETWEEN $2::date AND $3::date
         ORDER BY dimension, dimension_value, metric, day`,
        [id, range.from, range.to],
      );
      return rows.map(rollupOfRow);
    },

    async replacePeriodRollups(
      id: string,
      period: StalePeriod,
      rows: readonly PeriodRollupRow[],
    ): Promise<void> {
      await client.transaction(async (tx) => {
        // Two rebuilds of one period at once would collide on the key: the second waits.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
          `period-rollup:${id}`,
          `${period.period}:${period.startDay}`,
        ]);
        await tx.query(
          `DELETE FROM kpi_period_rollups WHERE installation_id = $1 AND period = $2
             AND start_day = $3::date`,
          [id, period.period, period.startDay],
        );
        if (rows.length > 0) {
          // Doubles go in as their shortest round-trip text, which float8 parses back exactly.
          const column = (f: (r: PeriodRollupRow) => string) => rows.map(f);
          await tx.query(
            `INSERT INTO kpi_period_rollups (installation_id, period, start_day, dimension,
               dimension_value, metric, n, n_business, sum, sum_business, sketch_calendar,
               sketch_business)
             SELECT $1::uuid, $2, $3::date, r.dimension, r.value, r.metric, r.n, r.nb, r.s, r.sb,
               decode(r.cal, 'hex'), decode(r.bus, 'hex')
             FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
               $9::float8[], $10::float8[], $11::text[], $12::text[])
               AS r(dimension, value, metric, n, nb, s, sb, cal, bus)`,
            [
              id,
              period.period,
              period.startDay,
              column((r) => r.dimension),
              column((r) => r.dimensionValue),
              column((r) => r.metric),
              column((r) => String(r.n)),
              column((r) => String(r.nBusiness)),
              column((r) => String(r.sum)),
              column((r) => String(r.sumBusiness)),
              column((r) => r.sketchCalendar.toString('hex')),
              column((r) => r.sketchBusiness.toString('hex')),
            ],
          );
        }
        await tx.query(
          `DELETE FROM kpi_period_stale WHERE installation_id = $1 AND period = $2
             AND start_day = $3::date AND mark = $4::bigint`,
          [id, period.period, period.startDay, period.mark],
        );
      });
    },

    async readRollupCells(id: string, query: RollupCellQuery): Promise<RollupCellRow[]> {
      const { segments } = query;
      const { rows } = await boardRead(client, (tx) =>
        tx.query<RollupCellRow>(CELLS, [
          id,
          segments.map((s) => String(s.index)),
          segments.map((s) => s.kind),
          segments.map((s) => s.start),
          segments.map((s) => s.end),
          query.dimension,
          [...query.metrics],
          [...query.calendarSketches],
          [...query.businessSketches],
        ]),
      );
      return rows;
    },

    async listDailySums(
      id: string,
      query: {
        from: LocalDate;
        to: LocalDate;
        dimension: RollupDimension;
        metrics: readonly string[];
      },
    ): Promise<DailySumSeries[]> {
      const { rows } = await boardRead(client, (tx) =>
        tx.query<DailySumSeries>(
          // From the day packs: 180 rows per metric for a 90-day board and its previous period,
          // instead of 180 per slice value scattered among each day's rows.
          `SELECT u.value AS "dimensionValue", k.metric,
           array_agg(k.day - $4::date) AS offsets, array_agg(u.s) AS sums
         FROM kpi_day_packs k CROSS JOIN LATERAL unnest(k.dimension_values, k.sum) AS u(value, s)
         WHERE k.installation_id = $1 AND k.dimension = $2
           AND k.metric = ANY($3::text[]) AND k.day BETWEEN $4::date AND $5::date
         GROUP BY u.value, k.metric`,
          [id, query.dimension, [...query.metrics], query.from, query.to],
        ),
      );
      return rows;
    },
  };
}
