import type { JobPayload } from '../../queue/catalog.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { drainOutbox, type DrainResult } from './drain-outbox.js';
import { deferredForAnalysis, requestDrain } from './drains.js';
import type { SubjectSummary } from '../../store/store.js';
import { buildRequesterSummary, RECENT_TICKETS, teamBaseline } from './summarize-requester.js';

/** Requesters per batch: their recent tickets come in one query, the team median once. */
export const SUMMARY_BATCH = 200;

/** Runs one `summaries.drain` job: rebuilds every pending requester summary, a batch at a time. */
export async function summarizePendingRequesters(
  deps: AnalysisDeps,
  payload: JobPayload<'summaries.drain'>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const { installationId } = payload;
  // After analysis, the rollups too: a summary stores the team's effort threshold (its p75
  // wait) from them, and one built before a backfill's rollups would keep an empty or partial one.
  if (
    (await deferredForAnalysis(deps, 'summaries.drain', installationId)) ||
    (await deferredForAnalysis(deps, 'summaries.drain', installationId, 'day'))
  )
    return { batches: 0, subjects: 0 };
  return drainOutbox(
    deps,
    'summaries.drain',
    installationId,
    SUMMARY_BATCH,
    async (claimed) => {
      const now = deps.now();
      const requesterIds = claimed.map((c) => c.subjectId);
      // One version for the batch, taken before its tickets are read ("newer wins").
      const version = await deps.store.nextSummaryVersion();
      const recent = await deps.store.listRecentTicketsByRequester(
        installationId,
        requesterIds,
        RECENT_TICKETS,
      );
      const team = await teamBaseline(deps, installationId, now);
      const saves: SubjectSummary[] = [];
      for (const requesterId of requesterIds) {
        const tickets = recent.get(requesterId) ?? [];
        // A requester whose tickets all left the store keeps its last summary (nothing to say).
        if (tickets.length === 0) continue;
        const input = { installationId, requesterId, tickets, team, now, version };
        saves.push({
          subjectId: requesterId,
          version,
          ...(await buildRequesterSummary(deps, input)),
        });
      }
      // One transaction for the batch; the push marks go with it, for the bulk push-back drain.
      await deps.store.saveVersionedSummaries(installationId, 'requester', saves, {
        markPush: true,
      });
      await requestDrain(deps.producer, 'pushback.drain', installationId, deps.now());
    },
    signal,
  );
}
