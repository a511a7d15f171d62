import type { Checkpoint, StreamName } from '../../connectors/connector.js';
import type { Instant } from '../../domain/index.js';

/** Where a stream stands in its current pass (see migration 008). */
export interface StreamPass {
  stream: string;
  /** Where the pass reads from while the stream has no checkpoint. */
  origin: Instant;
  checkpoint: Checkpoint | null;
  /** When the pass reached the end of the stream; null while it still runs. */
  doneAt: Instant | null;
  /** A requested backfill start the next run applies. */
  rewindTo: Instant | null;
  /** Records the pass has read so far (migration 015). */
  records: number;
  /** When the pass began, or restarted from a rewind. */
  startedAt: Instant;
  /** The newest record time the pass has read; null before its first record. */
  watermark: Instant | null;
}

/** Store methods that keep a stream's pass and the installation's sync lease. */
export interface SyncPassQueries {
  /**
   * Gives every listed stream that has no pass yet one from `origin`, in one statement, so a
   * run that dies before it reaches a stream has still fixed where that stream starts.
   */
  planSyncPasses(
    installationId: string,
    streams: readonly StreamName[],
    origin: Instant,
  ): Promise<void>;
  /** Asks the next run of each stream to read again from `since` (the earliest request wins). */
  requestRewind(
    installationId: string,
    streams: readonly StreamName[],
    since: Instant,
  ): Promise<void>;
  /**
   * Opens a stream for a run: applies a pending rewind (restarting the pass from it, unless the
   * pass is still running from an earlier origin) and returns where to read from. Null when the
   * stream has no pass (it was never planned).
   */
  openStreamPass(installationId: string, stream: StreamName): Promise<StreamPass | null>;
  listSyncPasses(installationId: string): Promise<StreamPass[]>;
  /** Marks the stream's pass done (a stream that ended without a page to carry the mark). */
  finishStreamPass(installationId: string, stream: StreamName): Promise<void>;
  /**
   * Takes or renews the installation's sync lease for `holder` for `ttlMs` (database clock);
   * false while another holder's lease is live.
   */
  acquireSyncLease(installationId: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseSyncLease(installationId: string, holder: string): Promise<void>;
  /** True while a run holds a live sync lease for the installation. */
  isSyncRunning(installationId: string): Promise<boolean>;
  /** Requester summaries whose stored version is not the one last pushed to the helpdesk. */
  countUnpushedSummaries(installationId: string): Promise<number>;
}
