import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schedule } from '../../../src/domain/index.js';
import { mergeSketches, sketchQuantile } from '../../../src/metrics/sketch.js';
import { summarizeDistribution } from '../../../src/metrics/stats.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import type { JobName } from '../../../src/queue/catalog.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import type { Processors } from '../../../src/queue/queue.js';
import { analyzeTicket, calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import type { AnalysisDeps } from '../../../src/services/pipeline/analyze-ticket.js';
import { pushBack } from '../../../src/services/pipeline/push-back.js';
import { localDayOf, rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import { summarizeRequester } from '../../../src/services/pipeline/summarize-requester.js';
import type { RequesterSummary } from '../../../src/services/pipeline/summarize-requester.js';
import { openStore } from '../../../src/store/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASE_URL, newInstallation, storeTimelines } from '../store/support.js';
import { recordingConnector } from '../../support/recording-connector.js';
import {
  TimelineBuilder,
  ms,
  newYorkOfficeHours,
  timelineTR,
} from '../../support/timeline-builder.js';
import { testSchema } from '../../support/test-schema.js';

const ZONE = 'America/New_York';
const NOW = ms('2024-03-12T00:00:00Z');
const MIN = 60;

/** Opens a store through the composition-root path; Postgres gets a schema of its own. */
async function openPostgres(): Promise<{ store: TicketStore; dispose: () => Promise<void> }> {
  const db = testSchema();
  await db.create();
  const store = await openStore({ databaseUrl: DATABASE_URL, schema: db.name });
  return {
    store,
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
}
async function openPglite() {
  const store = await openStore({});
  return { store, dispose: () => store.close() };
}
const STORES = [
  ['postgres', openPostgres],
  ['pglite', openPglite],
] as const;

/** The T-R timeline of metrics.md §2(d) with slicing attributes. */
function slicedTR(): TicketTimeline {
  const t = timelineTR({ requesterId: 'customer-1' });
  return { ...t, ticket: { ...t.ticket, groupId: 'g1', assigneeId: 'a1', tags: ['billing'] } };
}

/** metrics.md §3(d) DST ticket on the NY schedule: 3900 calendar minutes, 120 business. */
function timelineDst(): TicketTimeline {
  const opts = { requesterId: 'customer-2', scheduleId: 'ny-9-17' };
  return new TimelineBuilder('DST', '2024-03-08T16:00:00-05:00', opts)
    .agent('2024-03-11T09:30:00-04:00')
    .status('2024-03-11T10:00:00-04:00', 'solved')
    .csat('2024-03-11T11:00:00-04:00', 'bad')
    .build();
}

/** Simple tickets solved on 2024-03-05 (NY) with different durations, for rollup medians. */
function simpleTimelines(): TicketTimeline[] {
  return [1, 2, 3, 4, 5].map((i) => {
    const t = new TimelineBuilder(`S${String(i)}`, `2024-03-04T1${String(i)}:00:00Z`, {
      requesterId: 'customer-3',
      channel: i % 2 === 0 ? 'web' : 'email',
    })
      .agent(`2024-03-04T1${String(i)}:${String(5 * i).padStart(2, '0')}:00Z`)
      .status(`2024-03-05T1${String(i)}:00:00Z`, 'solved')
      .build();
    return { ...t, ticket: { ...t.ticket, groupId: i <= 2 ? 'g1' : 'g2', tags: ['billing'] } };
  });
}

describe.each(STORES)('analysis pipeline on %s', (_name, open) => {
  let dispose: () => Promise<void>;
  let store: TicketStore;
  let inst: string;
  let deps: AnalysisDeps;
  let queue: ReturnType<typeof createInProcessQueue>;
  const jobs: { name: JobName; payload: unknown }[] = [];
  const schedules: Schedule[] = [newYorkOfficeHours()];
  const timelines = [slicedTR(), timelineDst(), ...simpleTimelines()];
  const expected = new Map<string, TicketMetrics>();

  const drain = async () => {
    await queue.idle();
    return jobs.splice(0);
  };
  // Takes the pending days off the outbox, so each test sees only what it marked.
  const pendingDays = async () => {
    const claimed = await store.claimPending(inst, 'day', 100, 60_000);
    await store.ackPending(inst, 'day', claimed);
    return claimed.map((c) => c.subjectId).sort();
  };

  beforeAll(async () => {
    ({ store, dispose } = await open());
    inst = (await store.createInstallation(newInstallation())).id;
    await store.saveSchedules(inst, schedules);
    await storeTimelines(store, inst, timelines);
    queue = createInProcessQueue();
    const record = (name: JobName) => async (payload: unknown) => {
      jobs.push({ name, payload });
    };
    const processors: Processors = {
      'requester.summarize': record('requester.summarize'),
      'rollups.drain': record('rollups.drain'),
      'helpdesk.pushBack': record('helpdesk.pushBack'),
    };
    queue.start(processors);
    deps = { store, producer: queue, now: () => NOW, reportingTimeZone: ZONE };
    const calendars = calendarSetFor('expected', schedules);
    for (const t of timelines) {
      expected.set(t.ticket.id, computeTicketMetrics(t, { now: NOW, calendars }));
    }
    // PGlite boots a WASM Postgres: slow on a loaded machine.
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await dispose();
  });

  it('analyses T-R: stores the engine values and enqueues the summary and its days', async () => {
    const metrics = await analyzeTicket(deps, {
      installationId: inst,
      ticketId: 'T-R',
      updatedAt: NOW,
    });
    expect(metrics).toEqual(expected.get('T-R'));
    const stored = await store.getTicketMetrics(inst, 'T-R');
    expect(stored?.metrics).toEqual(expected.get('T-R'));
    expect(stored?.metrics.firstResolution.calendar).toBe(120 * MIN);
    expect(stored?.metrics.fullResolution.calendar).toBe(1620 * MIN);
    expect(stored?.metrics.reopens).toHaveLength(1);
    expect(stored?.dims).toMatchObject({
      requesterId: 'customer-1',
      groupId: 'g1',
      computedAt: NOW,
    });
    expect(await drain()).toEqual([
      { name: 'requester.summarize', payload: { installationId: inst, requesterId: 'customer-1' } },
      {
        name: 'rollups.drain',
        payload: { installationId: inst, notBefore: expect.any(Number) as number },
      },
    ]);
    expect(await pendingDays()).toEqual(['2024-03-04', '2024-03-05']);
  });

  it('analyses the DST ticket on its NY schedule', async () => {
    await analyzeTicket(deps, { installationId: inst, ticketId: 'DST', updatedAt: NOW });
    const stored = await store.getTicketMetrics(inst, 'DST');
    expect(stored?.metrics).toEqual(expected.get('DST'));
    expect(stored?.metrics.fullResolution).toEqual({ calendar: 3900 * MIN, business: 120 * MIN });
    await drain();
    expect(await pendingDays()).toEqual(['2024-03-08', '2024-03-11']);
  });

  it('does nothing for an unknown ticket', async () => {
    const result = await analyzeTicket(deps, {
      installationId: inst,
      ticketId: 'nope',
      updatedAt: NOW,
    });
    expect(result).toBeNull();
    expect(await drain()).toEqual([]);
  });

  it('rolls a day up with n and medians matching a direct computation', async () => {
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S5']) {
      await analyzeTicket(deps, { installationId: inst, ticketId: id, updatedAt: NOW });
    }
    await drain();
    const day = '2024-03-05';
    await rollupDay(deps, { installationId: inst, day });
    const solvedThatDay = [...expected.values()].filter(
      (m) => m.lastSolvedAt !== null && localDayOf(m.lastSolvedAt, ZONE) === day,
    );
    expect(solvedThatDay.map((m) => m.ticketId).sort()).toEqual([
      'S1',
      'S2',
      'S3',
      'S4',
      'S5',
      'T-R',
    ]);
    const rows = await store.listRollups(inst, { from: day, to: day, dimension: 'all' });
    const full = rows.find((r) => r.metric === 'full_resolution');
    const direct = summarizeDistribution(solvedThatDay.map((m) => m.fullResolution.calendar));
    expect(full?.n).toBe(direct.n);
    expect(sketchQuantile({ n: full?.n ?? 0, points: full?.sketch.calendar ?? [] }, 0.5)).toBe(
      direct.median,
    );
    const reopened = rows.find((r) => r.metric === 'reopened');
    expect({ n: reopened?.n, sum: reopened?.sum }).toEqual({ n: 6, sum: 1 });
    const groups = await store.listRollups(inst, { from: day, to: day, dimension: 'group' });
    const g2 = groups.find((r) => r.dimensionValue === 'g2' && r.metric === 'full_resolution');
    expect(g2?.n).toBe(3);
  });

  it('counts a reopen in the rollups only within the reopen window (metrics.md §5)', async () => {
    const day = '2024-03-05';
    const reopenedSum = async () =>
      (await store.listRollups(inst, { from: day, to: day, dimension: 'all' })).find(
        (r) => r.metric === 'reopened',
      )?.sum;
    // T-R was reopened 23 h after its first solve: inside 7 days, outside a 0.5-day window.
    await rollupDay({ ...deps, reopenWindowDays: 0.5 }, { installationId: inst, day });
    expect(await reopenedSum()).toBe(0);
    await rollupDay(deps, { installationId: inst, day });
    expect(await reopenedSum()).toBe(1);
  });

  it('rolls up the DST day with business values and merges days by sketch', async () => {
    for (const day of ['2024-03-04', '2024-03-08', '2024-03-11']) {
      await rollupDay(deps, { installationId: inst, day });
    }
    const rows = await store.listRollups(inst, {
      from: '2024-03-01',
      to: '2024-03-12',
      dimension: 'all',
      metrics: ['full_resolution'],
    });
    const dst = rows.find((r) => r.day === '2024-03-11');
    expect(dst?.sketch).toEqual({ calendar: [3900 * MIN], business: [120 * MIN] });
    const merged = mergeSketches(rows.map((r) => ({ n: r.n, points: r.sketch.calendar })));
    const all = [...expected.values()].map((m) => m.fullResolution.calendar);
    expect(sketchQuantile(merged, 0.5)).toBe(summarizeDistribution(all).median);
  });

  it('summarises a requester and enqueues push-back only when the summary changed', async () => {
    const first = await summarizeRequester(deps, {
      installationId: inst,
      requesterId: 'customer-1',
    });
    expect(first.changed).toBe(true);
    const summary: RequesterSummary = first.summary;
    expect(summary.counts).toEqual({ total: 1, open: 0, solved: 1 });
    expect(summary.reopens).toEqual({ total: 1, last30d: 1, last90d: 1 });
    expect(summary.recentTickets[0]?.fullResolution?.calendar).toBe(1620 * MIN);
    expect(summary.medianFullResolution.requester.calendar).toBe(1620 * MIN);
    expect(summary.medianFullResolution.team.calendar).not.toBeNull();
    expect(summary.risk).toEqual({
      level: 'medium',
      reasons: [{ code: 'recent_reopens', count: 1, days: 30 }],
    });
    expect(summary.asOf).toBe(NOW);
    expect((await store.getSummary(inst, 'requester', 'customer-1'))?.summary).toEqual(summary);
    expect(await drain()).toEqual([
      { name: 'helpdesk.pushBack', payload: { installationId: inst, requesterId: 'customer-1' } },
    ]);

    const again = await summarizeRequester(deps, {
      installationId: inst,
      requesterId: 'customer-1',
    });
    expect(again.changed).toBe(false);
    expect(await drain()).toEqual([]);
  });

  it('rates a bad CSAT as high risk with its date', async () => {
    const { summary } = await summarizeRequester(deps, {
      installationId: inst,
      requesterId: 'customer-2',
    });
    expect(summary.csat).toEqual([
      { ticketId: 'DST', at: ms('2024-03-11T11:00:00-04:00'), score: 'bad' },
    ]);
    expect(summary.risk.level).toBe('high');
    await drain();
  });

  it('pushes a changed summary once and skips an unchanged one', async () => {
    const { connector, calls } = recordingConnector();
    const pushDeps = {
      store,
      connectorFor: async () => connector,
      now: () => Date.UTC(2024, 2, 1),
    };
    const payload = { installationId: inst, requesterId: 'customer-1' };
    expect(await pushBack(pushDeps, payload)).toBe(true);
    expect(calls).toEqual([
      {
        method: 'ensureUserFields',
        args: [
          'deskpulse_effort',
          'deskpulse_reopens_90d',
          'deskpulse_risk',
          'deskpulse_median_resolution_minutes',
        ],
      },
      {
        method: 'updateUserFields',
        args: {
          userId: 'customer-1',
          values: {
            deskpulse_effort: expect.any(Number) as number,
            deskpulse_reopens_90d: 1,
            deskpulse_risk: 'medium',
            deskpulse_median_resolution_minutes: 1620,
          },
        },
      },
      {
        method: 'notifyApp',
        args: {
          appId: 'deskpulse',
          event: 'deskpulse.summary_updated',
          body: { requesterId: 'customer-1' },
        },
      },
    ]);
    calls.length = 0;
    expect(await pushBack(pushDeps, payload)).toBe(false);
    expect(calls).toEqual([]);

    expect(await pushBack(pushDeps, { installationId: inst, requesterId: 'customer-2' })).toBe(
      true,
    );
    expect(calls.map((c) => c.method)).toEqual(['updateUserFields', 'notifyApp']);
  });
});

describe('calendarSetFor', () => {
  it('reuses a cached calendar until the schedule changes', () => {
    const schedule = newYorkOfficeHours();
    const first = calendarSetFor('inst-cache', [schedule]).defaultCalendar;
    expect(calendarSetFor('inst-cache', [{ ...schedule }]).defaultCalendar).toBe(first);
    const edited = {
      ...schedule,
      holidays: [{ name: 'x', startDate: '2024-12-25', endDate: '2024-12-25' }],
    };
    expect(calendarSetFor('inst-cache', [edited]).defaultCalendar).not.toBe(first);
    expect(calendarSetFor('inst-cache', []).defaultCalendar).toBeNull();
  });
});
