import type { StreamName } from '../../connectors/connector.js';
import type { Instant } from '../../domain/index.js';
import { createTimeWalk, type StageProgress, type TimeWalk } from './progress-stages.js';
import type { StreamPage } from './sync-pages.js';

export type { ProgressStage, StageProgress } from './progress-stages.js';

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
  /**
   * The sync's stages — tickets, events, ratings — each with its own count and ETA, so the
   * tickets reaching 100 % does not read as the run being done while events still arrive.
   */
  stages: StageProgress[];
}

/** Accumulates per-page facts into {@link SyncProgress}. */
export interface ProgressTracker {
  /** Call when a stream starts; `origin` is the backfill start, null on a resume. */
  startStream(stream: StreamName, origin: Instant | null): void;
  commit(stream: StreamName, page: StreamPage): SyncProgress;
  current(stream: StreamName): SyncProgress;
}

// The streams that are stages of their own; users, organisations and time entries are small and
// only precede or follow them.
const STAGE_OF = { tickets: 'tickets', ticket_events: 'events', satisfaction: 'ratings' } as const;
type StagedStream = keyof typeof STAGE_OF;
const isStaged = (stream: StreamName): stream is StagedStream => stream in STAGE_OF;

/**
 * Progress of one run: a {@link TimeWalk} per staged stream (tickets by `updatedAt`, events and
 * ratings by event time: each page's latest event per ticket stands in for its range).
 */
export function createProgressTracker(installationId: string, now: () => number): ProgressTracker {
  let pages = 0;
  const walks: Record<StagedStream, TimeWalk> = {
    tickets: createTimeWalk(now),
    ticket_events: createTimeWalk(now),
    satisfaction: createTimeWalk(now),
  };

  const snapshot = (stream: StreamName): SyncProgress => {
    const stages = (Object.keys(STAGE_OF) as StagedStream[]).map((s) =>
      walks[s].snapshot(STAGE_OF[s]),
    );
    const tickets = stages[0];
    return {
      installationId,
      stream,
      pages,
      ticketsDone: walks.tickets.done,
      estimatedTotal: tickets?.total ?? null,
      etaMs: tickets?.etaMs ?? null,
      watermark: walks.tickets.watermark,
      stages,
    };
  };

  return {
    startStream(stream, origin) {
      if (isStaged(stream)) walks[stream].start(origin);
    },
    commit(stream, page) {
      pages += 1;
      if (isStaged(stream)) {
        const [oldest, newest] =
          stream === 'tickets'
            ? [page.tickets.minUpdatedAt, page.tickets.maxUpdatedAt]
            : rangeOf(page.versions.values());
        walks[stream].page(page.items, oldest, newest, page.endOfStream);
      }
      return snapshot(stream);
    },
    current: snapshot,
  };
}

function rangeOf(instants: Iterable<Instant>): [Instant | null, Instant | null] {
  let oldest: Instant | null = null;
  let newest: Instant | null = null;
  for (const at of instants) {
    if (oldest === null || at < oldest) oldest = at;
    if (newest === null || at > newest) newest = at;
  }
  return [oldest, newest];
}
