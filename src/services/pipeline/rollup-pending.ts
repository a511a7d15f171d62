import type { JobPayload } from '../../queue/catalog.js';
import { evaluateAlerts, type AlertDeps } from '../alerts/evaluate.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { drainOutbox, type DrainResult } from './drain-outbox.js';
import { deferredForAnalysis } from './drains.js';
import { rollupDay } from './rollup-day.js';
import { refreshPeriodRollups } from './rollup-periods.js';

/** Days per claim; each day is recomputed whole, so a batch is mostly a unit of progress. */
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
      for (const { subjectId: day } of claimed) {
        await rollupDay(deps, { installationId, day });
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
