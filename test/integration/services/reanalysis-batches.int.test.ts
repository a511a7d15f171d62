import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessors } from '../../../jobs/processors.js';
import type { Schedule } from '../../../src/domain/index.js';
import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { ANALYSIS_BATCH } from '../../../src/services/pipeline/analyze-pending.js';
import { analyzeTimeline, calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import { requestDrain } from '../../../src/services/pipeline/drains.js';
import {
  reanalysisProgress,
  reconcileAnalysisSettings,
} from '../../../src/services/pipeline/reanalysis.js';
import { rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { TimelineBuilder, newYorkOfficeHours } from '../../support/timeline-builder.js';
import {
  DATABASES,
  openMigratedStore,
  newInstallation,
  type TestDatabase,
  storeTimelines,
} from '../store/support.js';

const NOW = Date.UTC(2024, 5, 1);
const ZONE = 'America/New_York';
const DAYS = 40;
// Several analysis batches (each with its read-ahead) and several claims of days to re-roll.
const TICKETS = ANALYSIS_BATCH + 57;

/** Every minute of the week open: each business duration becomes its calendar one. */
const ALWAYS_OPEN: Schedule = {
  ...newYorkOfficeHours(),
  intervals: [{ startMinute: 0, endMinute: 7 * 24 * 60 }],
};

function timeline(i: number): TicketTimeline {
  const day = new Date(Date.UTC(2024, 2, 1 + (i % DAYS))).toISOString().slice(0, 10);
  const next = new Date(Date.UTC(2024, 2, 2 + (i % DAYS))).toISOString().slice(0, 10);
  const hour = String(10 + (i % 12)).padStart(2, '0');
  const builder = new TimelineBuilder(`T${String(i)}`, `${day}T${hour}:00:00Z`, {
    requesterId: `customer-${String(i % 53)}`,
  }).agent(`${day}T${hour}:${String(10 + (i % 40))}:00Z`);
  if (i % 3 !== 0) builder.status(`${next}T1${String(i % 10)}:00:00Z`, 'solved');
  if (i % 7 === 0) builder.customer(`${next}T20:00:00Z`).status(`${next}T20:00:00Z`, 'open');
  return builder.build();
}

/** n and sums per slice and metric: what a board reads of a day. */
const totals = (rows: readonly KpiRollup[]) =>
  Object.fromEntries(
    rows.map((r) => [
      `${r.dimension}/${r.dimensionValue}/${r.metric}`,
      [r.n, r.nBusiness, r.sum, r.sumBusiness],
    ]),
  );

/**
 * A re-analysis of more tickets than one analysis batch and more days than one rollup claim
 * leaves exactly what a fresh analysis computes: every ticket's metrics on the new schedule, and
 * every day's rollups as rolling that day up alone gives.
 */
describe.each(DATABASES.filter(([name]) => name === 'postgres'))(
  're-analysis in batches on %s',
  (_name, open) => {
    let db: TestDatabase;
    let store: TicketStore;
    let inst: string;
    let queue: ReturnType<typeof createInProcessQueue>;
    const timelines = Array.from({ length: TICKETS }, (_, i) => timeline(i));
    const deps = () => ({ store, producer: queue, now: () => NOW, reportingTimeZone: ZONE });

    beforeAll(async () => {
      ({ db, store } = await openMigratedStore(open));
      inst = (await store.createInstallation(newInstallation())).id;
      await store.saveSchedules(inst, [newYorkOfficeHours()]);
      await storeTimelines(store, inst, timelines);
      queue = createInProcessQueue();
      const processors = createProcessors({
        store,
        producer: queue,
        webhooks: createHttpWebhookPoster(),
        connectorFor: () => Promise.reject(new Error('no helpdesk in this test')),
        now: () => NOW,
        reportingTimeZone: ZONE,
      });
      const nothing = () => Promise.resolve();
      queue.start({ ...processors, 'summaries.drain': nothing, 'pushback.drain': nothing });
      await requestDrain(queue, 'analysis.drain', inst, NOW);
      await queue.idle();
    }, 600_000);

    afterAll(async () => {
      await queue.close();
      await db.dispose();
    });

    it('re-analyses every batch and re-rolls every day as a fresh analysis would', async () => {
      const before = await store.listRollups(inst, {
        from: '2024-03-01',
        to: '2024-05-01',
        dimension: 'all',
      });
      await store.saveSchedules(inst, [ALWAYS_OPEN]);
      expect(await reconcileAnalysisSettings(deps(), inst)).toMatchObject({
        running: true,
        total: TICKETS,
      });
      await queue.idle();
      expect(await reanalysisProgress(store, inst)).toMatchObject({
        running: false,
        done: TICKETS,
      });

      const calendars = calendarSetFor(inst, [ALWAYS_OPEN]);
      const stored = await store.getTicketMetricsMany(
        inst,
        timelines.map((t) => t.ticket.id),
      );
      for (const t of timelines) {
        const fresh = analyzeTimeline(
          {
            ticket: t.ticket,
            timelineVersion: 0,
            events: [...t.events],
            handleTimeEntries: [],
            surveyAnswers: [],
          },
          { now: NOW, calendars, recent: [], slaPolicy: null },
        );
        expect(stored.get(t.ticket.id)?.metrics, t.ticket.id).toEqual(fresh.metrics);
      }

      const days = [...new Set(before.map((r) => r.day))].sort();
      expect(days.length).toBeGreaterThan(DAYS);
      for (const day of days) {
        const rows = await store.listRollups(inst, { from: day, to: day, dimension: 'all' });
        const fresh = await rollupDay(deps(), { installationId: inst, day });
        expect(totals(rows), day).toEqual(totals(fresh.filter((r) => r.dimension === 'all')));
      }
      // The schedule change moved the business sums: the days were re-rolled, not left alone.
      const after = await store.listRollups(inst, {
        from: '2024-03-01',
        to: '2024-05-01',
        dimension: 'all',
      });
      const business = (rows: KpiRollup[]) =>
        rows.filter((r) => r.metric === 'full_resolution').reduce((s, r) => s + r.sumBusiness, 0);
      expect(business(after)).toBeGreaterThan(business(before));
    }, 600_000);
  },
);
