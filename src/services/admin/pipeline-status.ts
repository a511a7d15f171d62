import { NotFoundError } from '../../errors.js';
import type { TicketStore } from '../../store/store.js';
import { iso } from '../sidebar/iso.js';
import { SYNC_STREAMS } from '../pipeline/sync-pages.js';

type StatusStore = Pick<
  TicketStore,
  'getInstallation' | 'isSyncRunning' | 'listSyncPasses' | 'countPending' | 'countUnpushedSummaries'
>;

/**
 * Whether an installation's pipeline has nothing left to do, from durable state only (the queue
 * may have lost its jobs; what matters is what the database still owes):
 * - no sync running (its lease), every stream's pass complete, no backfill waiting to be applied;
 * - the analysis outbox empty for every kind (tickets, requesters, days, push-back);
 * - every requester summary pushed to the helpdesk as stored.
 * `settled` is all of these at once. A scheduled sync or a webhook may start new work a moment
 * later: settled means caught up as of `asOf`.
 */
export async function pipelineStatus(store: StatusStore, installationId: string, now: number) {
  if ((await store.getInstallation(installationId)) === null) {
    throw new NotFoundError('no such installation');
  }
  const [running, passes, outbox, unpushedSummaries] = await Promise.all([
    store.isSyncRunning(installationId),
    store.listSyncPasses(installationId),
    store.countPending(installationId),
    store.countUnpushedSummaries(installationId),
  ]);
  const done = new Set(passes.filter((p) => p.doneAt !== null).map((p) => p.stream));
  const streamsPending = SYNC_STREAMS.filter((stream) => !done.has(stream));
  const backfillPending = passes.some((p) => p.rewindTo !== null);
  const outboxEmpty = Object.values(outbox).every((n) => n === 0);
  return {
    settled:
      !running &&
      streamsPending.length === 0 &&
      !backfillPending &&
      outboxEmpty &&
      unpushedSummaries === 0,
    sync: { running, streamsPending, backfillPending },
    outbox,
    unpushedSummaries,
    asOf: iso(now),
  };
}

/** The document {@link pipelineStatus} returns. */
export type PipelineStatus = Awaited<ReturnType<typeof pipelineStatus>>;
