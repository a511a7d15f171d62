import type { LocalDate } from '../domain/index.js';
import type {
  DailySumPack,
  PeriodRollupRow,
  RollupCellQuery,
  RollupCellRow,
  StalePeriod,
} from './roles/period-rollups.js';
import type { SqlClient } from './sql-client.js';
import { float8ArrayOf, textArrayOf } from './array-send.js';
import { copyRows, int4Of, textOf } from './copy-binary.js';
import { arrayLiteral, textLiteral } from './sql-literal.js';
import { readRollupCells } from './sql-board-cells.js';
import { insertPeriodPacksSql } from './period-pack-sql.js';
import { ROLLUP_COLUMNS, rollupOfRow, type RollupRow } from './sql-summaries.js';
import type { KpiRollup, RollupDimension } from './types.js';

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
        // The period's packs (migration 023), rebuilt from the rows just written.
        await tx.query(
          `DELETE FROM kpi_period_packs WHERE installation_id = $1 AND period = $2
             AND start_day = $3::date`,
          [id, period.period, period.startDay],
        );
        if (rows.length > 0) {
          await tx.query(
            insertPeriodPacksSql(
              'p.installation_id = $1 AND p.period = $2 AND p.start_day = $3::date',
            ),
            [id, period.period, period.startDay],
          );
        }
        await tx.query(
          `DELETE FROM kpi_period_stale WHERE installation_id = $1 AND period = $2
             AND start_day = $3::date AND mark = $4::bigint`,
          [id, period.period, period.startDay, period.mark],
        );
      });
    },

    readRollupCells(id: string, query: RollupCellQuery): Promise<RollupCellRow[]> {
      return readRollupCells(client, id, query);
    },

    async listDailySums(
      id: string,
      query: {
        from: LocalDate;
        to: LocalDate;
        dimension: RollupDimension;
        metrics: readonly string[];
      },
    ): Promise<DailySumPack[]> {
      // The day packs as stored (180 rows per metric for a 90-day board and its previous period),
      // their arrays in binary form by binary COPY (copy-binary.ts): no hex text to decode. No
      // aggregate, so no sort to size work_mem for and one round trip, not a transaction.
      const from = textLiteral(query.from);
      const bytes = await client.copyOut(
        `SELECT (k.day - ${from}::date)::int4, k.metric, k.dimension_values, k.sum
         FROM kpi_day_packs k
         WHERE k.installation_id = ${textLiteral(id)} AND k.dimension = ${textLiteral(query.dimension)}
           AND k.metric = ANY(${arrayLiteral([...query.metrics], 'text')})
           AND k.day BETWEEN ${from}::date AND ${textLiteral(query.to)}::date`,
      );
      const rows = copyRows(bytes).map(([offset, metric, values, sums]) => {
        if (offset == null || metric == null || values == null || sums == null)
          throw new Error('a day pack column is NULL');
        return { offset: int4Of(offset), metric: textOf(metric), values, sums };
      });
      // Most days list the same slice values: their names are decoded once.
      let lastBytes: Uint8Array | null = null;
      let lastValues: string[] = [];
      return rows.map((row) => {
        if (lastBytes === null || Buffer.compare(row.values, lastBytes) !== 0) {
          lastBytes = row.values;
          lastValues = textArrayOf(row.values);
        }
        return {
          offset: row.offset,
          metric: row.metric,
          values: lastValues,
          sums: float8ArrayOf(row.sums),
        };
      });
    },
  };
}
