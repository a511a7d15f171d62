import type { Instant } from '../../domain/index.js';
import type { JobProducer } from '../../queue/queue.js';
import type { ReplayRebuildAskStore } from '../../store/store.js';
import { requestReplayRebuild } from './rebuild-blocks.js';

/**
 * How production mode puts off the replay-block rebuild (`REPLAY_REBUILD_QUIET_MS`,
 * `REPLAY_REBUILD_MAX_WAIT_MS`).
 */
export interface ReplayRebuildDelay {
  /** An installation with no analysis for this long gets its rebuild queued. */
  quietMs: number;
  /** Asks wait no longer than this after the first one, however busy the installation stays. */
  maxWaitMs: number;
}

/**
 * Asks for a rebuild of the installation's replay blocks once it has been quiet (production
 * mode; embedded mode queues it at once, jobs/processors.ts, since its in-process queue runs it
 * only when no other job is ready). Every analysis drain that stored metrics drops the blocks
 * holding its tickets; rebuilding after each (a webhook's drain) cost more PostgreSQL than the
 * webhook itself, for data only a what-if reads. So the ask is a due time in PostgreSQL that each
 * later ask pushes back by `quietMs`, up to `maxWaitMs` after the first: a burst of drains makes
 * one rebuild, after it.
 *
 * Why not a delayed BullMQ job (deduplicated or debounced): BullMQ counts delayed jobs with the
 * waiting ones, and so does everything that means "work still pending" (Bull Board's depths in
 * /metrics, the test probes' "no job in flight", waits built on them), which would wait for, or
 * report, a rebuild put off by minutes. (A throttle, deduplication by TTL without a delay, runs
 * the rebuild at the start of the burst instead, and drops the asks of the drains after it.) A due time in the database is seen by none of them until
 * the sweep ({@link enqueueDueReplayRebuilds}) queues it; and it survives a Redis restart.
 * Crash safety is unchanged otherwise: a rebuild job lost with Redis or a killed worker is run
 * again by BullMQ or asked again by the next analysis, a rebuild that found the history still
 * changing asks again itself (rebuild-blocks.ts `askLater`), and a what-if run before any
 * rebuild builds the blocks it reads itself.
 */
export async function deferReplayRebuild(
  store: Pick<ReplayRebuildAskStore, 'askReplayRebuild'>,
  delay: ReplayRebuildDelay,
  installationId: string,
  now: Instant,
): Promise<void> {
  await store.askReplayRebuild(installationId, now, delay.quietMs, delay.maxWaitMs);
}

/** What {@link enqueueDueReplayRebuilds} needs. */
export interface RebuildSweepDeps {
  store: Pick<ReplayRebuildAskStore, 'listDueReplayRebuilds' | 'clearReplayRebuildAsk'>;
  producer: JobProducer;
  now: () => Instant;
}

/**
 * The scheduler's sweep: queues a `replay.rebuild` for every installation whose ask is due and
 * clears the ask, returning how many it queued. An ask is cleared only once its job is queued, so
 * an enqueue that fails (Redis down) leaves it for the next sweep; one queued twice (two servers
 * sweeping, or a crash between the two steps) collapses into the one job id, and a rebuild with
 * nothing to build costs a few small queries.
 */
export async function enqueueDueReplayRebuilds(deps: RebuildSweepDeps): Promise<number> {
  const due = await deps.store.listDueReplayRebuilds(deps.now());
  for (const ask of due) {
    await requestReplayRebuild(deps.producer, ask.installationId);
    await deps.store.clearReplayRebuildAsk(ask);
  }
  return due.length;
}

/**
 * How often the sweep looks for due asks: a quarter of the quiet time, so a rebuild starts at most
 * a quarter late, and at least once a minute (the query reads one row per installation waiting).
 */
export function rebuildSweepIntervalMs(delay: ReplayRebuildDelay): number {
  return Math.min(60_000, Math.max(50, Math.round(delay.quietMs / 4)));
}
