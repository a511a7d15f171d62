import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse, TicketStatus } from '../../../src/domain/index.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketMetricsDims, TicketStore } from '../../../src/store/store.js';
import { cesResponse } from '../../support/timeline-builder.js';
import type { TestDatabase } from './support.js';
import { DATABASES, T0, comment, metricsDims, newInstallation, ticket } from './support.js';

const NOW = T0 + 10 * 86_400_000;
const HOUR = 3_600_000;
// 2024-03-02 03:00Z is still 2024-03-01 in New York (UTC−5): answers count on local dates.
const LATE_EVENING_NY = Date.UTC(2024, 2, 2, 3, 0, 0);
const NEXT_MORNING_NY = Date.UTC(2024, 2, 2, 15, 0, 0);

const dims = (overrides: Partial<TicketMetricsDims>) =>
  metricsDims({ groupId: 'g1', computedAt: NOW, ...overrides });

const nps = (ticketId: string, at: number, value: number): SurveyResponse => ({
  ...cesResponse(ticketId, at, value),
  id: `nps-${ticketId}-${String(at)}`,
  kind: 'nps',
  scaleMin: 0,
  scaleMax: 10,
});

/** Stored metrics of ticket `id` (status `status`) carrying `surveys`. */
function metricsWith(id: string, surveys: SurveyResponse[], status: TicketStatus = 'solved') {
  const base = computeTicketMetrics(
    { ticket: ticket(id, 30, { status }), events: [comment(`${id}-c`, id, 20)] },
    { now: NOW, calendars: { defaultCalendar: null, byId: new Map() } },
  );
  return { ...base, surveys };
}

const query = { kinds: ['ces', 'nps'] as const, from: T0, to: NOW, timeZone: 'America/New_York' };

describe.each(DATABASES)('survey tallies on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let a: string;
  let b: string;

  beforeAll(async () => {
    db = await open();
    // The first answers are stored before migration 7 exists: its backfill must find them. 025
    // and 033 come early because every metrics save writes their columns (they touch nothing 7
    // reads).
    await migrate(
      db.client,
      MIGRATIONS.filter((m) => m.version <= 6 || m.version === 25 || m.version === 33),
    );
    store = createSqlStore(db.client);
    a = (await store.createInstallation(newInstallation('a'))).id;
    b = (await store.createInstallation(newInstallation('b'))).id;
    await store.saveTicketMetrics(a, {
      metrics: metricsWith('T1', [
        cesResponse('T1', LATE_EVENING_NY, 7),
        nps('T1', LATE_EVENING_NY, 9),
      ]),
      dims: dims({ tags: ['vip', 'billing', 'vip'] }),
      timelineVersion: 0,
    });
    await migrate(db.client);
    await store.saveTicketMetrics(a, {
      metrics: metricsWith('T2', [cesResponse('T2', NEXT_MORNING_NY, 3)]),
      dims: dims({ groupId: null, tags: ['billing'] }),
      timelineVersion: 0,
    });
    await store.saveTicketMetrics(a, {
      metrics: metricsWith('T3', [cesResponse('T3', NEXT_MORNING_NY, 3)]),
      dims: dims({ groupId: 'g2' }),
      timelineVersion: 0,
    });
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('counts answers per local day and answer, old and new metrics alike', async () => {
    const got = await store.tallySurveyAnswers(a, { ...query, dimension: 'all' });
    expect(got.map((t) => [t.day, t.sliceValue, t.kind, t.value, t.count])).toEqual([
      ['2024-03-01', '', 'ces', 7, 1],
      ['2024-03-01', '', 'nps', 9, 1],
      ['2024-03-02', '', 'ces', 3, 2],
    ]);
    expect(got[0]).toMatchObject({ scaleMin: 1, scaleMax: 7, direction: 'higher_is_better' });
  });

  it('counts under slice values: none for an empty field, each distinct tag once', async () => {
    const byGroup = await store.tallySurveyAnswers(a, {
      ...query,
      kinds: ['ces'],
      dimension: 'group',
    });
    expect(byGroup.map((t) => [t.sliceValue, t.value, t.count])).toEqual([
      ['g1', 7, 1],
      ['g2', 3, 1],
    ]);
    const byTag = await store.tallySurveyAnswers(a, { ...query, kinds: ['ces'], dimension: 'tag' });
    expect(byTag.map((t) => [t.day, t.sliceValue, t.value, t.count])).toEqual([
      ['2024-03-01', 'billing', 7, 1],
      ['2024-03-01', 'vip', 7, 1],
      ['2024-03-02', 'billing', 3, 1],
    ]);
    const oneGroup = await store.tallySurveyAnswers(a, {
      ...query,
      dimension: 'all',
      slice: { dimension: 'group', value: 'g2' },
    });
    expect(oneGroup.map((t) => [t.kind, t.value, t.count])).toEqual([['ces', 3, 1]]);
  });

  it('keeps only answers inside [from, to)', async () => {
    const got = await store.tallySurveyAnswers(a, {
      ...query,
      from: LATE_EVENING_NY + 1,
      to: NEXT_MORNING_NY + 1,
      dimension: 'all',
    });
    expect(got.map((t) => [t.kind, t.count])).toEqual([['ces', 2]]);
  });

  it('replaces a ticket’s answers when its metrics are saved again, and drops deleted tickets', async () => {
    const later = { ...dims({ groupId: 'g2' }), computedAt: NOW + HOUR };
    await store.saveTicketMetrics(a, {
      metrics: metricsWith('T3', [cesResponse('T3', NEXT_MORNING_NY, 6)]),
      dims: later,
      timelineVersion: 0,
    });
    const deleted = { ...dims({}), computedAt: NOW + HOUR };
    await store.saveTicketMetrics(a, {
      metrics: metricsWith('T2', [], 'deleted'),
      dims: deleted,
      timelineVersion: 0,
    });
    const got = await store.tallySurveyAnswers(a, { ...query, kinds: ['ces'], dimension: 'group' });
    expect(got.map((t) => [t.sliceValue, t.value, t.count])).toEqual([
      ['g1', 7, 1],
      ['g2', 6, 1],
    ]);
    const listed = await store.listSurveyAnswers(a, { kinds: ['ces'], from: T0, to: NOW });
    expect(listed.map((r) => [r.dims.ticketId, r.response.value])).toEqual([
      ['T1', 7],
      ['T3', 6],
    ]);
  });

  it('never counts another installation’s answers', async () => {
    expect(await store.tallySurveyAnswers(b, { ...query, dimension: 'all' })).toEqual([]);
    expect(await store.listSurveyAnswers(b, { kinds: ['ces', 'nps'], from: T0, to: NOW })).toEqual(
      [],
    );
  });
});
