import { randomUUID } from 'node:crypto';
import type { Ticket } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { TicketMetrics } from '../metrics/types.js';
import { fromNullableTimestamp, fromTimestamp, toJson, toTimestamp } from './sql-values.js';
import type { BackfillRecord, ApiStoreQueries } from './roles/api-admin.js';

interface BackfillRow {
  id: string;
  since: Date;
  requested_at: Date;
}

const toBackfill = (row: BackfillRow): BackfillRecord => ({
  id: row.id,
  since: fromTimestamp(row.since),
  requestedAt: fromTimestamp(row.requested_at),
});

/** The SQL behind {@link ApiStoreQueries}; every statement is scoped by installation id. */
export function apiStoreQueries(client: SqlClient): ApiStoreQueries {
  return {
    async updateInstallationSettings(id, settings) {
      const { rows } = await client.query(
        'UPDATE installations SET settings = $2::jsonb WHERE id = $1 RETURNING id',
        [id, toJson(settings)],
      );
      return rows.length > 0;
    },

    async updateInstallationCredentials(id, credentials) {
      const { rows } = await client.query(
        `UPDATE installations SET credentials_ciphertext = $2, credentials_iv = $3,
           credentials_tag = $4 WHERE id = $1 RETURNING id`,
        [id, credentials.ciphertext, credentials.iv, credentials.tag],
      );
      return rows.length > 0;
    },

    async createBackfill(id, since, requestedAt) {
      const { rows } = await client.query<BackfillRow>(
        `INSERT INTO backfills (installation_id, id, since, requested_at) VALUES ($1, $2, $3, $4)
         RETURNING id, since, requested_at`,
        [id, randomUUID(), toTimestamp(since), toTimestamp(requestedAt)],
      );
      const [row] = rows;
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return toBackfill(row);
    },

    async getLatestBackfill(id) {
      const { rows } = await client.query<BackfillRow>(
        `SELECT id, since, requested_at FROM backfills WHERE installation_id = $1
         ORDER BY requested_at DESC, id LIMIT 1`,
        [id],
      );
      const [row] = rows;
      return row === undefined ? null : toBackfill(row);
    },

    async countTicketsStoredSince(id, since) {
      const { rows } = await client.query<{ stored: number; watermark: Date | null }>(
        `SELECT count(*)::int AS stored, max(updated_at) AS watermark FROM tickets
         WHERE installation_id = $1 AND stored_at >= $2`,
        [id, toTimestamp(since)],
      );
      const row = rows[0];
      return { stored: row?.stored ?? 0, watermark: fromNullableTimestamp(row?.watermark ?? null) };
    },

    async listStreamTimes(id) {
      const { rows } = await client.query<{
        installation_id: string;
        stream: string;
        updated_at: Date;
        last_error_at: Date | null;
        rate_limited_429: string;
        rate_limit_remaining: number | null;
      }>(
        `SELECT installation_id, stream, updated_at, last_error_at, rate_limited_429,
           rate_limit_remaining FROM sync_checkpoints
         WHERE $1::uuid IS NULL OR installation_id = $1 ORDER BY installation_id, stream`,
        [id],
      );
      return rows.map((row) => ({
        installationId: row.installation_id,
        stream: row.stream,
        updatedAt: fromTimestamp(row.updated_at),
        lastErrorAt: fromNullableTimestamp(row.last_error_at),
        count429: Number(row.rate_limited_429),
        rateLimitRemaining: row.rate_limit_remaining,
      }));
    },

    async findQuarantined(id, stream, recordKey) {
      const { rows } = await client.query<{
        stream: string;
        source_id: string | null;
        raw: unknown;
      }>(
        `SELECT stream, source_id, raw FROM quarantine
         WHERE installation_id = $1 AND stream = $2 AND record_key = $3 AND resolved_at IS NULL`,
        [id, stream, recordKey],
      );
      const [row] = rows;
      return row === undefined
        ? null
        : { stream: row.stream, sourceId: row.source_id, raw: row.raw };
    },

    async listOrganizationTickets(id, organizationId, limit) {
      const { rows } = await client.query<{ ticket: Ticket; metrics: TicketMetrics | null }>(
        `SELECT t.data AS ticket, m.data->'metrics' AS metrics FROM tickets t
         LEFT JOIN ticket_metrics m ON m.installation_id = t.installation_id AND m.ticket_id = t.id
         WHERE t.installation_id = $1 AND t.organization_id = $2
         ORDER BY t.created_at DESC, t.id DESC LIMIT $3`,
        [id, organizationId, limit],
      );
      return rows;
    },
  };
}
