import { z } from 'zod';
import { ReportDateSchema } from '../../domain/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import type { JobProducer } from '../../queue/queue.js';
import type {
  ApiStoreQueries,
  InstallationStore,
  OutboxStore,
  SyncPassQueries,
} from '../../store/store.js';
import { estimateWalk } from '../pipeline/progress-stages.js';
import { SYNC_STREAMS } from '../pipeline/sync-pages.js';
import { iso, isoOrNull } from '../sidebar/iso.js';
import { BackfillStageSchema, backfillStages } from './backfill-stages.js';

// Bounded like report dates: year 0 parses but its instant fails the store (a 500, not a 400).
export const BackfillBodySchema = z.object({ since: ReportDateSchema }).strict();

/** The document of `GET …/admin/installations/:id/backfill` (and the in-app Admin view's). */
export const BackfillProgressSchema = z.object({
  backfillId: z.uuid(),
  since: z.string(),
  requestedAt: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  ticketsDone: z.number().int(),
  estimatedTotal: z.number().int().nullable(),
  etaSeconds: z.number().int().nullable(),
  watermark: z.string().nullable(),
  stages: z.array(BackfillStageSchema),
  streams: z.array(
    z.object({ stream: z.string(), lastPageAt: z.string(), lastErrorAt: z.string().nullable() }),
  ),
});

interface BackfillDeps {
  store: ApiStoreQueries & InstallationStore & OutboxStore & SyncPassQueries;
  producer: JobProducer;
  now: () => number;
}

/**
 * Starts a backfill: records it (so its progress can be read back), asks every stream to read
 * again from `since` (UTC midnight) whatever earlier syncs stored — re-reading is idempotent —
 * and enqueues a `tickets.sync` in backfill mode. The request is stored before the job is
 * queued, so even a lost job leaves it for the next scheduled sync. When a sync is running,
 * the backfill runs after it (`afterRunningSync`).
 */
export async function startBackfill(deps: BackfillDeps, installationId: string, since: string) {
  if ((await deps.store.getInstallation(installationId)) === null) {
    throw new NotFoundError('no such installation');
  }
  const start = Date.parse(`${since}T00:00:00Z`);
  const now = deps.now();
  if (Number.isNaN(start) || start >= now) {
    throw new AppError('VALIDATION_FAILED', 'body.since: must be a past date', { status: 400 });
  }
  const record = await deps.store.createBackfill(installationId, start, now);
  await deps.store.requestRewind(installationId, SYNC_STREAMS, start);
  const afterRunningSync = await deps.store.isSyncRunning(installationId);
  await deps.producer.enqueue('tickets.sync', { installationId, mode: 'backfill', since: start });
  return { backfillId: record.id, afterRunningSync };
}

/**
 * Progress of the latest backfill, read from the store because the job runs elsewhere:
 * tickets stored since it was requested, an estimate of the total from how far the newest
 * stored `updatedAt` has come through `[since, now]` (the sync's own estimator, sync-progress.ts),
 * an ETA from the rate so far, and each stream's last page. State: `failed` when a stream
 * recorded an error after its last page, `done` once every stream's pass has reached its end
 * with no rewind left to apply, `running` once tickets arrive, else `queued`. `stages` are the
 * stages `deskpulse backfill` draws (tickets, events, ratings, analysis, summaries, push-back).
 */
export async function backfillProgress(
  deps: Pick<BackfillDeps, 'store' | 'now'>,
  installationId: string,
): Promise<z.infer<typeof BackfillProgressSchema>> {
  const record = await deps.store.getLatestBackfill(installationId);
  if (record === null) throw new NotFoundError('no backfill for this installation');
  const now = deps.now();
  const [counts, times, passes, pending] = await Promise.all([
    deps.store.countTicketsStoredSince(installationId, record.requestedAt),
    deps.store.listStreamTimes(installationId),
    deps.store.listSyncPasses(installationId),
    deps.store.countPending(installationId),
  ]);
  const failed = times.some(
    (t) =>
      t.lastErrorAt !== null && t.lastErrorAt >= record.requestedAt && t.lastErrorAt > t.updatedAt,
  );
  const finished = new Set(
    passes.filter((p) => p.doneAt !== null && p.rewindTo === null).map((p) => p.stream),
  );
  const done = SYNC_STREAMS.every((stream) => finished.has(stream));
  const state = failed ? 'failed' : done ? 'done' : counts.stored > 0 ? 'running' : 'queued';
  const estimate =
    done || counts.watermark === null
      ? null
      : estimateWalk({
          origin: record.since,
          watermark: counts.watermark,
          startedAt: record.requestedAt,
          now,
          done: counts.stored,
        });
  const estimatedTotal = done ? counts.stored : (estimate?.total ?? null);
  const etaSeconds = done ? 0 : estimate === null ? null : Math.round(estimate.etaMs / 1000);
  return {
    backfillId: record.id,
    since: iso(record.since),
    requestedAt: iso(record.requestedAt),
    state,
    ticketsDone: counts.stored,
    estimatedTotal,
    etaSeconds,
    watermark: isoOrNull(counts.watermark),
    stages: backfillStages({
      requestedAt: record.requestedAt,
      now,
      passes,
      times,
      pending,
      tickets: { stored: counts.stored, estimatedTotal, etaSeconds },
    }),
    streams: times.map((t) => ({
      stream: t.stream,
      lastPageAt: iso(t.updatedAt),
      lastErrorAt: isoOrNull(t.lastErrorAt),
    })),
  };
}
