import type { SqlClient } from './sql-client.js';

// Sorted, as the outbox's MARK sorts its rows: two writers raising overlapping tickets lock them
// in one order and cannot deadlock each other.
const RAISE = `
INSERT INTO ticket_timeline_versions (installation_id, ticket_id, version)
SELECT $1::uuid, s, 1 FROM unnest($2::text[]) AS s ORDER BY s
ON CONFLICT (installation_id, ticket_id) DO UPDATE
  SET version = ticket_timeline_versions.version + 1`;

/**
 * A ticket's timeline version (migration 025), for a query over `tickets t`: read in the
 * statement that reads the timeline, so both come from one snapshot.
 */
export const TIMELINE_VERSION_COLUMN = `COALESCE((SELECT v.version FROM ticket_timeline_versions v
    WHERE v.installation_id = t.installation_id AND v.ticket_id = t.id), 0) AS "timelineVersion"`;

/**
 * Raises the timeline version of every ticket in `ticketIds`; call it in the transaction that
 * changed their timelines, so the new version becomes visible with the change and only with it.
 */
export async function raiseTimelineVersions(
  client: SqlClient,
  installationId: string,
  ticketIds: readonly string[],
): Promise<void> {
  if (ticketIds.length === 0) return;
  // One row may be touched once per statement: a page can name a ticket twice.
  await client.query(RAISE, [installationId, [...new Set(ticketIds)]]);
}
