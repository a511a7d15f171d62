import type { AnalysisDeps } from './analyze-ticket.js';
import type { PendingWork } from '../../store/store.js';
import {
  DRAIN_KIND,
  DRAIN_LEASE_MS,
  requestContinuation,
  requestRecheck,
  type DrainJob,
} from './drains.js';

/** What one drain did. */
export interface DrainResult {
  batches: number;
  subjects: number;
}

/** Batches one drain job runs before it hands its slot back (see {@link drainOutbox}). */
export const MAX_BATCHES_PER_JOB = 8;

/** A drain's batch work in two steps, so the next batch's reads can overlap this one's work. */
export interface BatchStages<T> {
  /** Reads what the claimed batch needs (may run while the previous batch is applied). */
  load: (claimed: PendingWork[]) => Promise<T>;
  /** Computes and writes the batch from what `load` read. */
  apply: (claimed: PendingWork[], loaded: T) => Promise<void>;
  /** Leases the next batch when the drain claims other than `claimPending` of its kind does. */
  claim?: (limit: number, leaseMs: number) => Promise<PendingWork[]>;
}

/**
 * The loop every drain shares: claim a batch of the job's kind ({@link DRAIN_KIND}) from the outbox, process it, acknowledge
 * it (only rows not marked again meanwhile go away), until nothing is claimable or the signal
 * fires. A batch that fails hands its rows back at once (best effort: the database may be what
 * failed); a crash leaves them leased until the lease expires. While rows remain that another
 * drain holds, this one asks to look again a little later (drains.ts `DRAIN_RECHECK_MS`), so rows
 * whose holder died are picked up when the lease runs out without waiting for the next sync.
 * After {@link MAX_BATCHES_PER_JOB} batches the drain asks for its own continuation (`job` again,
 * at once) and ends, so a long backfill never holds every worker slot while webhook jobs wait.
 */
export function drainOutbox(
  deps: Pick<AnalysisDeps, 'store' | 'producer' | 'now' | 'drainLeaseMs'>,
  job: DrainJob,
  installationId: string,
  batchSize: number,
  processBatch: (claimed: PendingWork[]) => Promise<void>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const stages = { load: () => Promise.resolve(), apply: processBatch };
  return drainStaged(deps, job, installationId, batchSize, stages, false, signal);
}

/**
 * {@link drainOutbox} with read-ahead: the next batch is claimed and its `load` started before
 * the current batch's `apply`, so the database reads one batch while this process computes the
 * other. A claimed batch is as safe as in drainOutbox: marks made after its claim re-version its
 * rows, so a ticket changed while its batch was read ahead is analysed again.
 */
export function drainOutboxAhead<T>(
  deps: Pick<AnalysisDeps, 'store' | 'producer' | 'now' | 'drainLeaseMs'>,
  job: DrainJob,
  installationId: string,
  batchSize: number,
  stages: BatchStages<T>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  return drainStaged(deps, job, installationId, batchSize, stages, true, signal);
}

interface Claimed<T> {
  claimed: PendingWork[];
  loaded: Promise<T>;
}

async function drainStaged<T>(
  deps: Pick<AnalysisDeps, 'store' | 'producer' | 'now' | 'drainLeaseMs'>,
  job: DrainJob,
  installationId: string,
  batchSize: number,
  stages: BatchStages<T>,
  readAhead: boolean,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const kind = DRAIN_KIND[job];
  const { store } = deps;
  const release = async (batch: Claimed<T> | null) => {
    if (batch === null) return;
    await batch.loaded.catch(() => undefined);
    await store.releasePending(installationId, kind, batch.claimed).catch(() => undefined);
  };
  const claim = async (): Promise<Claimed<T> | null> => {
    const leaseMs = deps.drainLeaseMs ?? DRAIN_LEASE_MS;
    const claimed =
      stages.claim === undefined
        ? await store.claimPending(installationId, kind, batchSize, leaseMs)
        : await stages.claim(batchSize, leaseMs);
    if (claimed.length === 0) return null;
    const loaded = stages.load(claimed);
    // Awaited later; until then a failed read must not count as an unhandled rejection.
    loaded.catch(() => undefined);
    return { claimed, loaded };
  };
  const result: DrainResult = { batches: 0, subjects: 0 };
  let next: Claimed<T> | null = null;
  for (;;) {
    if (signal?.aborted === true) {
      await release(next);
      return result;
    }
    if (result.batches >= MAX_BATCHES_PER_JOB) {
      await requestContinuation(deps.producer, job, installationId, deps.now());
      return result;
    }
    const current: Claimed<T> | null = next ?? (await claim());
    next = null;
    if (current === null) {
      if ((await store.pendingAgeMs(installationId, kind)) !== null) {
        await requestRecheck(deps.producer, job, installationId, deps.now());
      }
      return result;
    }
    try {
      const loaded = await current.loaded;
      if (readAhead && result.batches + 1 < MAX_BATCHES_PER_JOB) next = await claim();
      await stages.apply(current.claimed, loaded);
    } catch (error) {
      await release(current);
      await release(next);
      throw error;
    }
    await store.ackPending(installationId, kind, current.claimed);
    result.batches += 1;
    result.subjects += current.claimed.length;
  }
}
