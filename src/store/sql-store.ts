import type { Checkpoint, StreamName } from '../connectors/connector.js';
import type { AuthorKind, Id, Schedule } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { StoredTimeline, SyncStatus, TicketStore } from './store.js';
import { analyticsQueries } from './sql-analytics.js';
import { installationQueries } from './sql-installations.js';
import { operationQueries } from './sql-operations.js';
import { summaryQueries } from './sql-summaries.js';
import { writeSyncPage } from './sql-sync.js';
import { fromTimestamp, toJson } from './sql-values.js';

const TIMELINE = `
SELECT t.data AS ticket,
  COALESCE((SELECT jsonb_agg(e.data ORDER BY e.at, e.seq) FROM ticket_events e
    WHERE e.installation_id = t.installation_id AND e.ticket_id = t.id), '[]') AS events,
  COALESCE((SELECT jsonb_agg(h.data ORDER BY h.logged_at, h.id) FROM handle_time_entries h
    WHERE h.installation_id = t.installation_id AND h.ticket_id = t.id), '[]')
    AS "handleTimeEntries",
  COALESCE((SELECT jsonb_agg(s.data ORDER BY s.responded_at, s.id) FROM survey_answers s
    WHERE s.installation_id = t.installation_id AND s.ticket_id = t.id), '[]') AS "surveyAnswers"
FROM tickets t WHERE t.installation_id = $1 AND t.id = $2`;

/**
 * The one SQL implementation of {@link TicketStore}, identical on PostgreSQL and PGlite. Every
 * statement filters on `installation_id` first, the leading column of every key. The client is
 * owned: `close()` closes it.
 */
export function createSqlStore(client: SqlClient): TicketStore {
  return {
    ...installationQueries(client),
    ...analyticsQueries(client),
    ...operationQueries(client),
    ...summaryQueries(client),

    writeSyncPage: (page) => writeSyncPage(client, page),

    async ping() {
      await client.query('SELECT 1');
    },

    async getCheckpoint(id: string, stream: StreamName): Promise<Checkpoint | null> {
      const { rows } = await client.query<{ checkpoint: string | null }>(
        'SELECT checkpoint FROM sync_checkpoints WHERE installation_id = $1 AND stream = $2',
        [id, stream],
      );
      return rows[0]?.checkpoint ?? null;
    },

    async recordSyncError(id: string, stream: StreamName, message: string) {
      await client.query(
        `INSERT INTO sync_checkpoints (installation_id, stream, last_error, last_error_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (installation_id, stream) DO UPDATE SET last_error = EXCLUDED.last_error,
           last_error_at = EXCLUDED.last_error_at`,
        [id, stream, message],
      );
    },

    async listSyncStatus(id: string): Promise<SyncStatus[]> {
      const { rows } = await client.query<{
        stream: string;
        checkpoint: string | null;
        updated_at: Date;
        page_count: number;
        last_error: string | null;
      }>(
        `SELECT stream, checkpoint, updated_at, page_count, last_error FROM sync_checkpoints
         WHERE installation_id = $1 ORDER BY stream`,
        [id],
      );
      return rows.map((row) => ({
        stream: row.stream,
        checkpoint: row.checkpoint,
        updatedAt: fromTimestamp(row.updated_at),
        pageCount: row.page_count,
        lastError: row.last_error,
      }));
    },

    async getTicketTimeline(id: string, ticketId: Id): Promise<StoredTimeline | null> {
      // One statement, so one snapshot even under READ COMMITTED: a page committed meanwhile
      // cannot pair the ticket with half of its history.
      const { rows } = await client.query<StoredTimeline>(TIMELINE, [id, ticketId]);
      return rows[0] ?? null;
    },

    async listUserRoles(id: string, userIds: readonly Id[]) {
      const { rows } = await client.query<{ id: string; kind: AuthorKind }>(
        'SELECT id, kind FROM users WHERE installation_id = $1 AND id = ANY($2::text[])',
        [id, userIds],
      );
      return new Map(rows.map((row) => [row.id, row.kind]));
    },

    async saveSchedules(id: string, schedules: readonly Schedule[]) {
      await client.query(
        `INSERT INTO schedules (installation_id, id, data)
         SELECT $1::uuid, d->>'id', d FROM jsonb_array_elements($2::jsonb) AS d
         ON CONFLICT (installation_id, id) DO UPDATE SET data = EXCLUDED.data`,
        [id, toJson(schedules)],
      );
    },

    async listSchedules(id: string): Promise<Schedule[]> {
      const { rows } = await client.query<{ data: Schedule }>(
        'SELECT data FROM schedules WHERE installation_id = $1 ORDER BY id',
        [id],
      );
      return rows.map((row) => row.data);
    },

    close: () => client.close(),
  };
}
