import type { SqlClient } from './sql-client.js';
import { fromNullableTimestamp, fromTimestamp, toTimestamp } from './sql-values.js';
import type { StreamPass, SyncPassQueries } from './roles/sync-passes.js';

const PLAN = `
INSERT INTO sync_passes (installation_id, stream, origin)
SELECT $1::uuid, s, $3::timestamptz FROM unnest($2::text[]) AS s
ON CONFLICT (installation_id, stream) DO NOTHING`;

const REQUEST_REWIND = `
INSERT INTO sync_passes (installation_id, stream, origin, rewind_to)
SELECT $1::uuid, s, $3::timestamptz, $3::timestamptz FROM unnest($2::text[]) AS s
ON CONFLICT (installation_id, stream) DO UPDATE
SET rewind_to = LEAST(COALESCE(sync_passes.rewind_to, EXCLUDED.rewind_to), EXCLUDED.rewind_to)`;

// A finished pass restarts from the rewind; a running one restarts only to reach further back,
// since from its own origin up to its checkpoint it has read already.
const APPLY_REWIND = `
UPDATE sync_passes p SET
  origin = CASE WHEN restart THEN p.rewind_to ELSE p.origin END,
  done_at = CASE WHEN restart THEN NULL ELSE p.done_at END,
  records = CASE WHEN restart THEN 0 ELSE p.records END,
  started_at = CASE WHEN restart THEN now() ELSE p.started_at END,
  watermark = CASE WHEN restart THEN NULL ELSE p.watermark END,
  rewind_to = NULL
FROM (SELECT done_at IS NOT NULL OR rewind_to < origin AS restart FROM sync_passes
      WHERE installation_id = $1 AND stream = $2) AS r
WHERE p.installation_id = $1 AND p.stream = $2 AND p.rewind_to IS NOT NULL
RETURNING r.restart`;

const PASSES = `
SELECT p.stream, p.origin, p.done_at, p.rewind_to, p.records::text AS records, p.started_at,
  p.watermark, c.checkpoint
FROM sync_passes p
LEFT JOIN sync_checkpoints c ON c.installation_id = p.installation_id AND c.stream = p.stream
WHERE p.installation_id = $1 AND ($2::text IS NULL OR p.stream = $2)
ORDER BY p.stream`;

const ACQUIRE_LEASE = `
INSERT INTO sync_leases (installation_id, holder, expires_at)
VALUES ($1, $2, now() + $3 * interval '1 millisecond')
ON CONFLICT (installation_id) DO UPDATE SET holder = EXCLUDED.holder,
  expires_at = EXCLUDED.expires_at
WHERE sync_leases.holder = EXCLUDED.holder OR sync_leases.expires_at < now()
RETURNING holder`;

interface PassRow {
  stream: string;
  origin: Date;
  done_at: Date | null;
  rewind_to: Date | null;
  records: string;
  started_at: Date;
  watermark: Date | null;
  checkpoint: string | null;
}

const toPass = (row: PassRow): StreamPass => ({
  stream: row.stream,
  origin: fromTimestamp(row.origin),
  checkpoint: row.checkpoint,
  doneAt: fromNullableTimestamp(row.done_at),
  rewindTo: fromNullableTimestamp(row.rewind_to),
  records: Number(row.records),
  startedAt: fromTimestamp(row.started_at),
  watermark: fromNullableTimestamp(row.watermark),
});

/** The SQL behind {@link SyncPassQueries}. */
export function syncPassQueries(client: SqlClient): SyncPassQueries {
  return {
    async planSyncPasses(id, streams, origin) {
      await client.query(PLAN, [id, streams, toTimestamp(origin)]);
    },
    async requestRewind(id, streams, since) {
      await client.query(REQUEST_REWIND, [id, streams, toTimestamp(since)]);
    },
    openStreamPass: (id, stream) =>
      client.transaction(async (tx) => {
        const { rows } = await tx.query<{ restart: boolean }>(APPLY_REWIND, [id, stream]);
        if (rows[0]?.restart === true) {
          // The checkpoint goes with the pass it belonged to; page counts and errors stay.
          await tx.query(
            'UPDATE sync_checkpoints SET checkpoint = NULL WHERE installation_id = $1 AND stream = $2',
            [id, stream],
          );
        }
        const passes = await tx.query<PassRow>(PASSES, [id, stream]);
        const row = passes.rows[0];
        return row === undefined ? null : toPass(row);
      }),
    async listSyncPasses(id) {
      const { rows } = await client.query<PassRow>(PASSES, [id, null]);
      return rows.map(toPass);
    },
    async finishStreamPass(id, stream) {
      await client.query(MARK_PASS_DONE, [id, stream]);
    },
    async acquireSyncLease(id, holder, ttlMs) {
      const { rows } = await client.query(ACQUIRE_LEASE, [id, holder, ttlMs]);
      return rows.length > 0;
    },
    async releaseSyncLease(id, holder) {
      await client.query('DELETE FROM sync_leases WHERE installation_id = $1 AND holder = $2', [
        id,
        holder,
      ]);
    },
    async countUnpushedSummaries(id) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM requester_summaries
         WHERE installation_id = $1 AND pushed_hash IS DISTINCT FROM content_hash`,
        [id],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async isSyncRunning(id) {
      const { rows } = await client.query(
        'SELECT 1 FROM sync_leases WHERE installation_id = $1 AND expires_at > now()',
        [id],
      );
      return rows.length > 0;
    },
  };
}

/** Counts a stored page into its stream's pass (inside the page's transaction). */
export const COUNT_PASS_PAGE = `
UPDATE sync_passes SET records = records + $3,
  watermark = GREATEST(watermark, $4::timestamptz)
WHERE installation_id = $1 AND stream = $2`;

/** Marks the stream's pass done when a page ends the stream (inside the page's transaction). */
export const MARK_PASS_DONE = `
UPDATE sync_passes SET done_at = COALESCE(done_at, now())
WHERE installation_id = $1 AND stream = $2`;
