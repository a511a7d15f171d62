import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../../src/domain/index.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { KpiRollup, TicketMetricsDims, TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import { openMigratedStore, DATABASES, T0, comment, newInstallation, ticket } from './support.js';

const NOW = T0 + 86_400_000;
const metricsOf = (id: string) =>
  computeTicketMetrics(
    { ticket: ticket(id, 30), events: [comment(`${id}-c`, id, 20)] },
    { now: NOW, calendars: { defaultCalendar: null, byId: new Map() } },
  );
const dims: TicketMetricsDims = {
  requesterId: 'req-1',
  organizationId: 'org-1',
  groupId: 'group-1',
  assigneeId: 'agent-1',
  channel: 'email',
  brandId: null,
  tags: ['billing'],
  ces: 6,
  effortScore: 2.5,
  computedAt: NOW,
  engineVersion: 1,
};
const answer: SurveyResponse = {
  id: 's1',
  ticketId: 'A1',
  requesterId: 'req-1',
  kind: 'ces',
  surveyId: 'ces-2',
  questionId: 'q1',
  scaleMin: 1,
  scaleMax: 7,
  direction: 'higher_is_better',
  value: 6,
  respondedAt: T0,
};
const rollup: KpiRollup = {
  day: '2024-03-01',
  dimension: 'group',
  dimensionValue: 'group-1',
  metric: 'first_reply',
  n: 3,
  nBusiness: 2,
  sum: 3600,
  sumBusiness: 1800,
  sketch: { calendar: [600, 1200, 1800], business: [600, 1200] },
};

describe.each(DATABASES)('tenant isolation on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    a = (await store.createInstallation(newInstallation('a'))).id;
    b = (await store.createInstallation(newInstallation('b'))).id;
    await store.writeSyncPage({
      installationId: a,
      stream: 'tickets',
      checkpoint: 'a-1',
      tickets: [ticket('A1', 30)],
      events: [comment('A1-c', 'A1', 20)],
      users: [{ id: 'agent-1', name: 'Ann', kind: 'agent', organizationId: null, updatedAt: T0 }],
      quarantined: [{ stream: 'tickets', sourceId: 'A9', reason: 'broken', raw: { id: 'A9' } }],
    });
    await store.saveTicketMetrics(a, { metrics: metricsOf('A1'), dims, timelineVersion: 0 });
    await store.saveSummary(a, 'requester', 'req-1', { tickets: 1 }, 'h1');
    await store.saveSummary(a, 'organization', 'org-1', { tickets: 1 }, 'h1');
    await store.replaceDailyRollups(a, '2024-03-01', [rollup]);
    await store.addSurveyAnswer(a, answer);
    await store.saveSchedules(a, [
      { id: 'sch', name: 'EU', timeZone: 'Europe/Paris', intervals: [], holidays: [] },
    ]);
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('installation A sees its own data', async () => {
    expect((await store.getTicketTimeline(a, 'A1'))?.events).toHaveLength(1);
    expect((await store.getTicketMetrics(a, 'A1'))?.dims).toEqual(dims);
    expect(await store.listRequesterTickets(a, 'req-1', 10)).toHaveLength(1);
    expect(await store.listQuarantine(a)).toHaveLength(1);
  });

  it('installation B cannot read any of it through any method', async () => {
    expect(await store.getTicketTimeline(b, 'A1')).toBeNull();
    expect(await store.getTicketMetrics(b, 'A1')).toBeNull();
    const window = { field: 'created_at' as const, from: 0, to: NOW * 2, limit: 100 };
    expect(await store.queryTicketMetrics(b, window)).toEqual([]);
    expect(await store.getHelpdeskMetrics(b, 'A1')).toBeNull();
    expect(await store.listRequesterTickets(b, 'req-1', 10)).toEqual([]);
    expect(await store.getSummary(b, 'requester', 'req-1')).toBeNull();
    expect(await store.getSummary(b, 'organization', 'org-1')).toBeNull();
    expect(await store.listQuarantine(b, { includeResolved: true })).toEqual([]);
    expect(await store.getCheckpoint(b, 'tickets')).toBeNull();
    expect(await store.listSyncStatus(b)).toEqual([]);
    expect((await store.listUserRoles(b, ['agent-1'])).size).toBe(0);
    expect(await store.listSchedules(b)).toEqual([]);
    const range = { from: '2024-01-01', to: '2024-12-31', dimension: 'group' as const };
    expect(await store.listRollups(b, range)).toEqual([]);
  });

  it('installation B cannot change A’s rows either', async () => {
    const [entry] = await store.listQuarantine(a);
    if (entry === undefined) throw new Error('A has a quarantine entry');
    expect(await store.resolveQuarantine(b, entry.stream, entry.recordKey)).toBe(false);
    await store.markSummaryPushed(b, 'requester', 'req-1', 'h1');
    expect((await store.getSummary(a, 'requester', 'req-1'))?.pushedHash).toBeNull();
    await store.replaceDailyRollups(b, '2024-03-01', []);
    const range = { from: '2024-03-01', to: '2024-03-01', dimension: 'group' as const };
    expect(await store.listRollups(a, range)).toEqual([rollup]);
  });

  it('keeps the same source ids apart per installation', async () => {
    const result = await store.writeSyncPage({
      installationId: b,
      stream: 'tickets',
      checkpoint: 'b-1',
      tickets: [ticket('A1', 1, { subject: 'B’s own' })],
    });
    expect(result.changedTicketIds).toEqual(['A1']);
    expect((await store.getTicketTimeline(b, 'A1'))?.events).toEqual([]);
    expect((await store.getTicketTimeline(a, 'A1'))?.ticket.subject).toBe('Ticket A1');
    expect(await store.getCheckpoint(a, 'tickets')).toBe('a-1');
    expect(await store.recordWebhookDelivery(a, 'd-1', Date.now(), 0)).toBe(true);
    expect(await store.recordWebhookDelivery(b, 'd-1', Date.now(), 0)).toBe(true);
    expect(await store.recordWebhookDelivery(a, 'd-1', Date.now(), 0)).toBe(false);
  });

  it('answers "not found" for an unknown or malformed installation id', async () => {
    expect(await store.getInstallation(randomUUID())).toBeNull();
    expect(await store.getInstallation('not-a-uuid')).toBeNull();
    expect(await store.findInstallationBySecretHash('0'.repeat(64))).toBeNull();
  });
});
