import { createHash } from 'node:crypto';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../domain/defaults.js';
import type { JobProducer } from '../../queue/queue.js';
import type {
  AnalysisFingerprints,
  AnalysisSettingsStore,
  ApiStoreQueries,
  InstallationStore,
  ScheduleStore,
} from '../../store/store.js';
import { ENGINE_VERSION } from './analyze-ticket.js';
import { requestDrain } from './drains.js';
import { slaPolicyOf } from '../sidebar/settings.js';

/** What re-analysis needs: the store, where drains go, and the rollups' own settings. */
export interface ReanalysisDeps {
  store: AnalysisSettingsStore & ApiStoreQueries & InstallationStore & ScheduleStore;
  producer: JobProducer;
  now: () => number;
  reportingTimeZone: string;
  reopenWindowDays?: number;
}

import { ReanalysisProgressSchema, type ReanalysisProgress } from '../kpi/contracts.js';

export { ReanalysisProgressSchema, type ReanalysisProgress };

const IDLE: ReanalysisProgress = {
  running: false,
  done: 0,
  total: 0,
  startedAt: null,
  finishedAt: null,
};

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

/**
 * Fingerprints of every setting the stored history depends on. Analysis reads the schedules, the
 * SLA policy and the engine's definitions; the field mapping decides which stored events exist,
 * so it is part of it too. Rollups alone read the reopen window and the reporting zone.
 */
export async function analysisFingerprints(
  deps: Pick<ReanalysisDeps, 'store' | 'reportingTimeZone' | 'reopenWindowDays'>,
  installationId: string,
): Promise<AnalysisFingerprints> {
  const [installation, schedules] = await Promise.all([
    deps.store.getInstallation(installationId),
    deps.store.listSchedules(installationId),
  ]);
  const settings = installation?.settings ?? {};
  return {
    analysis: sha256({
      engineVersion: ENGINE_VERSION,
      schedules,
      slaPolicy: slaPolicyOf(settings),
      timeFieldId: settings['timeFieldId'] ?? null,
      cesFieldId: settings['cesFieldId'] ?? null,
      // Only when set, so installations without one keep their fingerprint (no needless re-run).
      ...(settings['npsFieldId'] === undefined ? {} : { npsFieldId: settings['npsFieldId'] }),
      customStatuses: settings['customStatuses'] ?? null,
    }),
    rollup: sha256({
      reopenWindowDays: deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
      reportingTimeZone: deps.reportingTimeZone,
    }),
  };
}

/**
 * Brings the stored history in line with the current settings: when what analysis reads changed
 * since the history was computed (or `force`), every analysed ticket is marked for analysis again
 * (the outbox, so the usual drains do the work in the background and re-roll the days they touch);
 * when only what rollups read changed, every rolled-up day is marked again. Cheap when nothing
 * changed, so every analysis drain calls it first: settings that arrive after tickets were
 * analysed (schedules of a first sync, an admin's edit, a new REOPEN_WINDOW_DAYS) never leave a
 * stale value behind.
 */
export async function reconcileAnalysisSettings(
  deps: ReanalysisDeps,
  installationId: string,
  options: { force?: boolean } = {},
): Promise<ReanalysisProgress> {
  const fingerprints = await analysisFingerprints(deps, installationId);
  const adopted = await deps.store.adoptAnalysisSettings(
    installationId,
    fingerprints,
    options.force === true,
  );
  if (adopted.reanalysed > 0) {
    await requestDrain(deps.producer, 'analysis.drain', installationId, deps.now());
  }
  if (adopted.rerolled > 0) {
    await requestDrain(deps.producer, 'rollups.drain', installationId, deps.now());
  }
  return reanalysisProgress(deps.store, installationId);
}

/**
 * The latest re-analysis' progress. It runs until no ticket and no day is pending any more (its
 * re-rolled rollups included), which this read records once seen; `done` counts its tickets no
 * longer pending (tickets a sync marked meanwhile count against it until analysed).
 */
export async function reanalysisProgress(
  store: AnalysisSettingsStore & ApiStoreQueries & InstallationStore & ScheduleStore,
  installationId: string,
): Promise<ReanalysisProgress> {
  let state = await store.getReanalysis(installationId);
  if (state === null) return IDLE;
  if (state.finishedAt === null && state.pendingTickets === 0 && state.pendingDays === 0) {
    await store.finishReanalysis(installationId);
    state = (await store.getReanalysis(installationId)) ?? state;
  }
  const running = state.finishedAt === null;
  const done = running ? Math.max(0, state.total - state.pendingTickets) : state.total;
  return {
    running,
    done,
    total: state.total,
    startedAt: state.startedAt === null ? null : new Date(state.startedAt).toISOString(),
    finishedAt: state.finishedAt === null ? null : new Date(state.finishedAt).toISOString(),
  };
}
