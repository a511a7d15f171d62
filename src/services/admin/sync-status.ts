import { NotFoundError } from '../../errors.js';
import type { InstallationStore, SyncStore } from '../../store/store.js';
import { iso } from '../sidebar/iso.js';

/**
 * Per-stream sync health: checkpoint, seconds since the stream last stored a page (its lag),
 * pages stored, the last error, and the helpdesk's rate limit as the syncs recorded it: 429s
 * across all runs and workers, and the budget left in the latest response (nulls until a
 * response carried one).
 */
export async function syncStatus(
  store: InstallationStore & SyncStore,
  installationId: string,
  now: number,
) {
  if ((await store.getInstallation(installationId)) === null) {
    throw new NotFoundError('no such installation');
  }
  const rows = await store.listSyncStatus(installationId);
  return {
    streams: rows.map((row) => ({
      stream: row.stream,
      checkpoint: row.checkpoint,
      lastPageAt: iso(row.updatedAt),
      lagSeconds: Math.max(0, Math.round((now - row.updatedAt) / 1000)),
      lastError: row.lastError,
      pageCount: row.pageCount,
      rateLimit: {
        count429: row.count429,
        remaining: row.rateLimit?.remaining ?? null,
        limit: row.rateLimit?.limit ?? null,
        observedAt: row.rateLimit === null ? null : iso(row.rateLimit.at),
      },
    })),
    asOf: iso(now),
  };
}
