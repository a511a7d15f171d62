import type { StreamName } from '../connectors/connector.js';
import type { Instant } from '../domain/index.js';
import type { StreamPage } from './sync-pages.js';

/** Where a sync run stands, emitted after every page once it is stored. */
export interface SyncProgress {
  installationId: string;
  /** The stream of the page just handled. */
  stream: StreamName;
  /** Pages handled in this run, all streams together (a caught-up empty page is not written). */
  pages: number;
  /** Tickets stored by this run's tickets stream (a ticket updated twice counts twice). */
  ticketsDone: number;
  /** Estimated tickets this run will store in all; null until the watermark has moved. */
  estimatedTotal: number | null;
  /** Estimated time until the tickets stream catches up; 0 once it has, null when unknown. */
  etaMs: number | null;
  /** `updatedAt` of the newest ticket seen so far: how far through time the export has come. */
  watermark: Instant | null;
}

/** Accumulates per-page facts into {@link SyncProgress}. */
export interface ProgressTracker {
  /** Call when the tickets stream starts; `origin` is the backfill start, null on a resume. */
  startTickets(origin: Instant | null): void;
  commit(stream: StreamName, page: StreamPage): SyncProgress;
  current(stream: StreamName): SyncProgress;
}

/**
 * Progress of one run. The incremental ticket export walks `updatedAt` upwards, so the share of
 * the window `[origin, now]` the watermark has covered estimates the share of tickets done — a
 * good guess when tickets are spread evenly over time, and it corrects itself page by page. The
 * ETA extrapolates the observed time per ticket, which already includes the connector's waits for
 * the rate budget (its governor paces requests), so it needs no separate model of the budget.
 */
export function createProgressTracker(installationId: string, now: () => number): ProgressTracker {
  let pages = 0;
  let ticketsDone = 0;
  let origin: Instant | null = null;
  let watermark: Instant | null = null;
  let startedAt = now();
  let caughtUp = false;

  const snapshot = (stream: StreamName): SyncProgress => {
    const at = now();
    let estimatedTotal: number | null = null;
    let etaMs: number | null = null;
    if (caughtUp) {
      estimatedTotal = ticketsDone;
      etaMs = 0;
    } else if (origin !== null && watermark !== null && at > origin && ticketsDone > 0) {
      const covered = Math.min(1, Math.max(0, (watermark - origin) / (at - origin)));
      if (covered > 0) {
        estimatedTotal = Math.max(ticketsDone, Math.round(ticketsDone / covered));
        const msPerTicket = (at - startedAt) / ticketsDone;
        etaMs = Math.round((estimatedTotal - ticketsDone) * msPerTicket);
      }
    }
    return { installationId, stream, pages, ticketsDone, estimatedTotal, etaMs, watermark };
  };

  return {
    startTickets(start) {
      origin = start;
      startedAt = now();
    },
    commit(stream, page) {
      pages += 1;
      if (stream === 'tickets') {
        ticketsDone += page.tickets.count;
        // On a resume the origin is unknown; the first page's oldest ticket stands in for it.
        origin ??= page.tickets.minUpdatedAt;
        const newest = page.tickets.maxUpdatedAt;
        if (newest !== null && (watermark === null || newest > watermark)) watermark = newest;
        caughtUp = page.endOfStream;
      }
      return snapshot(stream);
    },
    current: snapshot,
  };
}
