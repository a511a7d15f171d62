import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { decryptSecret, encryptSecret, hashAppSecret } from '../../../src/security/secrets.js';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import {
  openMigratedStore,
  DATABASES,
  T0,
  comment,
  metricsDims,
  newInstallation,
  ticket,
} from './support.js';

const HOUR = 3_600_000;
const metricsAt = (id: string, now: number, createdAt = T0) =>
  computeTicketMetrics(
    { ticket: ticket(id, 30, { createdAt }), events: [comment(`${id}-c`, id, 80)] },
    { now, calendars: { defaultCalendar: null, byId: new Map() } },
  );
const dimsAt = (computedAt: number) => metricsDims({ computedAt });
/** Ticket `id`'s metrics computed at `now` from the timeline of version `timelineVersion`. */
const writeAt = (id: string, now: number, timelineVersion = 0, createdAt = T0) => ({
  metrics: metricsAt(id, now, createdAt),
  dims: dimsAt(now),
  timelineVersion,
});

describe.each(DATABASES)('store on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    inst = (await store.createInstallation(newInstallation())).id;
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('stores installations with encrypted credentials and finds them by secret hash', async () => {
    const key = randomBytes(32);
    const appSecret = randomUUID();
    const created = await store.createInstallation({
      ...newInstallation('acme'),
      credentials: encryptSecret('agent@acme.test/token:xyz', key),
      appSecretHash: hashAppSecret(appSecret),
    });
    const loaded = await store.getInstallation(created.id);
    expect(loaded).toEqual(created);
    if (loaded === null) throw new Error('installation stored');
    expect(decryptSecret(loaded.credentials, key)).toBe('agent@acme.test/token:xyz');
    expect((await store.findInstallationBySecretHash(hashAppSecret(appSecret)))?.id).toBe(
      created.id,
    );
    expect(await store.findInstallationBySecretHash(hashAppSecret('other'))).toBeNull();
    expect((await store.listInstallations()).map((i) => i.id)).toContain(created.id);
  });

  it('keeps the newest metrics computation and queries by window', async () => {
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [ticket('1', 30), ticket('2', 40, { createdAt: T0 + HOUR })],
    });
    expect(await store.saveTicketMetrics(inst, writeAt('1', T0 + 2 * HOUR))).toBe(true);
    expect(await store.saveTicketMetrics(inst, writeAt('1', T0 + HOUR))).toBe(false);
    expect((await store.getTicketMetrics(inst, '1'))?.dims.computedAt).toBe(T0 + 2 * HOUR);
    expect((await store.getTicketMetrics(inst, '1'))?.metrics).toEqual(
      metricsAt('1', T0 + 2 * HOUR),
    );
    const second = writeAt('2', T0 + 2 * HOUR, 0, T0 + HOUR);
    await store.saveTicketMetrics(inst, { ...second, dims: { ...second.dims, tags: ['vip'] } });

    const all = { field: 'created_at' as const, from: T0, to: T0 + 2 * HOUR, limit: 1 };
    const first = await store.queryTicketMetrics(inst, all);
    expect(first.map((m) => m.metrics.ticketId)).toEqual(['1']);
    const next = await store.queryTicketMetrics(inst, { ...all, afterTicketId: '1' });
    expect(next.map((m) => m.metrics.ticketId)).toEqual(['2']);
    const later = await store.queryTicketMetrics(inst, { ...all, from: T0 + HOUR, limit: 10 });
    expect(later.map((m) => m.metrics.ticketId)).toEqual(['2']);
    const slice = (dimension: 'group' | 'tag', value: string) =>
      store.queryTicketMetrics(inst, { ...all, limit: 10, slice: { dimension, value } });
    expect(await slice('group', 'group-1')).toHaveLength(2);
    expect(await slice('group', 'group-2')).toEqual([]);
    expect((await slice('tag', 'vip')).map((m) => m.metrics.ticketId)).toEqual(['2']);
  });

  it('lists a requester’s tickets newest first with their metrics', async () => {
    const tickets = await store.listRequesterTickets(inst, 'req-1', 10);
    expect(tickets.map((t) => t.ticket.id)).toEqual(['2', '1']);
    expect(tickets[1]?.metrics?.firstReply.calendar).toBe(80 * 60);
    expect(await store.listRequesterTickets(inst, 'req-1', 1)).toHaveLength(1);
  });

  it('reports whether a summary changed and tracks what was pushed', async () => {
    expect(await store.saveSummary(inst, 'requester', 'req-1', { reopens: 1 }, 'h1')).toBe(true);
    expect(await store.saveSummary(inst, 'requester', 'req-1', { reopens: 1 }, 'h1')).toBe(false);
    expect(await store.saveSummary(inst, 'requester', 'req-1', { reopens: 2 }, 'h2')).toBe(true);
    await store.markSummaryPushed(inst, 'requester', 'req-1', 'h2');
    expect(await store.getSummary(inst, 'requester', 'req-1')).toMatchObject({
      summary: { reopens: 2 },
      hash: 'h2',
      pushedHash: 'h2',
    });
    expect(await store.saveSummary(inst, 'organization', 'org-1', { n: 1 }, 'o1')).toBe(true);
    expect(await store.getSummary(inst, 'organization', 'req-1')).toBeNull();
  });

  it('replaces a day of rollups and reads a range back', async () => {
    const rollup = (day: string, value: string, n: number): KpiRollup => ({
      day,
      dimension: 'agent',
      dimensionValue: value,
      metric: 'full_resolution',
      n,
      nBusiness: n,
      sum: n * 100,
      sumBusiness: n * 50,
      sketch: { calendar: [100], business: [50] },
    });
    await store.replaceDailyRollups(inst, '2024-03-01', [rollup('2024-03-01', 'a1', 1)]);
    await store.replaceDailyRollups(inst, '2024-03-02', [rollup('2024-03-02', 'a1', 2)]);
    await store.replaceDailyRollups(inst, '2024-03-01', [rollup('2024-03-01', 'a2', 3)]);
    const range = { from: '2024-03-01', to: '2024-03-02', dimension: 'agent' as const };
    const rows = await store.listRollups(inst, range);
    expect(rows.map((r) => [r.day, r.dimensionValue, r.n])).toEqual([
      ['2024-03-01', 'a2', 3],
      ['2024-03-02', 'a1', 2],
    ]);
    expect(await store.listRollups(inst, { ...range, metrics: ['first_reply'] })).toEqual([]);
  });

  it('dedupes webhook deliveries', async () => {
    const at = Date.now();
    expect(await store.recordWebhookDelivery(inst, 'delivery-1', at, 0)).toBe(true);
    expect(await store.recordWebhookDelivery(inst, 'delivery-1', at, 0)).toBe(false);
    expect(await store.recordWebhookDelivery(inst, 'delivery-2', at, 0)).toBe(true);
  });

  it('prunes webhook deliveries received before keepSince, and only those', async () => {
    const t0 = Date.UTC(2024, 2, 1);
    const hour = 3_600_000;
    expect(await store.recordWebhookDelivery(inst, 'old', t0, 0)).toBe(true);
    expect(await store.recordWebhookDelivery(inst, 'recent', t0 + hour, 0)).toBe(true);
    // At t0 + 90 min, keeping the last hour: `old` is forgotten, `recent` is still a replay.
    const now = t0 + 90 * 60_000;
    expect(await store.recordWebhookDelivery(inst, 'recent', now, now - hour)).toBe(false);
    expect(await store.recordWebhookDelivery(inst, 'old', now, now - hour)).toBe(true);
  });

  it('adds survey answers and handle time once and returns them with the timeline', async () => {
    const answer = {
      id: 'csat-1',
      ticketId: '1',
      requesterId: 'req-1',
      kind: 'csat' as const,
      surveyId: 'csat',
      questionId: 'q',
      scaleMin: 1,
      scaleMax: 5,
      direction: 'higher_is_better' as const,
      value: 4,
      respondedAt: T0 + HOUR,
    };
    expect(await store.addSurveyAnswer(inst, answer)).toBe(true);
    expect(await store.addSurveyAnswer(inst, { ...answer, value: 1 })).toBe(false);
    const entry = {
      id: 'ht-1',
      ticketId: '1',
      agentId: null,
      seconds: 42.5,
      source: 'sidebar_timer' as const,
      loggedAt: T0,
    };
    expect(await store.addHandleTimeEntry(inst, entry)).toBe(true);
    const timeline = await store.getTicketTimeline(inst, '1');
    expect(timeline?.surveyAnswers).toEqual([answer]);
    expect(timeline?.handleTimeEntries).toEqual([entry]);
  });
});
