import type { Instant } from '../../domain/index.js';

/** A rebuild of an installation's replay blocks asked for and not yet queued (migration 029). */
export interface ReplayRebuildAsk {
  installationId: string;
  /** When the sweep queues it. */
  dueAt: Instant;
}

/**
 * Keeps the deferred asks for a replay-block rebuild (services/whatif/rebuild-asks.ts): analysis
 * drains record them, the scheduler's sweep queues the due ones.
 */
export interface ReplayRebuildAskStore {
  /**
   * Records an ask made at `now`: due `quietMs` after it, or when one is already waiting, moved
   * back to that — but never past `maxWaitMs` after the first ask still waiting, and never earlier
   * than it was.
   */
  askReplayRebuild(
    installationId: string,
    now: Instant,
    quietMs: number,
    maxWaitMs: number,
  ): Promise<void>;
  /** Every installation's ask due at `now`, soonest first (for the one sweep that serves all). */
  listDueReplayRebuilds(now: Instant): Promise<ReplayRebuildAsk[]>;
  /**
   * Removes the ask if it is still due at `ask.dueAt`; one that a later ask moved stays, so the
   * analysis made after the listing gets its own rebuild.
   */
  clearReplayRebuildAsk(ask: ReplayRebuildAsk): Promise<void>;
}
