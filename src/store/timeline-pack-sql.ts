import { EVENT_CODE_SQL } from './timeline-codes.js';

/** The event types that move a clock: the only ones a timeline pack holds. */
export const CLOCK_EVENT_TYPES_SQL = `('status_change', 'delete', 'comment', 'schedule_change')`;

/**
 * Writes (or rewrites) the timeline pack of every ticket `t` that `where` selects: its clock events
 * in time order, ties in arrival order (`seq`), as big-endian float8 instants (`ats`), EVENT_CODE_SQL
 * codes (`codes`, int2) and the JSON array of its schedule changes' ids. A ticket without clock
 * events gets empty arrays, so it still has a pack. Used by the analysis (after each save of
 * metrics) and by migration 019's backfill: both pack exactly as the what-if's event read does.
 */
export function upsertTimelinePacksSql(where: string): string {
  return `
INSERT INTO ticket_timeline_packs (installation_id, ticket_id, ats, codes, schedules)
SELECT t.installation_id, t.id, coalesce(g.ats, ''::bytea), coalesce(g.codes, ''::bytea),
  coalesce(g.schedules, '[]')
FROM tickets t
LEFT JOIN LATERAL (${packEventsSql()}) AS g ON true
WHERE ${where}
ON CONFLICT (installation_id, ticket_id) DO UPDATE
  SET ats = excluded.ats, codes = excluded.codes, schedules = excluded.schedules`;
}

/**
 * The pack of ticket `t`'s clock events as one row (`ats`, `codes`, `schedules`; all null when it
 * has none), `also` being more conditions. A schedule change to no schedule is JSON `null`
 * (string_agg would skip a NULL and shift every later change onto the wrong event): the replay blocks pack a ticket that has no pack the
 * same way (replay-block-sql.ts).
 */
export function packEventsSql(also = ''): string {
  return `
  SELECT
    string_agg(float8send((extract(epoch FROM e.at) * 1000)::float8), ''::bytea
      ORDER BY e.at, e.seq) AS ats,
    string_agg(int2send((${EVENT_CODE_SQL})::int2), ''::bytea ORDER BY e.at, e.seq) AS codes,
    '[' || string_agg(coalesce(to_json(e.data->>'scheduleId')::text, 'null'), ',' ORDER BY e.at, e.seq)
      FILTER (WHERE e.type = 'schedule_change') || ']' AS schedules
  FROM ticket_events e
  WHERE e.installation_id = t.installation_id AND e.ticket_id = t.id
    AND e.type IN ${CLOCK_EVENT_TYPES_SQL}${also}`;
}
