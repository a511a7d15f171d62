import type { JobPayload } from '../../queue/catalog.js';
import { evaluateAlerts, type AlertDeps } from '../alerts/evaluate.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { drainOutbox, type DrainResult } from './drain-outbox.js';
import { deferredForAnalysis } from './drains.js';
import { rollupDay } from './rollup-day.js';
import { consecutiveRuns, spanStore } from './rollup-span.js';
import { refreshPeriodRollups } from './rollup-periods.js';

/**
 * Days per claim. Each day is recomputed whole; a claim's consecutive days read their tickets
 * once per span of SPAN_DAYS (rollup-span.ts), which bounds what that read holds in memory.
 */
const ROLLUP_BATCH = 16;

/**
 * Runs one `rollups.drain` job: recomputes every pending local day's rollups, then evaluates the
 * installation's KPI alerts on them. Days marked again while one is recomputed stay pending, so
 * the rollups always end on the newest metrics.
 */
export async function rollupPendingDays(
  deps: AnalysisDeps & Pick<AlertDeps, 'webhooks'>,
  payload: JobPayload<'rollups.drain'>,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const { installationId } = payload;
  if (await deferredForAnalysis(deps, 'rollups.drain', installationId))
    return { batches: 0, subjects: 0 };
  const result = await drainOutbox(
    deps,
    'rollups.drain',
    installationId,
    ROLLUP_BATCH,
    async (claimed) => {
      const days = claimed.map((c) => c.subjectId);
      for (const run of consecutiveRuns(days, deps.reportingTimeZone)) {
        const store = await spanStore(deps.store, installationId, run, deps.reportingTimeZone);
        for (const day of run) await rollupDay({ ...deps, store }, { installationId, day });
      }
    },
    signal,
  );
  // The weeks and months of the days just written (and any left stale by a failed run).
  await refreshPeriodRollups(deps.store, installationId);
  // Alerts read the rollups just written. Also after an empty drain (a retry of one that failed
  // here); with no alerts defined this is one query.
  await evaluateAlerts(deps, installationId, deps.now());
  return result;
}
