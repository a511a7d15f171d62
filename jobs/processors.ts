import type { HelpdeskConnector } from '../src/connectors/connector.js';
import type { JobProducer, Processors } from '../src/queue/queue.js';
import { analyzePendingTickets } from '../src/services/pipeline/analyze-pending.js';
import { analyzeTicket, type AnalysisDeps } from '../src/services/pipeline/analyze-ticket.js';
import { pushBack } from '../src/services/pipeline/push-back.js';
import { pushPendingSummaries } from '../src/services/pipeline/push-pending.js';
import { rollupPendingDays } from '../src/services/pipeline/rollup-pending.js';
import { rollupDay } from '../src/services/pipeline/rollup-day.js';
import { summarizePendingRequesters } from '../src/services/pipeline/summarize-pending.js';
import { summarizeRequester } from '../src/services/pipeline/summarize-requester.js';
import {
  refreshTicket,
  syncInstallation,
  type SyncDeps,
  type SyncProgress,
} from '../src/services/pipeline/sync-installation.js';
import type { WebhookPoster } from '../src/services/alerts/deliver.js';
import {
  rebuildReplayBlocks,
  requestReplayRebuild,
} from '../src/services/whatif/rebuild-blocks.js';
import {
  deferReplayRebuild,
  type ReplayRebuildDelay,
} from '../src/services/whatif/rebuild-asks.js';
import type { TicketStore } from '../src/store/store.js';

/** Everything the processors hand on to the services; built by a composition root. */
export interface ProcessorDeps {
  store: TicketStore;
  /** Where follow-up jobs go (the same queue the processors run on). */
  producer: JobProducer;
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  now: () => number;
  /** IANA zone whose local days bucket the rollups. */
  reportingTimeZone: string;
  reopenWindowDays?: number;
  /** `FIRST_SYNC_DAYS`: how far back a first sync reaches without a backfill. */
  firstSyncDays?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Delivers firing KPI alerts after rollups. */
  webhooks: WebhookPoster;
  /** `WORKER_LOCK_MS`: the sync lease's lifetime; outbox rows are leased for half of it. */
  lockMs?: number;
  /** How long a replay-block rebuild that met a write waits (rebuild-blocks.ts; tests). */
  replayRebuildRetryMs?: number;
  /**
   * Production mode: the replay-block rebuild an analysis asks for waits for a quiet spell
   * (services/whatif/rebuild-asks.ts). Unset (embedded mode): it is queued at once after each
   * analysis drain and sync, and the in-process queue runs it only when no other job is ready.
   */
  replayRebuildDelay?: ReplayRebuildDelay;
}

/**
 * One processor per catalog job: the runner has already checked the payload against the catalog
 * schema, so each processor only calls its service. Errors propagate unchanged; the runner
 * classifies them (retry, Retry-After or fail, STYLE.md §4).
 */
export function createProcessors(deps: ProcessorDeps): Required<Processors> {
  const syncDeps: SyncDeps = {
    store: deps.store,
    connectorFor: deps.connectorFor,
    producer: deps.producer,
    now: deps.now,
    ...(deps.firstSyncDays === undefined ? {} : { firstSyncDays: deps.firstSyncDays }),
    ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    ...(deps.lockMs === undefined ? {} : { syncLeaseMs: deps.lockMs }),
  };
  const analysisDeps: AnalysisDeps = {
    store: deps.store,
    producer: deps.producer,
    now: deps.now,
    reportingTimeZone: deps.reportingTimeZone,
    ...(deps.reopenWindowDays === undefined ? {} : { reopenWindowDays: deps.reopenWindowDays }),
    ...(deps.lockMs === undefined ? {} : { drainLeaseMs: deps.lockMs / 2 }),
  };
  const pushDeps = { store: deps.store, connectorFor: deps.connectorFor, now: deps.now };
  const delay = deps.replayRebuildDelay;
  const askRebuild = (installationId: string): Promise<void> =>
    delay === undefined
      ? requestReplayRebuild(deps.producer, installationId)
      : deferReplayRebuild(deps.store, delay, installationId, deps.now());
  return {
    'tickets.sync': async (payload, { signal }) => {
      await syncInstallation(syncDeps, payload, signal);
      // Its pass may have ended: a rebuild that waited for it can run now. Put off for a quiet
      // spell (production mode), a rebuild that waited asked again itself, and the drains of the
      // pages' changes ask: a sync polling every minute must not keep an installation busy.
      if (delay === undefined) await requestReplayRebuild(deps.producer, payload.installationId);
    },
    'ticket.refresh': (payload) => refreshTicket(syncDeps, payload),
    'ticket.analyze': async (payload) => {
      await analyzeTicket(analysisDeps, payload);
    },
    'requester.summarize': async (payload) => {
      await summarizeRequester(analysisDeps, payload);
    },
    'analysis.drain': async (payload, { signal }) => {
      const drained = await analyzePendingTickets(analysisDeps, payload, signal);
      // Each stored metric dropped its ticket's replay block: rebuilt once the history settles.
      if (drained.subjects > 0) await askRebuild(payload.installationId);
    },
    'summaries.drain': async (payload, { signal }) => {
      await summarizePendingRequesters(analysisDeps, payload, signal);
    },
    'rollups.drain': async (payload, { signal }) => {
      await rollupPendingDays({ ...analysisDeps, webhooks: deps.webhooks }, payload, signal);
    },
    'rollup.day': async (payload) => {
      await rollupDay(analysisDeps, payload);
    },
    'pushback.drain': async (payload, { signal }) => {
      await pushPendingSummaries({ ...pushDeps, ...analysisDeps }, payload, signal);
    },
    'helpdesk.pushBack': async (payload) => {
      await pushBack(pushDeps, payload);
    },
    'replay.rebuild': async (payload, { signal }) => {
      await rebuildReplayBlocks(
        {
          store: deps.store,
          producer: deps.producer,
          now: deps.now,
          ...(deps.replayRebuildRetryMs === undefined
            ? {}
            : { retryMs: deps.replayRebuildRetryMs }),
          ...(delay === undefined ? {} : { askLater: () => askRebuild(payload.installationId) }),
        },
        payload,
        signal,
      );
    },
  };
}
