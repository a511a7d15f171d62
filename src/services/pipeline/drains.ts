import type { Instant } from '../../domain/index.js';
import type { JobProducer } from '../../queue/queue.js';
import type {
  AnalysisSettingsStore,
  OutboxKind,
  OutboxStore,
  SyncPassQueries,
} from '../../store/store.js';

export type DrainJob = 'analysis.drain' | 'summaries.drain' | 'rollups.drain' | 'pushback.drain';

/** The outbox rows each drain works through. */
export const DRAIN_KIND: Record<DrainJob, OutboxKind> = {
  'analysis.drain': 'ticket',
  'summaries.drain': 'requester',
  'rollups.drain': 'day',
  'pushback.drain': 'push',
};

/**
 * How long enqueues of one drain collapse into one job. Rollups recompute whole days, so they
 * wait longer to batch more tickets per recomputation; analysis and summaries stay quick.
 */
export const DRAIN_BUCKET_MS: Record<DrainJob, number> = {
  'analysis.drain': 500,
  'summaries.drain': 1_000,
  'rollups.drain': 2_000,
  'pushback.drain': 2_000,
};

/**
 * Summaries and rollups wait while tickets are still pending analysis, since each analysed batch
 * marks their subjects again; a backfill then computes each once at its end instead of once per
 * page. No longer than this, so a never-idle installation still gets them.
 */
export const MAX_DEFER_MS = 60_000;

/**
 * How long rollups wait for a running re-analysis (a settings change) instead of
 * {@link MAX_DEFER_MS}: its tickets are a known, finite set, and every analysed batch marks again
 * the same days (a schedule change touches every day of the history), so re-rolling them before
 * it ends repeats the whole re-roll and slows the analysis it competes with. Bounded all the same,
 * so a re-analysis that never ends cannot stop the rollups. Summaries do not wait this long: a
 * requester's summary is one small write, and the sidebar must follow a webhook's change within
 * a minute even while the history is re-analysed.
 */
export const MAX_REANALYSIS_DEFER_MS = 3_600_000;

/**
 * How long push-back waits for a sync pass (a backfill) still reading: its pages keep changing
 * summaries, and each change pushed would write the user again. Long enough for a large backfill
 * under export rate limits; bounded so a pass that never completes cannot stop push-back.
 */
export const MAX_PUSH_DEFER_MS = 6 * 3_600_000;

/**
 * How long the analysis drain holds back a ticket whose events a backfill's events or ratings
 * pass has still to read (store `claimAnalysable`): analysed before them, it would be analysed
 * again per page that carries some. It is as long as push-back waits for such a pass, so a slow
 * export under rate limits still analyses each ticket once; bounded so a pass that never ends
 * stops no analysis. Webhook updates do not wait: `ticket.analyze` computes them at once.
 */
export const MAX_EVENTS_HOLD_MS = MAX_PUSH_DEFER_MS;

/**
 * How long a drain owns the rows it claimed; a dead worker's rows (or a batch whose hand-back
 * failed with the database) come back after this. A batch takes well under a second, and a
 * slower one overtaken by a second drain only computes the same values twice.
 */
export const DRAIN_LEASE_MS = 15_000;

/**
 * Asks for a drain of the installation's outbox. The job id names the end of the current time
 * bucket and the job is delayed until then: every enqueue within the bucket collapses into it,
 * and since it starts only after the bucket ended it sees every mark made before any of those
 * enqueues. (A drain already running cannot take a new enqueue with its own id; this is what
 * makes sure a later mark always gets a later job.)
 */
export async function requestDrain(
  producer: JobProducer,
  job: DrainJob,
  installationId: string,
  now: Instant,
): Promise<void> {
  const bucket = DRAIN_BUCKET_MS[job];
  const notBefore = (Math.floor(now / bucket) + 1) * bucket;
  await producer.enqueue(job, { installationId, notBefore }, { delayMs: notBefore - now });
}

/**
 * How long a drain that found nothing it could claim, while rows are still pending, waits before
 * it looks again. Those rows are leased by another drain (they come back when its lease runs out,
 * {@link DRAIN_LEASE_MS}) or held for a backfill's events pass (claimable once a page of that pass
 * lands, and every such page asks for a drain itself). Each look scans every held row, so looking
 * every {@link DRAIN_BUCKET_MS} kept PostgreSQL busy re-checking a backfill's whole outbox twice a
 * second; waiting this long bounds a dead holder's rows' delay and costs a few looks a minute.
 */
export const DRAIN_RECHECK_MS = 5_000;

/**
 * Asks for a drain to look again at rows it could not claim (see {@link DRAIN_RECHECK_MS}). The
 * job id names the end of a recheck bucket: collapsed like {@link requestDrain}'s, and a mark made
 * meanwhile still gets its own, sooner job through requestDrain.
 */
export async function requestRecheck(
  producer: JobProducer,
  job: DrainJob,
  installationId: string,
  now: Instant,
): Promise<void> {
  const notBefore = (Math.floor(now / DRAIN_RECHECK_MS) + 1) * DRAIN_RECHECK_MS;
  await producer.enqueue(job, { installationId, notBefore }, { delayMs: notBefore - now });
}

/**
 * Asks for a drain's continuation at once: the drain that calls this ran its batches and rows
 * are still claimable, so waiting for the next time bucket would only idle the worker (a long
 * backfill or re-analysis ran one bucket's wait per {@link MAX_BATCHES_PER_JOB} batches). The
 * job id names this instant, so it cannot collide with the running job's; it queues behind jobs
 * already waiting, webhook jobs included.
 */
export async function requestContinuation(
  producer: JobProducer,
  job: DrainJob,
  installationId: string,
  now: Instant,
): Promise<void> {
  await producer.enqueue(job, { installationId, notBefore: now });
}

/** Every drain: what a sync asks for first, to resume work a crashed worker left behind. */
export async function requestAllDrains(
  producer: JobProducer,
  installationId: string,
  now: Instant,
): Promise<void> {
  for (const job of Object.keys(DRAIN_BUCKET_MS) as DrainJob[]) {
    await requestDrain(producer, job, installationId, now);
  }
}

/**
 * True when a `kind` drain should wait for the `upstream` work still pending: ticket analysis by
 * default, or (for summaries) the rollups their team baseline is read from. No longer than
 * {@link MAX_DEFER_MS}; it then asks for itself again a bucket later, so nothing is dropped.
 */
export async function deferredForAnalysis(
  deps: {
    store: OutboxStore & SyncPassQueries & AnalysisSettingsStore;
    producer: JobProducer;
    now: () => Instant;
  },
  job: 'summaries.drain' | 'rollups.drain',
  installationId: string,
  upstream: OutboxKind = 'ticket',
): Promise<boolean> {
  if ((await deps.store.pendingAgeMs(installationId, upstream)) === null) return false;
  const waited = await deps.store.pendingAgeMs(installationId, DRAIN_KIND[job]);
  if (waited === null) return false;
  if (waited >= MAX_DEFER_MS) {
    const waitsLonger =
      job === 'rollups.drain' && (await reanalysisRunning(deps, installationId, upstream));
    if (!waitsLonger) return false;
  }
  await requestDrain(deps.producer, job, installationId, deps.now());
  return true;
}

/**
 * True while a re-analysis started less than {@link MAX_REANALYSIS_DEFER_MS} ago still has
 * tickets pending (only when waiting for ticket analysis: the days it waits for are its own).
 */
async function reanalysisRunning(
  deps: { store: AnalysisSettingsStore; now: () => Instant },
  installationId: string,
  upstream: OutboxKind,
): Promise<boolean> {
  if (upstream !== 'ticket') return false;
  const state = await deps.store.getReanalysis(installationId);
  if (state === null || state.finishedAt !== null || state.startedAt === null) return false;
  return state.pendingTickets > 0 && deps.now() - state.startedAt < MAX_REANALYSIS_DEFER_MS;
}

/**
 * True when the push-back drain should wait, so a backfill writes each helpdesk user once, with
 * their final summary: while a sync pass is still reading (up to {@link MAX_PUSH_DEFER_MS}), or
 * while tickets or requesters are pending (up to {@link MAX_DEFER_MS}), each of which can change
 * a summary again. It then asks for itself again a bucket later, so nothing is dropped. Waiting
 * is counted from the oldest push mark.
 */
export async function pushDeferred(
  deps: { store: OutboxStore & SyncPassQueries; producer: JobProducer; now: () => Instant },
  installationId: string,
): Promise<boolean> {
  const { store } = deps;
  const waited = await store.pendingAgeMs(installationId, 'push');
  if (waited === null) return false;
  const passes = await store.listSyncPasses(installationId);
  const reading = passes.some((p) => p.doneAt === null || p.rewindTo !== null);
  const upstream =
    (await store.pendingAgeMs(installationId, 'ticket')) !== null ||
    (await store.pendingAgeMs(installationId, 'requester')) !== null;
  const wait = (reading && waited < MAX_PUSH_DEFER_MS) || (upstream && waited < MAX_DEFER_MS);
  if (!wait) return false;
  await requestDrain(deps.producer, 'pushback.drain', installationId, deps.now());
  return true;
}
