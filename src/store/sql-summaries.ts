import { SOLVED_STATUSES, UNSOLVED_STATUSES, type Id, type LocalDate } from '../domain/index.js';
import type { CustomerKey, RequesterSidebarRow, TicketCounts } from './roles/sidebar-reads.js';
import type { SqlClient } from './sql-client.js';
import type {
  KpiRollup,
  RollupDimension,
  RollupQuery,
  StoredSummary,
  SummaryKind,
} from './types.js';
import { insertDayPacksSql } from './day-pack-sql.js';
import { markPending } from './sql-outbox.js';
import { sqlWords, toJson } from './sql-values.js';

export const SUMMARY_TABLES: Record<SummaryKind, { table: string; key: string }> = {
  requester: { table: 'requester_summaries', key: 'requester_id' },
  organization: { table: 'organization_summaries', key: 'organization_id' },
};

interface SummaryRow {
  data: unknown;
  content_hash: string;
  pushed_hash: string | null;
  updated_at: Date;
}

/** A `kpi_daily_rollups` row as {@link ROLLUP_COLUMNS} selects it. */
export interface RollupRow {
  day: string;
  dimension: KpiRollup['dimension'];
  dimension_value: string;
  metric: string;
  n: number;
  n_business: number;
  sum: number;
  sum_business: number;
  sketch: KpiRollup['sketch'];
}

/** The columns of a daily rollup read, in {@link RollupRow}'s shape. */
export const ROLLUP_COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, dimension, dimension_value, metric, n,
           n_business, sum, sum_business, sketch`;

/** A daily rollup row as the store hands it out. */
export function rollupOfRow(row: RollupRow): KpiRollup {
  return {
    day: row.day,
    dimension: row.dimension,
    dimensionValue: row.dimension_value,
    metric: row.metric,
    n: row.n,
    nBusiness: row.n_business,
    sum: row.sum,
    sumBusiness: row.sum_business,
    sketch: row.sketch,
  };
}

/**
 * A customer's ticket counts over `tickets` rows filtered by the caller (aliased `t` or not). The
 * status lists are the domain's constants written into the text, so the statement is the same on
 * every call and takes no array parameters to serialise.
 */
const countsSelect = `SELECT count(*)::int AS total,
  count(*) FILTER (WHERE status IN (${sqlWords(UNSOLVED_STATUSES)}))::int AS open,
  count(*) FILTER (WHERE status IN (${sqlWords(SOLVED_STATUSES)}))::int AS solved`;

/** Requester/organisation summaries and daily KPI rollups: what summarise and rollup jobs write. */
export function summaryQueries(client: SqlClient) {
  const summaryTable = (kind: SummaryKind) => SUMMARY_TABLES[kind];
  return {
    async saveSummary(
      id: string,
      kind: SummaryKind,
      subjectId: Id,
      summary: unknown,
      hash: string,
      options: { markPush?: boolean } = {},
    ) {
      const { table, key } = summaryTable(kind);
      return client.transaction(async (tx) => {
        const { rows } = await tx.query(
          `INSERT INTO ${table} (installation_id, ${key}, data, content_hash)
           VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (installation_id, ${key}) DO UPDATE SET data = EXCLUDED.data,
             content_hash = EXCLUDED.content_hash, updated_at = now()
           WHERE ${table}.content_hash <> EXCLUDED.content_hash
           RETURNING ${key}`,
          [id, subjectId, toJson(summary), hash],
        );
        if (options.markPush === true) {
          // In the summary's transaction, and whenever the stored summary is not the pushed one
          // (not only when it changed): a crash after an earlier save left it unmarked.
          const unpushed = await tx.query(
            `SELECT 1 FROM ${table} WHERE installation_id = $1 AND ${key} = $2
               AND pushed_hash IS DISTINCT FROM content_hash`,
            [id, subjectId],
          );
          if (unpushed.rows.length > 0) await markPending(tx, id, 'push', [subjectId]);
        }
        return rows.length > 0;
      });
    },

    async getSummary(id: string, kind: SummaryKind, subjectId: Id): Promise<StoredSummary | null> {
      const { table, key } = summaryTable(kind);
      const { rows } = await client.query<SummaryRow>(
        `SELECT data, content_hash, pushed_hash, updated_at FROM ${table}
         WHERE installation_id = $1 AND ${key} = $2`,
        [id, subjectId],
      );
      const [row] = rows;
      if (row === undefined) return null;
      const { data, content_hash: hash, pushed_hash: pushedHash, updated_at: updatedAt } = row;
      return { summary: data, hash, pushedHash, updatedAt: updatedAt.getTime() };
    },

    async countCustomerTickets(id: string, customer: CustomerKey): Promise<TicketCounts> {
      const [column, value] =
        'requesterId' in customer
          ? ['requester_id', customer.requesterId]
          : ['organization_id', customer.organizationId];
      const { rows } = await client.query<TicketCounts>(
        `${countsSelect} FROM tickets WHERE installation_id = $1 AND ${column} = $2
           AND status <> 'deleted'`,
        [id, value],
      );
      return rows[0] ?? { total: 0, open: 0, solved: 0 };
    },
    async getRequesterSidebarRow(id: string, requesterId: Id): Promise<RequesterSidebarRow> {
      // The counts come in the same query: a second round trip per request cost a pool checkout,
      // two socket writes and a statement of PostgreSQL's own, more than the count itself.
      const { rows } = await client.query<
        { [K in keyof SummaryRow]: SummaryRow[K] | null } & { name: string | null } & TicketCounts
      >(
        `SELECT s.data, s.content_hash, s.pushed_hash, s.updated_at,
           NULLIF(u.data->>'name', '') AS name, c.total, c.open, c.solved
         FROM (SELECT 1) AS one
         LEFT JOIN requester_summaries s ON s.installation_id = $1 AND s.requester_id = $2
         LEFT JOIN users u ON u.installation_id = $1 AND u.id = $2
         CROSS JOIN LATERAL (${countsSelect} FROM tickets t WHERE t.installation_id = $1
           AND t.requester_id = $2 AND t.status <> 'deleted') AS c`,
        [id, requesterId],
        // Every sidebar opening runs it: parsed and planned once per pooled connection.
        { prepareAs: 'sidebar_requester_row' },
      );
      const row = rows[0];
      if (row === undefined) throw new Error('a sidebar row query returned no row');
      const { content_hash: hash, updated_at: updatedAt } = row;
      const stored =
        hash === null || updatedAt === null
          ? null
          : {
              summary: row.data,
              hash,
              pushedHash: row.pushed_hash,
              updatedAt: updatedAt.getTime(),
            };
      return {
        stored,
        name: row.name,
        counts: { total: row.total, open: row.open, solved: row.solved },
      };
    },

    async markSummaryPushed(id: string, kind: SummaryKind, subjectId: Id, hash: string) {
      const { table, key } = summaryTable(kind);
      await client.transaction(async (tx) => {
        await tx.query(
          `UPDATE ${table} SET pushed_hash = $3 WHERE installation_id = $1 AND ${key} = $2`,
          [id, subjectId, hash],
        );
        // The stored version is now in the helpdesk: its push mark is settled, unless a drain
        // holds it (that drain acknowledges it by version) or a newer summary came meanwhile.
        await tx.query(
          `DELETE FROM analysis_outbox o WHERE o.installation_id = $1 AND o.kind = 'push'
             AND o.subject_id = $2 AND (o.leased_until IS NULL OR o.leased_until <= now())
             AND EXISTS (SELECT 1 FROM ${table} s WHERE s.installation_id = $1
               AND s.${key} = $2 AND s.content_hash = $3)`,
          [id, subjectId, hash],
        );
      });
    },

    async replaceDailyRollups(id: string, day: LocalDate, rollups: readonly KpiRollup[]) {
      await client.transaction(async (tx) => {
        // Two jobs rolling up one day at once would both delete, then both insert, and the
        // second would fail on the key: the day's lock makes the second wait and replace.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
          `rollup:${id}`,
          day,
        ]);
        await tx.query('DELETE FROM kpi_daily_rollups WHERE installation_id = $1 AND day = $2', [
          id,
          day,
        ]);
        await tx.query('DELETE FROM kpi_day_packs WHERE installation_id = $1 AND day = $2', [
          id,
          day,
        ]);
        // The day's week and month merges are out of date from now on (migration 016).
        await tx.query(
          `INSERT INTO kpi_period_stale (installation_id, period, start_day)
           VALUES ($1, 'week', date_trunc('week', $2::date::timestamp)::date),
             ($1, 'month', date_trunc('month', $2::date::timestamp)::date)
           ON CONFLICT (installation_id, period, start_day)
             DO UPDATE SET mark = nextval('kpi_period_stale_mark')`,
          [id, day],
        );
        if (rollups.length === 0) return;
        await tx.query(
          `INSERT INTO kpi_daily_rollups (installation_id, day, dimension, dimension_value, metric,
             n, n_business, sum, sum_business, sketch)
           SELECT $1::uuid, $2::date, d->>'dimension', d->>'dimensionValue', d->>'metric',
             (d->>'n')::integer, (d->>'nBusiness')::integer, (d->>'sum')::double precision,
             (d->>'sumBusiness')::double precision, d->'sketch'
           FROM jsonb_array_elements($3::jsonb) AS d`,
          [id, day, toJson(rollups)],
        );
        // The day's packs (migration 021), from the rows just written.
        await tx.query(insertDayPacksSql('d.installation_id = $1 AND d.day = $2::date'), [id, day]);
      });
    },

    async listRollups(id: string, query: RollupQuery): Promise<KpiRollup[]> {
      const { rows } = await client.query<RollupRow>(
        `SELECT ${ROLLUP_COLUMNS}
         FROM kpi_daily_rollups
         WHERE installation_id = $1 AND day BETWEEN $2::date AND $3::date AND dimension = $4
           AND ($5::text[] IS NULL OR metric = ANY($5::text[]))
         ORDER BY day, dimension_value, metric`,
        [id, query.from, query.to, query.dimension, query.metrics ?? null],
      );
      return rows.map(rollupOfRow);
    },

    async sumRollupsBefore(
      id: string,
      query: { before: LocalDate; dimension: RollupDimension; metrics: readonly string[] },
    ): Promise<{ dimensionValue: string; metric: string; sum: number }[]> {
      const { rows } = await client.query<{ dimension_value: string; metric: string; sum: number }>(
        `SELECT dimension_value, metric, sum(sum)::float8 AS sum FROM kpi_daily_rollups
         WHERE installation_id = $1 AND dimension = $2 AND metric = ANY($3::text[]) AND day < $4::date
         GROUP BY dimension_value, metric`,
        [id, query.dimension, [...query.metrics], query.before],
      );
      return rows.map((row) => ({
        dimensionValue: row.dimension_value,
        metric: row.metric,
        sum: row.sum,
      }));
    },
  };
}
