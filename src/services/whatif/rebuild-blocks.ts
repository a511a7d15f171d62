import type { Id, Instant } from '../../domain/index.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { JobProducer } from '../../queue/queue.js';
import type { TicketStore } from '../../store/store.js';
import { MAX_PUSH_DEFER_MS } from '../pipeline/drains.js';

/** How long a rebuild that met a write holding the installation waits before it tries again. */
export const REBUILD_RETRY_MS = 5_000;

/**
 * Steps (one short transaction of a few blocks each, sql-replay-blocks.ts) one rebuild job runs
 * before it hands its slot back and asks for its own continuation, as the drains do.
 */
export const REBUILD_STEPS_PER_JOB = 20;

/** What a rebuild needs. */
export interface ReplayRebuildDeps {
  store: Pick<TicketStore, 'pendingAgeMs' | 'listSyncPasses' | 'buildNextReplayBlocks'>;
  producer: JobProducer;
  now: () => Instant;
  /** {@link REBUILD_RETRY_MS} unless given (tests). */
  retryMs?: number;
  /** {@link REBUILD_STEPS_PER_JOB} unless given (tests). */
  stepsPerJob?: number;
  /**
   * Production mode: asks again, for after the next quiet spell (rebuild-asks.ts), when the
   * history is still changing. Unset (embedded mode), the drain or sync that changes it asks.
   */
  askLater?: () => Promise<void>;
}

/** How a rebuild job ended. */
export type RebuildOutcome =
  /** Every analysed ticket lies in a block. */
  | 'done'
  /**
   * The history is still changing (tickets pending analysis, a sync pass reading): blocks built
   * now would be dropped by its next writes. The drain or sync that changes it asks again when
   * it ends (jobs/processors.ts); in production mode the job asks again itself (`askLater`),
   * since a sync whose pass ended need not have changed anything that asks.
   */
  | 'waiting'
  /** A write held the installation: asked again a little later. */
  | 'busy'
  /** Ran its steps (or was stopped) with holes left: asked for its continuation. */
  | 'continued';

/**
 * Runs one `replay.rebuild` job: builds the what-if replay blocks (migration 022) that are
 * missing, so the first replay after a backfill or a re-analysis reads them instead of building
 * them (75 s of PostgreSQL at a million tickets). Each step is a short transaction that never
 * waits for a write (it tries the lock, and a write holding it makes the job look again later),
 * builds exactly what a replay reading there would, and commits: the job is idempotent (it builds
 * only holes), and a killed one is redone (BullMQ runs a stalled job again; any later analysis
 * drain or sync asks again) from the first hole left. Writes during a rebuild drop the blocks
 * they touch as they always do; the replay builds anything still missing. Nothing is built while
 * the history is still changing (a backfill's pages touch blocks all over the id range).
 */
export async function rebuildReplayBlocks(
  deps: ReplayRebuildDeps,
  payload: JobPayload<'replay.rebuild'>,
  signal?: AbortSignal,
): Promise<RebuildOutcome> {
  const { installationId } = payload;
  const again = (delayMs: number) =>
    deps.producer.enqueue('replay.rebuild', { installationId }, { delayMs });
  if (await historyChanging(deps, installationId)) {
    await deps.askLater?.();
    return 'waiting';
  }
  let from: Id = '';
  for (let steps = 0; ; steps += 1) {
    if (signal?.aborted === true || steps >= (deps.stepsPerJob ?? REBUILD_STEPS_PER_JOB)) {
      await again(0);
      return 'continued';
    }
    const step = await deps.store.buildNextReplayBlocks(installationId, from);
    if (step.kind === 'end') return 'done';
    if (step.kind === 'busy') {
      await again(deps.retryMs ?? REBUILD_RETRY_MS);
      return 'busy';
    }
    from = step.next;
  }
}

/**
 * True while tickets are pending analysis or a sync pass is still reading (one that started less
 * than {@link MAX_PUSH_DEFER_MS} ago, so a pass that never ends stops no rebuild for good).
 */
async function historyChanging(deps: ReplayRebuildDeps, installationId: string): Promise<boolean> {
  if ((await deps.store.pendingAgeMs(installationId, 'ticket')) !== null) return true;
  const passes = await deps.store.listSyncPasses(installationId);
  const now = deps.now();
  return passes.some(
    (p) => (p.doneAt === null || p.rewindTo !== null) && now - p.startedAt < MAX_PUSH_DEFER_MS,
  );
}

/**
 * Queues a rebuild of the installation's replay blocks now: in embedded mode after an analysis
 * drain that stored metrics (each drops the blocks holding its tickets) and after a sync; in
 * production mode when the sweep finds the put-off ask due (rebuild-asks.ts). One job per
 * installation, so asks collapse; a rebuild with nothing to build costs a few small queries.
 */
export async function requestReplayRebuild(
  producer: JobProducer,
  installationId: string,
): Promise<void> {
  await producer.enqueue('replay.rebuild', { installationId });
}
