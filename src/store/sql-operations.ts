import type { StreamName } from '../connectors/connector.js';
import type { HandleTimeEntry, Instant, SurveyResponse } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { QuarantineEntry } from './types.js';
import { markPending } from './sql-outbox.js';
import { INSERT_HANDLE_TIME } from './sql-sync.js';
import { raiseTimelineVersions } from './sql-timeline-versions.js';
import { fromNullableTimestamp, fromTimestamp, toJson, toTimestamp } from './sql-values.js';

interface QuarantineRow {
  stream: StreamName;
  record_key: string;
  source_id: string | null;
  reason: string;
  raw: unknown;
  first_seen: Date;
  last_seen: Date;
  attempts: number;
  resolved_at: Date | null;
  held_events: number | null;
}

// A quarantined ticket's events are stored with the rest of their page, under the ticket's id,
// and wait there for the ticket (a later page, a retry's refetch): this counts them for the view.
const HELD_EVENTS = `CASE WHEN q.stream <> 'tickets' OR q.source_id IS NULL THEN NULL
  WHEN EXISTS (SELECT 1 FROM tickets t
    WHERE t.installation_id = q.installation_id AND t.id = q.source_id) THEN 0
  ELSE (SELECT count(*)::integer FROM ticket_events e
    WHERE e.installation_id = q.installation_id AND e.ticket_id = q.source_id) END`;

/** Quarantine review, webhook dedupe and single handle-time/survey inserts from the sidebar. */
export function operationQueries(client: SqlClient) {
  return {
    async listQuarantine(id: string, options: { includeResolved?: boolean; limit?: number } = {}) {
      const { rows } = await client.query<QuarantineRow>(
        `SELECT q.stream, q.record_key, q.source_id, q.reason, q.raw, q.first_seen, q.last_seen,
           q.attempts, q.resolved_at, ${HELD_EVENTS} AS held_events
         FROM quarantine q WHERE q.installation_id = $1 AND ($2 OR q.resolved_at IS NULL)
         ORDER BY q.last_seen DESC, q.stream, q.record_key LIMIT $3`,
        [id, options.includeResolved ?? false, options.limit ?? 100],
      );
      return rows.map((row): QuarantineEntry => ({
        stream: row.stream,
        sourceId: row.source_id,
        reason: row.reason,
        raw: row.raw,
        recordKey: row.record_key,
        firstSeen: fromTimestamp(row.first_seen),
        lastSeen: fromTimestamp(row.last_seen),
        attempts: row.attempts,
        resolvedAt: fromNullableTimestamp(row.resolved_at),
        heldEvents: row.held_events,
      }));
    },

    async resolveQuarantine(id: string, stream: StreamName, recordKey: string) {
      const { rows } = await client.query(
        `UPDATE quarantine SET resolved_at = now()
         WHERE installation_id = $1 AND stream = $2 AND record_key = $3 AND resolved_at IS NULL
         RETURNING record_key`,
        [id, stream, recordKey],
      );
      return rows.length > 0;
    },

    async recordWebhookDelivery(id: string, deliveryId: string, at: Instant, keepSince: Instant) {
      // Pruned on insert, per installation: a busy installation prunes often, an idle one has
      // little to prune, and no scheduled job is needed in either mode.
      await client.query(
        `DELETE FROM webhook_deliveries WHERE installation_id = $1 AND received_at < $2`,
        [id, toTimestamp(keepSince)],
      );
      const { rows } = await client.query(
        `INSERT INTO webhook_deliveries (installation_id, delivery_id, received_at)
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING delivery_id`,
        [id, deliveryId, toTimestamp(at)],
      );
      return rows.length > 0;
    },

    addHandleTimeEntry(id: string, entry: HandleTimeEntry) {
      return insertIntoTimeline(client, id, entry.ticketId, (tx) =>
        tx.query(INSERT_HANDLE_TIME, [id, toJson([entry])]),
      );
    },

    addSurveyAnswer(id: string, answer: SurveyResponse) {
      return insertIntoTimeline(client, id, answer.ticketId, (tx) =>
        tx.query(
          `INSERT INTO survey_answers (installation_id, id, ticket_id, requester_id, kind, value,
           responded_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT DO NOTHING RETURNING id`,
          [
            id,
            answer.id,
            answer.ticketId,
            answer.requesterId,
            answer.kind,
            answer.value,
            toTimestamp(answer.respondedAt),
            toJson(answer),
          ],
        ),
      );
    },
  };
}

/**
 * Runs `insert` (one row of a ticket's timeline, ignored when already stored) and, when it stored
 * the row, raises the ticket's timeline version (migration 025) and marks the ticket for the
 * analysis drain, in the same transaction: the caller's `ticket.analyze` job is the fast path, and
 * if it is never enqueued or runs out of retries the mark still gets the row analysed.
 */
async function insertIntoTimeline(
  client: SqlClient,
  id: string,
  ticketId: string,
  insert: (tx: SqlClient) => Promise<{ rows: unknown[] }>,
): Promise<boolean> {
  return client.transaction(async (tx) => {
    const { rows } = await insert(tx);
    if (rows.length > 0) {
      await raiseTimelineVersions(tx, id, [ticketId]);
      await markPending(tx, id, 'ticket', [ticketId]);
    }
    return rows.length > 0;
  });
}
