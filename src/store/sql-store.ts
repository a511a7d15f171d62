import type { Checkpoint, StreamName } from '../connectors/connector.js';
import type { AuthorKind, Id, Schedule } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { RateLimitObservation, StoredTimeline, SyncStatus, TicketStore } from './store.js';
import { alertQueries } from './sql-alerts.js';
import { analysisSettingsQueries } from './sql-analysis-settings.js';
import { agreementQueries } from './sql-agreement.js';
import { analyticsQueries } from './sql-analytics.js';
import { apiStoreQueries } from './sql-api-admin.js';
import { batchQueries, TIMELINE_COLUMNS } from './sql-batch.js';
import { installationQueries } from './sql-installations.js';
import { kpiQueries } from './sql-kpis.js';
import { forecastQueries } from './sql-forecast.js';
import { nameQueries } from './sql-names.js';
import { lifecycleQueries } from './sql-lifecycle.js';
import { operationQueries } from './sql-operations.js';
import { outboxQueries } from './sql-outbox.js';
import { summaryQueries } from './sql-summaries.js';
import { writeSyncPage } from './sql-sync.js';
import { syncPassQueries } from './sql-sync-passes.js';
import { reasonQueries } from './sql-reasons.js';
import { periodRollupQueries } from './sql-period-rollups.js';
import { summaryVersionQueries } from './sql-summary-versions.js';
import { healthQueries } from './sql-health.js';
import { bulkSummaryQueries } from './sql-bulk-summaries.js';
import { timelineColumnQueries } from './sql-timeline-columns.js';
import { replayRebuildAskQueries } from './sql-replay-rebuild-asks.js';
import { analysisReadQueries } from './sql-analysis-reads.js';
import { fromTimestamp, toJson, toTimestamp } from './sql-values.js';

const TIMELINE = `SELECT ${TIMELINE_COLUMNS}
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
    ...kpiQueries(client),
    ...forecastQueries(client),
    ...alertQueries(client),
    ...batchQueries(client),
    ...outboxQueries(client),
    ...operationQueries(client),
    ...summaryQueries(client),
    ...apiStoreQueries(client),
    ...nameQueries(client),
    ...lifecycleQueries(client),
    ...analysisSettingsQueries(client),
    ...syncPassQueries(client),
    ...agreementQueries(client),
    ...reasonQueries(client),
    ...periodRollupQueries(client),
    ...summaryVersionQueries(client),
    ...healthQueries(client),
    ...bulkSummaryQueries(client),
    ...timelineColumnQueries(client),
    ...replayRebuildAskQueries(client),
    ...analysisReadQueries(client),

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

    async recordRateLimit(
      id: string,
      stream: StreamName | 'push_back',
      seen: RateLimitObservation,
    ) {
      // Counts add up across runs and workers; a budget only replaces an older one.
      await client.query(
        `INSERT INTO sync_checkpoints (installation_id, stream, rate_limited_429,
           rate_limit_remaining, rate_limit_limit, rate_limit_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $4::integer IS NULL THEN NULL ELSE $6::timestamptz END)
         ON CONFLICT (installation_id, stream) DO UPDATE SET
           rate_limited_429 = sync_checkpoints.rate_limited_429 + EXCLUDED.rate_limited_429,
           rate_limit_remaining = COALESCE(EXCLUDED.rate_limit_remaining,
             sync_checkpoints.rate_limit_remaining),
           rate_limit_limit = CASE WHEN EXCLUDED.rate_limit_remaining IS NULL
             THEN sync_checkpoints.rate_limit_limit ELSE EXCLUDED.rate_limit_limit END,
           rate_limit_at = COALESCE(EXCLUDED.rate_limit_at, sync_checkpoints.rate_limit_at)`,
        [id, stream, seen.count429, seen.remaining, seen.limit, toTimestamp(seen.at)],
      );
    },

    async listSyncStatus(id: string): Promise<SyncStatus[]> {
      const { rows } = await client.query<{
        stream: string;
        checkpoint: string | null;
        updated_at: Date;
        page_count: number;
        last_error: string | null;
        rate_limited_429: string;
        rate_limit_remaining: number | null;
        rate_limit_limit: number | null;
        rate_limit_at: Date | null;
      }>(
        `SELECT stream, checkpoint, updated_at, page_count, last_error, rate_limited_429,
           rate_limit_remaining, rate_limit_limit, rate_limit_at
         FROM sync_checkpoints WHERE installation_id = $1 ORDER BY stream`,
        [id],
      );
      return rows.map((row) => ({
        stream: row.stream,
        checkpoint: row.checkpoint,
        updatedAt: fromTimestamp(row.updated_at),
        pageCount: row.page_count,
        lastError: row.last_error,
        count429: Number(row.rate_limited_429),
        rateLimit:
          row.rate_limit_remaining === null || row.rate_limit_at === null
            ? null
            : {
                remaining: row.rate_limit_remaining,
                limit: row.rate_limit_limit,
                at: fromTimestamp(row.rate_limit_at),
              },
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
