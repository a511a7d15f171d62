import type { Id, Ticket } from '../domain/index.js';
import type { TicketMetrics } from '../metrics/types.js';
import type { SqlClient } from './sql-client.js';
import { metricsWritesJson, UPSERT_METRICS } from './sql-analytics.js';
import type {
  PendingWork,
  RequesterTicket,
  StoredTicketMetrics,
  StoredTimeline,
  TicketMetricsWrite,
} from './types.js';
import { TIMELINE_VERSION_COLUMN } from './sql-timeline-versions.js';

/**
 * A ticket with its events, time entries and survey answers, each ordered as the engine expects,
 * and the version of all that (see migration 025).
 */
export const TIMELINE_COLUMNS = `t.data AS ticket, ${TIMELINE_VERSION_COLUMN},
  COALESCE((SELECT jsonb_agg(e.data ORDER BY e.at, e.seq) FROM ticket_events e
    WHERE e.installation_id = t.installation_id AND e.ticket_id = t.id), '[]') AS events,
  COALESCE((SELECT jsonb_agg(h.data ORDER BY h.logged_at, h.id) FROM handle_time_entries h
    WHERE h.installation_id = t.installation_id AND h.ticket_id = t.id), '[]')
    AS "handleTimeEntries",
  COALESCE((SELECT jsonb_agg(s.data ORDER BY s.responded_at, s.id) FROM survey_answers s
    WHERE s.installation_id = t.installation_id AND s.ticket_id = t.id), '[]') AS "surveyAnswers"`;

// ROW_NUMBER per requester keeps "the newest N of each" to one statement for the whole batch.
const RECENT_BY_REQUESTER = `
SELECT r.requester_id AS "requesterId", r.ticket, r.metrics FROM (
  SELECT t.requester_id, t.data AS ticket, m.data->'metrics' AS metrics,
    row_number() OVER (PARTITION BY t.requester_id ORDER BY t.created_at DESC, t.id DESC) AS rank
  FROM tickets t LEFT JOIN ticket_metrics m
    ON m.installation_id = t.installation_id AND m.ticket_id = t.id
  WHERE t.installation_id = $1 AND t.requester_id = ANY($2::text[])) AS r
WHERE r.rank <= $3
ORDER BY r.requester_id, r.rank`;

// The claimed ticket rows still at the version claimed, locked (in id order, as MARK locks them)
// until the caller's transaction ends: a sync page's MARK of one of them then waits for the
// metrics to be written, and a row re-marked or acknowledged by another drain is not returned.
// Each row is looked up by its key on its own (LATERAL), as the outbox's acknowledgement does
// (sql-outbox.ts): joined as a set, the unanalysed outbox was hashed whole on every batch.
const HOLD_CLAIMED = `
SELECT o.subject_id AS "subjectId"
FROM (SELECT * FROM unnest($2::text[], $3::text[]) AS k(subject_id, mark) ORDER BY subject_id) AS a
CROSS JOIN LATERAL (
  SELECT subject_id FROM analysis_outbox
  WHERE installation_id = $1 AND kind = 'ticket' AND subject_id = a.subject_id
    AND mark = a.mark::bigint
  FOR UPDATE) AS o`;

async function upsertMetrics(client: SqlClient, id: string, items: readonly TicketMetricsWrite[]) {
  if (items.length === 0) return new Set<Id>();
  // Sorted so two batches upserting overlapping tickets lock rows in the same order.
  const sorted = [...items].sort((a, b) => compareIds(a.metrics.ticketId, b.metrics.ticketId));
  const { rows } = await client.query<{ ticket_id: Id }>(UPSERT_METRICS, [
    id,
    metricsWritesJson(sorted),
  ]);
  return new Set(rows.map((row) => row.ticket_id));
}

/**
 * The set-at-a-time reads and writes behind batch analysis: one round trip per batch instead of
 * one per ticket, which is what an I/O-bound pipeline needs (see BENCHMARKS.md).
 */
export function batchQueries(client: SqlClient) {
  return {
    async getTicketTimelines(id: string, ticketIds: readonly Id[]): Promise<StoredTimeline[]> {
      if (ticketIds.length === 0) return [];
      const { rows } = await client.query<StoredTimeline>(
        `SELECT ${TIMELINE_COLUMNS} FROM tickets t
         WHERE t.installation_id = $1 AND t.id = ANY($2::text[]) ORDER BY t.id`,
        [id, ticketIds],
      );
      return rows;
    },

    async getTicketMetricsMany(id: string, ticketIds: readonly Id[]) {
      const found = new Map<Id, StoredTicketMetrics>();
      if (ticketIds.length === 0) return found;
      const { rows } = await client.query<{ ticketId: Id; data: StoredTicketMetrics }>(
        `SELECT ticket_id AS "ticketId", data FROM ticket_metrics
         WHERE installation_id = $1 AND ticket_id = ANY($2::text[])`,
        [id, ticketIds],
      );
      for (const row of rows) found.set(row.ticketId, row.data);
      return found;
    },

    /**
     * Computed_at alone cannot order two drains' results: a drain whose lease ran out computes
     * from a timeline read before later events, yet may finish (and stamp) after the drain that
     * analysed those events. The outbox mark orders what was read, so only tickets whose row is
     * still at the claimed mark are written, with that row locked until the write commits.
     */
    async saveClaimedTicketMetrics(
      id: string,
      items: readonly TicketMetricsWrite[],
      claimed: readonly PendingWork[],
    ): Promise<Set<Id>> {
      if (items.length === 0) return new Set();
      return client.transaction(async (tx) => {
        const { rows } = await tx.query<{ subjectId: Id }>(HOLD_CLAIMED, [
          id,
          claimed.map((c) => c.subjectId),
          claimed.map((c) => c.mark),
        ]);
        const held = new Set(rows.map((row) => row.subjectId));
        return upsertMetrics(
          tx,
          id,
          items.filter((item) => held.has(item.metrics.ticketId)),
        );
      });
    },

    async listRecentTicketsByRequester(id: string, requesterIds: readonly Id[], limit: number) {
      const byRequester = new Map<Id, RequesterTicket[]>();
      if (requesterIds.length === 0) return byRequester;
      const { rows } = await client.query<{
        requesterId: Id;
        ticket: Ticket;
        metrics: TicketMetrics | null;
      }>(RECENT_BY_REQUESTER, [id, requesterIds, limit]);
      for (const { requesterId, ticket, metrics } of rows) {
        const list = byRequester.get(requesterId) ?? [];
        list.push({ ticket, metrics });
        byRequester.set(requesterId, list);
      }
      return byRequester;
    },
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
