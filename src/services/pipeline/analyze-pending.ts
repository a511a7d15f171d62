import type { Id } from '../../domain/index.js';
import type { JobPayload } from '../../queue/catalog.js';
import {
  analyzeTimeline,
  calendarSetFor,
  REPEAT_LOOKUP_LIMIT,
  touchedDays,
  type AnalysisDeps,
  type TicketAnalysis,
} from './analyze-ticket.js';
import { mapCooperatively } from './cooperative.js';
import { drainOutboxAhead, type DrainResult } from './drain-outbox.js';
import type { PendingWork } from '../../store/store.js';
import { MAX_EVENTS_HOLD_MS, requestDrain } from './drains.js';
import { reconcileAnalysisSettings } from './reanalysis.js';
import { slaPolicyOf } from '../sidebar/settings.js';

/** Tickets per batch: one round trip each for timelines, history, previous metrics and the save. */
export const ANALYSIS_BATCH = 1_000;

/**
 * Runs one `analysis.drain` job: analyses the installation's pending tickets a batch at a time
 * (set-at-a-time reads and one upsert per batch), then marks their requesters for summaries and
 * every local day either version of their metrics touches for rollups, and asks for those drains.
 * Tickets gone from the store (deleted) are simply acknowledged. It starts by reconciling the
 * settings the stored history was computed under, so a changed schedule, SLA policy or mapping
 * re-marks that history before this drain claims its first batch (reanalysis.ts).
 */
export async function analyzePendingTickets(
  deps: AnalysisDeps,
  payload: JobPayload<'analysis.drain'>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const { store, reportingTimeZone } = deps;
  const { installationId } = payload;
  await reconcileAnalysisSettings(deps, installationId);
  return drainOutboxAhead(
    deps,
    'analysis.drain',
    installationId,
    ANALYSIS_BATCH,
    {
      // Tickets whose events a backfill has still to read wait for them (see drains.ts).
      claim: (limit, leaseMs) =>
        store.claimAnalysable(installationId, limit, leaseMs, MAX_EVENTS_HOLD_MS),
      load: (claimed) => loadBatch(deps, installationId, claimed),
      apply: async (claimed, batch) => {
        const now = deps.now();
        const analyses: TicketAnalysis[] = await mapCooperatively(batch.timelines, (timeline) =>
          analyzeTimeline(timeline, {
            now,
            calendars: batch.calendars,
            recent: (batch.recent.get(timeline.ticket.requesterId) ?? []).map((ticket) => ({
              ticket,
            })),
            slaPolicy: batch.slaPolicy,
          }),
        );
        // Fenced by the claimed marks: a batch that outlived its lease must not overwrite the
        // analysis of events that arrived after its read (sql-batch.ts).
        const saved = await store.saveClaimedTicketMetrics(installationId, analyses, claimed);
        // The what-if replay's compact copy of these timelines (migration 019), in the same batch.
        await store.saveTimelinePacks(
          installationId,
          claimed.map((c) => c.subjectId),
        );
        const requesters = new Set<Id>();
        const days = new Set<string>();
        for (const analysis of analyses) {
          const { metrics, dims } = analysis;
          if (!saved.has(metrics.ticketId)) continue;
          if (dims.requesterId !== null) requesters.add(dims.requesterId);
          const before = batch.previous.get(metrics.ticketId);
          for (const day of touchedDays([before, analysis], reportingTimeZone)) days.add(day);
        }
        await store.markPending(installationId, 'requester', [...requesters]);
        await store.markPending(installationId, 'day', [...days]);
        // Per batch, so summaries follow a long backfill instead of waiting for its end.
        await requestDrain(deps.producer, 'summaries.drain', installationId, deps.now());
        await requestDrain(deps.producer, 'rollups.drain', installationId, deps.now());
      },
    },
    signal,
  );
}

/** Everything one batch's analysis reads, fetched while the previous batch is computed. */
async function loadBatch(deps: AnalysisDeps, installationId: string, claimed: PendingWork[]) {
  const { store } = deps;
  const ticketIds = claimed.map((c) => c.subjectId);
  const [timelines, schedules, previous, installation] = await Promise.all([
    store.getTicketTimelines(installationId, ticketIds),
    store.listSchedules(installationId),
    store.getTicketMetricsMany(installationId, ticketIds),
    store.getInstallation(installationId),
  ]);
  const requesterIds = [...new Set(timelines.map((t) => t.ticket.requesterId))];
  const recent = await store.listRecentTicketStamps(
    installationId,
    requesterIds,
    REPEAT_LOOKUP_LIMIT,
  );
  return {
    timelines,
    calendars: calendarSetFor(installationId, schedules),
    recent,
    previous,
    slaPolicy: installation === null ? null : slaPolicyOf(installation.settings),
  };
}
