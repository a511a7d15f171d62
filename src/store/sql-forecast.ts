import type { SqlClient, SqlParam } from './sql-client.js';
import { toTimestamp } from './sql-values.js';
import type { HourlyCount, ForecastStore, RollupVersionStore } from './roles/forecast.js';

export function forecastQueries(client: SqlClient): ForecastStore & RollupVersionStore {
  return {
    async rollupVersion(id) {
      // Index-only over (installation_id) INCLUDE (version); the sum is exact in numeric.
      const { rows } = await client.query<{ rows: number; version_sum: string }>(
        `SELECT count(*)::integer AS rows, COALESCE(sum(version), 0)::text AS version_sum
         FROM kpi_daily_rollups WHERE installation_id = $1`,
        [id],
      );
      return { rows: rows[0]?.rows ?? 0, versionSum: rows[0]?.version_sum ?? '0' };
    },
    async countTicketsByHour(id, query) {
      const params: SqlParam[] = [
        id,
        toTimestamp(query.from),
        toTimestamp(query.to),
        query.timeZone,
      ];
      let group = '';
      if (query.groupId !== null) {
        params.push(query.groupId);
        group = 'AND m.group_id = $5';
      }
      const kept = `m.installation_id = $1 AND m.status <> 'deleted'
        AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false ${group}`;
      // Both halves use their (installation_id, instant) index; the zone turns instants local.
      const { rows } = await client.query<HourlyCount>(
        `SELECT weekday, hour, sum(created)::integer AS created, sum(solved)::integer AS solved
         FROM (
           SELECT extract(isodow FROM m.created_at AT TIME ZONE $4)::integer - 1 AS weekday,
             extract(hour FROM m.created_at AT TIME ZONE $4)::integer AS hour,
             1 AS created, 0 AS solved
           FROM ticket_metrics m
           WHERE ${kept} AND m.created_at >= $2 AND m.created_at < $3
           UNION ALL
           SELECT extract(isodow FROM m.last_solved_at AT TIME ZONE $4)::integer - 1,
             extract(hour FROM m.last_solved_at AT TIME ZONE $4)::integer, 0, 1
           FROM ticket_metrics m
           WHERE ${kept} AND m.last_solved_at >= $2 AND m.last_solved_at < $3
             AND m.status IN ('solved', 'closed')
         ) AS counts
         GROUP BY weekday, hour ORDER BY weekday, hour`,
        params,
      );
      return rows;
    },
  };
}
