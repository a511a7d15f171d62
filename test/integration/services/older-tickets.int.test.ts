import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effortInputsOf, estimateEffort } from '../../../src/metrics/effort.js';
import { computeTicketMetrics, type TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import { analyzePendingTickets } from '../../../src/services/pipeline/analyze-pending.js';
import {
  calendarSetFor,
  type AnalysisDeps,
} from '../../../src/services/pipeline/analyze-ticket.js';
import { rollupPendingDays } from '../../../src/services/pipeline/rollup-pending.js';
import { summarizePendingRequesters } from '../../../src/services/pipeline/summarize-pending.js';
import type { TicketStore } from '../../../src/store/store.js';
import { NO_PRODUCER } from '../../support/producers.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';
import {
  DATABASES,
  newInstallation,
  openMigratedStore,
  storeTimelines,
  type TestDatabase,
} from '../store/support.js';

const NOW = ms('2024-04-01T00:00:00Z');
// cesResponse (timeline-builder.ts) names this requester.
const REQUESTER = 'customer-1';

// Opened two days before the newer ticket, so it is one of its repeat contacts (effort.ts), and
// answered CES, so the requester's effort part of the summary has an answer to show.
const older = new TimelineBuilder('T1', '2024-03-08T09:00:00Z', { requesterId: REQUESTER })
  .agent('2024-03-08T10:00:00Z')
  .status('2024-03-08T12:00:00Z', 'solved')
  .ces('2024-03-08T15:00:00Z', 2)
  .build();
const newer = new TimelineBuilder('T2', '2024-03-10T09:00:00Z', { requesterId: REQUESTER })
  .agent('2024-03-10T09:30:00Z')
  .customer('2024-03-10T11:00:00Z')
  .agent('2024-03-10T13:00:00Z')
  .status('2024-03-10T14:00:00Z', 'solved')
  .build();

/**
 * A backfill that brings a requester's older ticket after their newer one was analysed and
 * summarised: the newer ticket's effort counts the older one as a repeat contact, so it must be
 * analysed again, and everything stored (each ticket's metrics and effort, the requester's
 * summary) must equal what one clean sync of both tickets stores.
 */
describe.each(DATABASES)('an older ticket backfilled after a newer one, on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let deps: AnalysisDeps;
  let late: string;
  let clean: string;

  /** Every drain in pipeline order, as the workers would run them once the sync is done. */
  const drain = async (installationId: string) => {
    const payload = { installationId, notBefore: NOW };
    await analyzePendingTickets(deps, payload);
    await rollupPendingDays({ ...deps, webhooks: createHttpWebhookPoster() }, payload);
    await summarizePendingRequesters(deps, payload);
  };
  const page = (installationId: string, timelines: TicketTimeline[]) =>
    storeTimelines(store, installationId, timelines);

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    deps = { store, producer: NO_PRODUCER, now: () => NOW, reportingTimeZone: 'UTC' };
    late = (await store.createInstallation(newInstallation())).id;
    clean = (await store.createInstallation(newInstallation())).id;
    await page(late, [newer]);
    await drain(late);
    await page(late, [older]);
    await drain(late);
    await page(clean, [older, newer]);
    await drain(clean);
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it("re-scores the newer ticket's effort with the older one as its repeat contact", async () => {
    const stored = await store.getTicketMetrics(late, 'T2');
    // Computed here from the timeline alone: one other ticket of the requester in the 7 days before.
    const metrics = computeTicketMetrics(newer, { now: NOW, calendars: calendarSetFor(late, []) });
    const want = estimateEffort(effortInputsOf(metrics, 1)).score;
    expect(want).not.toBe(estimateEffort(effortInputsOf(metrics, 0)).score);
    expect(stored?.dims.effortScore).toBe(want);
  });

  it('stores the same metrics for both tickets as a clean sync', async () => {
    for (const id of ['T1', 'T2']) {
      expect(await store.getTicketMetrics(late, id)).toEqual(
        await store.getTicketMetrics(clean, id),
      );
    }
  });

  it("stores the same requester summary as a clean sync, the older ticket's CES included", async () => {
    const got = await store.getSummary(late, 'requester', REQUESTER);
    const want = await store.getSummary(clean, 'requester', REQUESTER);
    expect(want?.summary).toMatchObject({ ces: [{ ticketId: 'T1', value: 2 }] });
    expect(got?.summary).toEqual(want?.summary);
    expect(got?.hash).toBe(want?.hash);
  });
});
