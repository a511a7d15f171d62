import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessors } from '../../../jobs/processors.js';
import type { Schedule } from '../../../src/domain/index.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { updateSettings } from '../../../src/services/admin/installation-admin.js';
import { requestDrain } from '../../../src/services/pipeline/drains.js';
import {
  analysisFingerprints,
  reanalysisProgress,
  reconcileAnalysisSettings,
} from '../../../src/services/pipeline/reanalysis.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { TimelineBuilder, newYorkOfficeHours } from '../../support/timeline-builder.js';
import { DATABASES, newInstallation, type TestDatabase, storeTimelines } from '../store/support.js';

const NOW = Date.UTC(2024, 3, 1);
const ZONE = 'UTC';
const HOUR = 3600;

/** The NY office schedule's id with every minute of the week: business time = calendar time. */
const ALWAYS_OPEN: Schedule = {
  ...newYorkOfficeHours(),
  intervals: [{ startMinute: 0, endMinute: 7 * 24 * 60 }],
};

/** Solved a day after creation. */
const oneDay = new TimelineBuilder('R1', '2024-03-04T14:00:00Z', { requesterId: 'c1' })
  .agent('2024-03-04T15:00:00Z')
  .status('2024-03-05T14:00:00Z', 'solved')
  .build();
/** Solved on the 5th, reopened three days later by the customer, solved again on the 9th. */
const reopenedAfterThreeDays = new TimelineBuilder('R2', '2024-03-04T10:00:00Z', {
  requesterId: 'c2',
})
  .agent('2024-03-04T11:00:00Z')
  .status('2024-03-05T10:00:00Z', 'solved')
  .customer('2024-03-08T10:00:00Z')
  .status('2024-03-08T10:00:00Z', 'open')
  .agent('2024-03-09T09:00:00Z')
  .status('2024-03-09T10:00:00Z', 'solved')
  .build();

/**
 * Issue 14, finding 10: a change of schedules or of the reopen window re-analyses the history
 * already computed, in the background through the outbox, with progress, and re-rolls the days.
 */
describe.each(DATABASES)('re-analysis on a settings change on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  let queue: ReturnType<typeof createInProcessQueue>;

  /** The analysis and rollup drains as a worker runs them with this REOPEN_WINDOW_DAYS. */
  const startJobs = (reopenWindowDays: number) => {
    const next = createInProcessQueue();
    const processors = createProcessors({
      store,
      producer: next,
      webhooks: createHttpWebhookPoster(),
      connectorFor: () => Promise.reject(new Error('no helpdesk in this test')),
      now: () => NOW,
      reportingTimeZone: ZONE,
      reopenWindowDays,
    });
    const nothing = () => Promise.resolve();
    next.start({ ...processors, 'summaries.drain': nothing, 'pushback.drain': nothing });
    return next;
  };
  const deps = (reopenWindowDays: number) => ({
    store,
    producer: queue,
    now: () => NOW,
    reportingTimeZone: ZONE,
    reopenWindowDays,
  });
  const rollup = async (metric: string, day: string) => {
    const rows = await store.listRollups(inst, { from: day, to: day, dimension: 'all' });
    return rows.find((r) => r.metric === metric);
  };

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    await store.saveSchedules(inst, [newYorkOfficeHours()]);
    const timelines = [oneDay, reopenedAfterThreeDays];
    await storeTimelines(store, inst, timelines);
    queue = startJobs(7);
    await requestDrain(queue, 'analysis.drain', inst, NOW);
    await queue.idle();
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await db.dispose();
  });

  it('analysed the history once, on the office schedule, with no re-analysis yet', async () => {
    const r1 = await store.getTicketMetrics(inst, 'R1');
    expect(r1?.metrics.fullResolution.calendar).toBe(24 * HOUR);
    // 14:00Z = 9:00 EST, 14:00Z the next day: one 8-hour office day.
    expect(r1?.metrics.fullResolution.business).toBe(8 * HOUR);
    expect(await reanalysisProgress(store, inst)).toMatchObject({ running: false, total: 0 });
    expect((await rollup('reopened', '2024-03-09'))?.sum).toBe(1);
  });

  it('re-analyses every ticket after a schedule change, with progress, and re-rolls', async () => {
    const answer = await updateSettings(deps(7), inst, { schedules: [ALWAYS_OPEN] });
    expect(answer.reanalysis).toMatchObject({ running: true, done: 0, total: 2 });
    await queue.idle();
    expect(await reanalysisProgress(store, inst)).toMatchObject({
      running: false,
      done: 2,
      total: 2,
    });
    for (const id of ['R1', 'R2']) {
      const { metrics } = (await store.getTicketMetrics(inst, id)) ?? {};
      expect(metrics?.fullResolution.business).toBe(metrics?.fullResolution.calendar);
    }
    // The day R1 was solved on: its rollup now holds the always-open business value.
    const day = await rollup('full_resolution', '2024-03-05');
    expect([day?.n, day?.sumBusiness]).toEqual([1, 24 * HOUR]);
  });

  it('leaves the history alone when nothing changed', async () => {
    const answer = await updateSettings(deps(7), inst, {});
    expect(answer.reanalysis).toMatchObject({ running: false, total: 2 });
    expect((await store.countPending(inst)).ticket).toBe(0);
  });

  it('re-rolls the days when the reopen window changes (a 3-day-late reopen leaves a 2-day window)', async () => {
    await queue.close();
    queue = startJobs(2);
    await reconcileAnalysisSettings(deps(2), inst);
    await queue.idle();
    const reopened = await rollup('reopened', '2024-03-09');
    expect([reopened?.n, reopened?.sum]).toEqual([1, 0]);
  });

  it("keeps each ticket's update time in its re-analysis mark, as a sync's mark does", async () => {
    // R1 pending already (a sync's mark), with an update time since changed: the re-analysis
    // mark re-versions its row and takes the ticket's current one; R2's row is new.
    await store.markPending(inst, 'ticket', ['R1']);
    await db.client.query(
      `UPDATE tickets SET updated_at = updated_at + interval '1 hour'
       WHERE installation_id = $1 AND id = 'R1'`,
      [inst],
    );
    await store.adoptAnalysisSettings(inst, await analysisFingerprints(deps(2), inst), true);
    const { rows } = await db.client.query<{ subject: string; kept: boolean }>(
      `SELECT o.subject_id AS subject, COALESCE(o.hold_at = t.updated_at, false) AS kept
       FROM analysis_outbox o JOIN tickets t ON t.installation_id = o.installation_id
         AND t.id = o.subject_id
       WHERE o.installation_id = $1 AND o.kind = 'ticket' ORDER BY 1`,
      [inst],
    );
    expect(rows).toEqual([
      { subject: 'R1', kept: true },
      { subject: 'R2', kept: true },
    ]);
    await requestDrain(queue, 'analysis.drain', inst, NOW);
    await queue.idle();
    expect((await store.countPending(inst)).ticket).toBe(0);
  });
});
