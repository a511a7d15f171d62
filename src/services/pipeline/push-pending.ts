import type { UserFieldsUpdate } from '../../connectors/connector.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { PendingWork } from '../../store/store.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { drainOutbox, type DrainResult } from './drain-outbox.js';
import { pushDeferred } from './drains.js';
import { PUSH_BACK_RATE_LIMIT, recordRateLimit } from './rate-limit-counts.js';
import { connectorWithFields, pushedValues, type PushBackDeps } from './push-back.js';

/** Summaries per batch: one Zendesk `update_many` request (its cap is 100 users). */
export const PUSH_BATCH = 100;

/**
 * Runs one `pushback.drain` job: writes every pending requester summary that differs from what
 * was last pushed to the helpdesk, a batch per bulk request. The backfill path: the webhook path
 * pushes its one requester at once and notifies open sidebars (`helpdesk.pushBack`). It waits
 * while a backfill or analysis can still change summaries, so each user is written once
 * ({@link pushDeferred}).
 */
export async function pushPendingSummaries(
  deps: PushBackDeps & Pick<AnalysisDeps, 'producer' | 'now' | 'drainLeaseMs'>,
  payload: JobPayload<'pushback.drain'>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const { store } = deps;
  const { installationId } = payload;
  if (await pushDeferred(deps, installationId)) return { batches: 0, subjects: 0 };
  const pushBatch = async (claimed: PendingWork[]) => {
    const updates: (UserFieldsUpdate & { hash: string })[] = [];
    const userIds = claimed.map((c) => c.subjectId);
    const summaries = await store.getSummaries(installationId, 'requester', userIds);
    for (const userId of userIds) {
      const stored = summaries.get(userId);
      if (stored === undefined || stored.hash === stored.pushedHash) continue;
      updates.push({ userId, values: pushedValues(stored.summary), hash: stored.hash });
    }
    if (updates.length === 0) return;
    const connector = await deps.connectorFor(installationId);
    try {
      await connectorWithFields(deps, installationId);
      await connector.updateManyUserFields(updates);
    } finally {
      // Its 429s count like a sync's (sync status, /metrics), whether or not it got through.
      await recordRateLimit(store, connector, installationId, PUSH_BACK_RATE_LIMIT, deps.now());
    }
    const pushed = updates.map(({ userId, hash }) => ({ subjectId: userId, hash }));
    await store.markSummariesPushed(installationId, 'requester', pushed);
  };
  return drainOutbox(deps, 'pushback.drain', installationId, PUSH_BATCH, pushBatch, signal);
}
