import { randomUUID } from 'node:crypto';
import { BusyError } from '../../errors.js';
import type { SyncPassQueries } from '../../store/store.js';

/** How long a sync's lease outlives its last renewal: the wait after a worker dies mid-sync. */
export const SYNC_LEASE_TTL_MS = 30_000;
/** How long a sync that found the lease taken waits before it tries again. */
export const SYNC_BUSY_RETRY_MS = 5_000;

/** The installation's sync lease while a run holds it. */
export interface SyncLease {
  /** True once a renewal found another holder: the run must stop writing checkpoints. */
  isLost(): boolean;
  release(): Promise<void>;
}

type LeaseStore = Pick<SyncPassQueries, 'acquireSyncLease' | 'releaseSyncLease'>;

/**
 * Takes the installation's sync lease and renews it in the background until released. Two syncs
 * of one installation must never interleave: each moves checkpoints the other reads, and a
 * rewind one applies could be overwritten by the other's next page. BullMQ's one-job-per-id
 * cannot promise that alone once Redis forgets a running job, so the lease lives in the database.
 * Throws a {@link BusyError} (the job waits and tries again) while another run holds it.
 */
export async function takeSyncLease(
  store: LeaseStore,
  installationId: string,
  ttlMs = SYNC_LEASE_TTL_MS,
): Promise<SyncLease> {
  const holder = randomUUID();
  if (!(await store.acquireSyncLease(installationId, holder, ttlMs))) {
    throw new BusyError(
      'SYNC_BUSY',
      'another sync of this installation is running; this one runs after it',
      SYNC_BUSY_RETRY_MS,
    );
  }
  let lost = false;
  const timer = setInterval(() => {
    store.acquireSyncLease(installationId, holder, ttlMs).then(
      (held) => {
        if (!held) lost = true;
      },
      // A database outage: the next renewal tries again; the page writes fail meanwhile anyway.
      () => undefined,
    );
  }, ttlMs / 3);
  timer.unref();
  return {
    isLost: () => lost,
    async release() {
      clearInterval(timer);
      await store.releaseSyncLease(installationId, holder).catch(() => undefined);
    },
  };
}
