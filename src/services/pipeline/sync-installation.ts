import type { HelpdeskConnector, StreamName } from '../../connectors/connector.js';
import type { Instant } from '../../domain/index.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { SyncPassQueries, SyncStore } from '../../store/store.js';
import { requestAllDrains, requestDrain } from './drains.js';
import { DEFAULT_FIRST_SYNC_DAYS, type SyncDeps } from './sync-deps.js';
import { SYNC_STREAMS, streamPages } from './sync-pages.js';
import { syncSettings } from './sync-settings.js';
import { createProgressTracker, type ProgressTracker, type SyncProgress } from './sync-progress.js';
import { takeSyncLease, type SyncLease } from './sync-lease.js';
import { BusyError } from '../../errors.js';
import { recordRateLimit as recordConnectorRateLimit } from './rate-limit-counts.js';

export type { SyncProgress } from './sync-progress.js';
export type { SyncDeps } from './sync-deps.js';
export { refreshTicket, StaleRefreshError } from './refresh-ticket.js';

/** What one stream did in a run. */
export interface StreamRunStats {
  pages: number;
  items: number;
  quarantined: number;
  /** Tickets the store reported changed (one per page they changed in). */
  changedTickets: number;
}

/** The outcome of {@link syncInstallation}. */
export interface SyncRunResult {
  installationId: string;
  /** True when the signal stopped the run; every committed page stays committed. */
  aborted: boolean;
  streams: Partial<Record<StreamName, StreamRunStats>>;
  /** Tickets marked pending analysis (one per page they changed in). */
  ticketsMarked: number;
  /** The last progress reported (also what `onProgress` last received). */
  progress: SyncProgress;
}

const DAY_MS = 86_400_000;

/**
 * Runs one `tickets.sync` job under the installation's sync lease (a second run waits for the
 * first, see sync-lease.ts). The run first fixes, in one statement, where every stream that has
 * no pass yet starts: `since`, or `deps.firstSyncDays` (default {@link DEFAULT_FIRST_SYNC_DAYS})
 * ago. A pass keeps that origin until it reaches the end of its stream, whoever resumes it, so
 * a first backfill that dies before some stream started is finished by the next scheduled run,
 * not cut to a shorter window. Each stream then applies a requested rewind (a backfill asked for
 * with `requestRewind`), and reads from its checkpoint, or from its origin. Each page is stored in one
 * transaction with its checkpoint and with outbox marks for the tickets it changed, and only then
 * is an analysis drain requested, so a crash anywhere replays pages and never skips one, and a
 * crash between the commit and the request loses nothing either: the run starts by requesting
 * every drain, which picks up whatever an earlier run left marked; before that it stores the
 * helpdesk's settings (sync-settings.ts), so analysis never runs on a ticket whose schedules are
 * still to come. Until the events and ratings streams' passes have read past a ticket's last
 * update, the analysis drain leaves that ticket for later (store `claimAnalysable`), so a backfill
 * analyses it once with its whole history instead of after every page that brings part of it.
 * The signal is honoured between pages. On a failure the error is recorded on the stream for the
 * health page and rethrown, so the queue retries the job.
 */
export async function syncInstallation(
  deps: SyncDeps,
  payload: JobPayload<'tickets.sync'>,
  signal: AbortSignal,
): Promise<SyncRunResult> {
  const { installationId } = payload;
  const connector = await deps.connectorFor(installationId);
  const firstSyncDays = deps.firstSyncDays ?? DEFAULT_FIRST_SYNC_DAYS;
  const startTime = payload.since ?? deps.now() - firstSyncDays * DAY_MS;
  const lease = await takeSyncLease(deps.store, installationId, deps.syncLeaseMs);
  try {
    await deps.store.planSyncPasses(installationId, SYNC_STREAMS, startTime);
    return await syncStreams(deps, payload, signal, { connector, startTime, lease });
  } finally {
    await lease.release();
  }
}

async function syncStreams(
  deps: SyncDeps,
  payload: JobPayload<'tickets.sync'>,
  signal: AbortSignal,
  {
    connector,
    startTime,
    lease,
  }: { connector: HelpdeskConnector; startTime: Instant; lease: SyncLease },
): Promise<SyncRunResult> {
  const { installationId } = payload;
  const progress = createProgressTracker(installationId, deps.now);
  const result: SyncRunResult = {
    installationId,
    aborted: false,
    streams: {},
    ticketsMarked: 0,
    progress: progress.current('users'),
  };
  const run: StreamRun = {
    deps,
    connector,
    installationId,
    startTime,
    signal,
    lease,
    progress,
    result,
  };
  // Settings first: no page may be analysed before the schedules that time it are stored.
  try {
    await syncSettings(deps.store, connector, installationId);
    await recordRateLimit(run, 'tickets');
  } catch (error) {
    // Schedules have no stream of their own; their failure shows on the tickets stream they time.
    await recordFailure(deps.store, installationId, 'tickets', error, 'schedules: ');
    await recordRateLimit(run, 'tickets').catch(() => undefined);
    throw error;
  }
  await requestAllDrains(deps.producer, installationId, deps.now());
  // A function, not a property read: the signal flips while we await, which narrowing ignores.
  const isAborted = (): boolean => signal.aborted;
  for (const stream of SYNC_STREAMS) {
    if (isAborted()) break;
    try {
      await syncStream(run, stream);
    } catch (error) {
      // An abort surfaces as whatever the connector was doing when it came; it is no failure.
      if (isAborted()) break;
      await recordFailure(deps.store, installationId, stream, error);
      // A RATE_LIMITED failure is made of 429s: they count like those of stored pages.
      await recordRateLimit(run, stream).catch(() => undefined);
      throw error;
    }
  }
  result.aborted = isAborted();
  return result;
}

interface StreamRun {
  deps: SyncDeps;
  connector: HelpdeskConnector;
  installationId: string;
  startTime: Instant;
  signal: AbortSignal;
  lease: SyncLease;
  progress: ProgressTracker;
  result: SyncRunResult;
}

async function syncStream(run: StreamRun, stream: StreamName): Promise<void> {
  const { deps, installationId, signal, result } = run;
  const stats: StreamRunStats = { pages: 0, items: 0, quarantined: 0, changedTickets: 0 };
  result.streams[stream] = stats;
  const pass = await deps.store.openStreamPass(installationId, stream);
  let checkpoint = pass?.checkpoint ?? null;
  let passDone = pass?.doneAt !== null && pass?.doneAt !== undefined;
  const startTime = pass?.origin ?? run.startTime;
  run.progress.startStream(stream, checkpoint === null ? startTime : null);
  const options = { checkpoint, startTime, signal };
  for await (const page of streamPages(run.connector, stream, options)) {
    // A caught-up stream answers with an empty page at the same checkpoint: nothing to write,
    // unless that page is what ends the stream's pass.
    const empty = page.items === 0 && page.quarantined === 0 && page.checkpoint === checkpoint;
    if (!empty || (page.endOfStream && !passDone)) {
      if (run.lease.isLost()) {
        throw new BusyError('SYNC_BUSY', 'the sync lease passed to another run', 0);
      }
      const { changedTicketIds } = await deps.store.writeSyncPage({
        installationId,
        stream,
        checkpoint: page.checkpoint,
        endOfStream: page.endOfStream,
        ...page.records,
      });
      checkpoint = page.checkpoint;
      passDone ||= page.endOfStream;
      stats.changedTickets += changedTicketIds.length;
      result.ticketsMarked += changedTicketIds.length;
      // An events or ratings page also moves its pass past tickets the analysis drain held back.
      if (changedTicketIds.length > 0 || stream === 'ticket_events' || stream === 'satisfaction') {
        await requestDrain(deps.producer, 'analysis.drain', installationId, deps.now());
      }
    }
    await recordRateLimit(run, stream);
    stats.pages += 1;
    stats.items += page.items;
    stats.quarantined += page.quarantined;
    result.progress = run.progress.commit(stream, page);
    deps.onProgress?.(result.progress);
    if (signal.aborted) return;
  }
  // A stream with nothing to read ends without a page to carry the mark. One that served pages
  // but none ending it stopped short (an export whose end_time did not move on): it resumes from
  // its checkpoint next run, and its pass is not done, or progress would say so with pages left.
  if (!passDone && !signal.aborted && stats.pages === 0)
    await deps.store.finishStreamPass(installationId, stream);
}

/** Records the 429s the connector got since any job last recorded them, and the budget it last saw. */
function recordRateLimit(run: StreamRun, stream: StreamName): Promise<void> {
  const { deps, connector, installationId } = run;
  return recordConnectorRateLimit(deps.store, connector, installationId, stream, deps.now());
}

async function recordFailure(
  store: SyncPassQueries & SyncStore,
  installationId: string,
  stream: StreamName,
  error: unknown,
  prefix = '',
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  // The original error matters more than a failed note about it: the caller rethrows that one.
  await store.recordSyncError(installationId, stream, prefix + message).catch(() => undefined);
}
