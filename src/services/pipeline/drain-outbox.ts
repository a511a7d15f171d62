import type { AnalysisDeps } from './analyze-ticket.js';
import type { PendingWork } from '../../store/store.js';
import {
  DRAIN_KIND,
  DRAIN_LEASE_MS,
  requestContinuation,
  requestDrain,
  type DrainJob,
} from './drains.js';

/** What one drain did. */
export interface DrainResult {
  batches: number;
  subjects: number;
}

/** Batches one drain job runs before it hands its slot back (see {@link drainOutbox}). */
export const MAX_BATCHES_PER_JOB = 8;

/**
 * The loop every drain shares: claim a batch of the job's kind ({@link DRAIN_KIND}) from the outbox, process it, acknowledge
 * it (only rows not marked again meanwhile go away), until nothing is claimable or the signal
 * fires. A batch that fails hands its rows back at once (best effort: the database may be what
 * failed); a crash leaves them leased until the lease expires. While rows remain that another
 * drain holds, this one asks for its continuation instead of ending, so rows whose holder died are
 * picked up when the lease runs out without waiting for the next sync.
 * After {@link MAX_BATCHES_PER_JOB} batches the drain asks for its own continuation (`job` again,
 * at once) and ends, so a long backfill never holds every worker slot while webhook jobs wait.
 */
export async function drainOutbox(
  deps: Pick<AnalysisDeps, 'store' | 'producer' | 'now' | 'drainLeaseMs'>,
  job: DrainJob,
  installationId: string,
  batchSize: number,
  processBatch: (claimed: PendingWork[]) => Promise<void>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const kind = DRAIN_KIND[job];
  const requeue = () => requestDrain(deps.producer, job, installationId, deps.now());
  const result: DrainResult = { batches: 0, subjects: 0 };
  for (;;) {
    if (signal?.aborted === true) return result;
    if (result.batches >= MAX_BATCHES_PER_JOB) {
      await requestContinuation(deps.producer, job, installationId, deps.now());
      return result;
    }
    const leaseMs = deps.drainLeaseMs ?? DRAIN_LEASE_MS;
    const claimed = await deps.store.claimPending(installationId, kind, batchSize, leaseMs);
    if (claimed.length === 0) {
      if ((await deps.store.pendingAgeMs(installationId, kind)) !== null) await requeue();
      return result;
    }
    try {
      await processBatch(claimed);
    } catch (error) {
      await deps.store.releasePending(installationId, kind, claimed).catch(() => undefined);
      throw error;
    }
    await deps.store.ackPending(installationId, kind, claimed);
    result.batches += 1;
    result.subjects += claimed.length;
  }
}
