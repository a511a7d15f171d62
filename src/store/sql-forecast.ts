import type { Instant } from '../domain/index.js';
import type { SqlClient, SqlParam } from './sql-client.js';
import { toTimestamp } from './sql-values.js';

/** Tickets created and last solved per local weekday (0 = Monday) and hour of a window. */
export interface HourlyCount {
  weekday: number;
  hour: number;
  created: number;
  solved: number;
}

export interface HourlyCountQuery {
  from: Instant;
  /** Exclusive. */
  to: Instant;
  /** IANA zone whose local weekdays and hours the counts use. */
  timeZone: string;
  /** Only this group's tickets (their current group); null: the whole team. */
  groupId: string | null;
}

/** The backlog forecast's read beyond the rollups (sql-forecast.ts); part of `TicketStore`. */
export interface ForecastStore {
  /**
   * Created (by creation) and solved (by last solve, as the rollups count solves) tickets per
   * weekday × hour of `timeZone` in `[from, to)`; merged-away and deleted tickets are left out.
   */
  countTicketsByHour(installationId: string, query: HourlyCountQuery): Promise<HourlyCount[]>;
}

export function forecastQueries(client: SqlClient): ForecastStore {
  return {
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
