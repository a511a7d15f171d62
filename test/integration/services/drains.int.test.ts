import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import {
  analyzePendingTickets,
  ANALYSIS_BATCH,
} from '../../../src/services/pipeline/analyze-pending.js';
import {
  calendarSetFor,
  type AnalysisDeps,
} from '../../../src/services/pipeline/analyze-ticket.js';
import { drainOutbox, MAX_BATCHES_PER_JOB } from '../../../src/services/pipeline/drain-outbox.js';
import { DRAIN_RECHECK_MS } from '../../../src/services/pipeline/drains.js';
import { pushPendingSummaries } from '../../../src/services/pipeline/push-pending.js';
import { rollupPendingDays } from '../../../src/services/pipeline/rollup-pending.js';
import { summarizePendingRequesters } from '../../../src/services/pipeline/summarize-pending.js';
import { summarizeRequester } from '../../../src/services/pipeline/summarize-requester.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { recordingConnector } from '../../support/recording-connector.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';
import { DATABASES, newInstallation, type TestDatabase, storeTimelines } from '../store/support.js';

const ZONE = 'UTC';
const NOW = ms('2024-04-01T00:00:00Z');
// More than one analysis batch, spread over requesters and days.
const TICKETS = ANALYSIS_BATCH + 57;

function timeline(i: number): TicketTimeline {
  const day = String(1 + (i % 20)).padStart(2, '0');
  const builder = new TimelineBuilder(`T${String(i)}`, `2024-03-${day}T09:00:00Z`, {
    requesterId: `customer-${String(i % 37)}`,
  }).agent(`2024-03-${day}T09:${String(10 + (i % 40))}:00Z`);
  if (i % 3 !== 0) builder.status(`2024-03-${day}T1${String(i % 10)}:00:00Z`, 'solved');
  return builder.build();
}

describe.each(DATABASES)('outbox drains on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  let deps: AnalysisDeps;
  // Names of the jobs the drains asked for (recorded, not run: each test runs drains itself).
  const queued: string[] = [];
  const delays: number[] = [];
  const producer: JobProducer = {
    enqueue: async (name, _payload, options) => {
      queued.push(name);
      delays.push(options?.delayMs ?? 0);
    },
    close: async () => undefined,
  };
  const timelines = Array.from({ length: TICKETS }, (_, i) => timeline(i));

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    deps = { store, producer, now: () => NOW, reportingTimeZone: ZONE };
    await storeTimelines(store, inst, timelines);
  }, 180_000); // Over a thousand tickets: slow on PGlite on a loaded machine.

  afterAll(async () => {
    await db.dispose();
  });

  it('analyses every marked ticket in batches, exactly as the engine computes it', async () => {
    expect((await store.countPending(inst)).ticket).toBe(TICKETS);
    const result = await analyzePendingTickets(deps, { installationId: inst, notBefore: NOW });
    expect(result).toEqual({ batches: 2, subjects: TICKETS });
    const calendars = calendarSetFor(inst, []);
    for (const t of [timelines[0], timelines[1], timelines.at(-1)]) {
      if (t === undefined) throw new Error('fixture');
      const stored = await store.getTicketMetrics(inst, t.ticket.id);
      expect(stored?.metrics).toEqual(computeTicketMetrics(t, { now: NOW, calendars }));
      expect(stored?.dims.requesterId).toBe(t.ticket.requesterId);
    }
    const counts = await store.countPending(inst);
    expect(counts).toEqual({ ticket: 0, requester: 37, day: 20, push: 0 });
  });

  it('rolls up every marked day, then evaluates the alerts on them', async () => {
    const alert = await store.createAlert(inst, {
      kpi: 'first_reply',
      rule: { type: 'threshold', op: '>', value: 1 },
      minSample: 1_000_000,
      cooldownMinutes: 60,
      webhookUrl: 'https://alerts.example.com/hook',
      businessHours: false,
    });
    const result = await rollupPendingDays(
      { ...deps, webhooks: createHttpWebhookPoster() },
      { installationId: inst, notBefore: NOW },
    );
    expect(result.subjects).toBe(20);
    const rows = await store.listRollups(inst, {
      from: '2024-03-01',
      to: '2024-03-31',
      dimension: 'all',
      metrics: ['first_reply'],
    });
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(TICKETS);
    // Too small a sample to fire (nothing is sent), but evaluated as of the drain.
    const [evaluated] = await store.listAlerts(inst);
    expect(evaluated).toMatchObject({ id: alert.id, lastEvaluatedAt: NOW, lastFiredAt: null });
    // The requesters wait for these rollups (their team baseline), summarised next.
    expect(await store.countPending(inst)).toEqual({ ticket: 0, requester: 37, day: 0, push: 0 });
  });

  it('summarises the marked requesters like the one-at-a-time job does', async () => {
    const result = await summarizePendingRequesters(deps, { installationId: inst, notBefore: NOW });
    expect(result.subjects).toBe(37);
    const batched = await store.getSummary(inst, 'requester', 'customer-5');
    const single = await summarizeRequester(deps, {
      installationId: inst,
      requesterId: 'customer-5',
    });
    expect(single.changed).toBe(false);
    expect(batched?.summary).toEqual(single.summary);
    expect(await store.countPending(inst)).toMatchObject({ requester: 0, push: 37 });
    expect(queued).toContain('pushback.drain');
  });

  it('pushes the marked summaries in bulk, once, without notifying sidebars', async () => {
    const { connector, calls } = recordingConnector();
    const pushDeps = { ...deps, connectorFor: async () => connector };
    const payload = { installationId: inst, notBefore: NOW };
    expect((await pushPendingSummaries(pushDeps, payload)).subjects).toBe(37);
    const bulk = calls.filter((c) => c.method === 'updateManyUserFields');
    const users = bulk.flatMap((c) => (c.args as { userId: string }[]).map((u) => u.userId));
    expect(new Set(users).size).toBe(37);
    expect(users).toContain('customer-5');
    expect(calls.some((c) => c.method === 'notifyApp')).toBe(false);
    const stored = await store.getSummary(inst, 'requester', 'customer-5');
    expect(stored?.pushedHash).toBe(stored?.hash);
    // Already pushed: marking again writes nothing.
    await store.markPending(inst, 'push', ['customer-5']);
    calls.length = 0;
    await pushPendingSummaries(pushDeps, payload);
    expect(calls).toEqual([]);
  });

  it('keeps a row marked again while its batch was computed, and frees expired leases', async () => {
    await store.markPending(inst, 'ticket', ['T1', 'T2']);
    const claimed = await store.claimPending(inst, 'ticket', 10, 60_000);
    expect(claimed.map((c) => c.subjectId)).toEqual(['T1', 'T2']);
    // Leased: a second drain finds nothing to take.
    expect(await store.claimPending(inst, 'ticket', 10, 60_000)).toEqual([]);
    await store.markPending(inst, 'ticket', ['T2']);
    await store.ackPending(inst, 'ticket', claimed);
    const again = await store.claimPending(inst, 'ticket', 10, 0);
    expect(again.map((c) => c.subjectId)).toEqual(['T2']);
    // A zero lease has already expired: a worker that died holding it loses it.
    expect((await store.claimPending(inst, 'ticket', 10, 60_000)).map((c) => c.subjectId)).toEqual([
      'T2',
    ]);
    // Same mark: the first holder's result is as good as the second's, so its ack settles it.
    await store.ackPending(inst, 'ticket', again);
    expect((await store.countPending(inst)).ticket).toBe(0);
  });

  it('defers summaries and rollups while tickets wait for analysis, and summaries for rollups', async () => {
    await store.markPending(inst, 'ticket', ['T3']);
    await store.markPending(inst, 'requester', ['customer-3']);
    const jobsBefore = queued.length;
    const payload = { installationId: inst, notBefore: NOW };
    expect(await summarizePendingRequesters(deps, payload)).toEqual({ batches: 0, subjects: 0 });
    expect(queued.slice(jobsBefore)).toEqual(['summaries.drain']);
    await analyzePendingTickets(deps, payload);
    // T3's day is marked for its rollup now, which the requester's team baseline is read from.
    const afterAnalysis = queued.length;
    expect(await summarizePendingRequesters(deps, payload)).toEqual({ batches: 0, subjects: 0 });
    expect(queued.slice(afterAnalysis)).toEqual(['summaries.drain']);
    await rollupPendingDays({ ...deps, webhooks: createHttpWebhookPoster() }, payload);
    expect((await summarizePendingRequesters(deps, payload)).subjects).toBeGreaterThanOrEqual(1);
    expect(await store.countPending(inst)).toMatchObject({ ticket: 0, requester: 0, day: 0 });
  });

  it('hands its slot back after a bounded number of batches, asking for its continuation', async () => {
    const days = Array.from(
      { length: MAX_BATCHES_PER_JOB + 2 },
      (_, i) => `2030-01-${String(i + 10)}`,
    );
    await store.markPending(inst, 'day', days);
    const queuedBefore = queued.length;
    const seen: string[] = [];
    const result = await drainOutbox(
      deps,
      'rollups.drain',
      inst,
      1,
      async (claimed) => void seen.push(...claimed.map((c) => c.subjectId)),
    );
    expect(result).toEqual({ batches: MAX_BATCHES_PER_JOB, subjects: MAX_BATCHES_PER_JOB });
    expect(queued.slice(queuedBefore)).toEqual(['rollups.drain']);
    expect(seen).toEqual(days.slice(0, MAX_BATCHES_PER_JOB));
    const rest = await store.claimPending(inst, 'day', 10, 60_000);
    expect(rest.map((c) => c.subjectId)).toEqual(days.slice(MAX_BATCHES_PER_JOB));
    await store.ackPending(inst, 'day', rest);
  });

  it('hands a failed batch back at once, and keeps asking while another drain holds rows', async () => {
    await store.markPending(inst, 'day', ['2031-01-01']);
    const failing = drainOutbox(deps, 'rollups.drain', inst, 10, () =>
      Promise.reject(new Error('database went away')),
    );
    await expect(failing).rejects.toThrow('database went away');
    const retaken = await store.claimPending(inst, 'day', 10, 60_000);
    expect(retaken.map((c) => c.subjectId)).toEqual(['2031-01-01']);
    // Held by that claim: a drain finds nothing to take but asks to look again, not at once
    // (each look scans the held rows) but a recheck later.
    const queuedBefore = queued.length;
    const idle = await drainOutbox(deps, 'rollups.drain', inst, 10, async () => undefined);
    expect([idle.batches, queued.slice(queuedBefore)]).toEqual([0, ['rollups.drain']]);
    expect(delays.at(-1)).toBe(DRAIN_RECHECK_MS);
    await store.ackPending(inst, 'day', retaken);
  });

  it("never shows or takes another installation's work", async () => {
    const other = (await store.createInstallation(newInstallation())).id;
    await store.markPending(other, 'requester', ['customer-1']);
    expect(await store.claimPending(inst, 'requester', 10, 60_000)).toEqual([]);
    const theirs = await store.claimPending(other, 'requester', 10, 60_000);
    await store.ackPending(inst, 'requester', theirs);
    expect((await store.countPending(other)).requester).toBe(1);
  });
});
