import { Temporal } from 'temporal-polyfill';
import type { SurveyResponse, TicketEvent } from '../../../../src/domain/index.js';
import { createBusinessCalendar } from '../../../../src/metrics/business-calendar.js';
import { latestCes } from '../../../../src/metrics/summary.js';
import { computeTicketMetrics } from '../../../../src/metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../../src/metrics/types.js';
import type { KpiDeps } from '../../../../src/services/kpi/board.js';
import { rollupDay } from '../../../../src/services/pipeline/rollup-day.js';
import { migrate } from '../../../../src/store/migrate.js';
import { createSqlStore } from '../../../../src/store/sql-store.js';
import type { TicketStore } from '../../../../src/store/store.js';
import { newInstallation, type TestDatabase } from '../../store/support.js';
import {
  TimelineBuilder,
  cesResponse,
  ms,
  newYorkOfficeHours,
} from '../../../support/timeline-builder.js';

/** Reporting zone of the KPI integration suites. */
export const ZONE = 'UTC';
/** Analysis instant: after every event of the data set. */
export const NOW = ms('2024-03-12T00:00:00Z');
export const CURRENT = { from: '2024-03-04', to: '2024-03-10' } as const;
export const PREVIOUS = { from: '2024-02-26', to: '2024-03-03' } as const;

interface Spec {
  build: TimelineBuilder;
  group: string;
  assignee: string;
  tags?: string[];
  nps?: { at: string; value: number };
}

const OPTS = { scheduleId: 'ny-9-17' };

function npsAnswer(ticketId: string, at: string, value: number): SurveyResponse {
  return {
    ...cesResponse(ticketId, ms(at), value),
    id: `nps-${ticketId}`,
    kind: 'nps',
    surveyId: 'nps',
    questionId: 'recommend',
    scaleMin: 0,
    scaleMax: 10,
  };
}

function ces5(ticketId: string, at: string, value: number): TicketEvent {
  const response: SurveyResponse = {
    ...cesResponse(ticketId, ms(at), value),
    id: `ces5-${ticketId}`,
    scaleMin: 1,
    scaleMax: 5,
    direction: 'lower_is_better',
  };
  return {
    id: `${ticketId}-ces5`,
    ticketId,
    at: ms(at),
    actorId: null,
    type: 'survey_answer',
    response,
  };
}

/**
 * Tickets around 2024-03-04..10 (current) and 2024-02-26..03-03 (previous), each step a worked
 * case: C2 is reopened and re-solved, O1 stays open, O2 is pending across the range start, C6 is
 * solved after the range; CES on two scales, NPS through the survey-answers table.
 */
function specs(): Spec[] {
  const b = (id: string, at: string) => new TimelineBuilder(id, at, OPTS);
  return [
    {
      build: b('C1', '2024-03-04T09:00:00Z')
        .agent('2024-03-04T09:30:00Z')
        .time('2024-03-04T09:30:00Z', 'a1', 600)
        .status('2024-03-04T13:00:00Z', 'solved')
        .csat('2024-03-04T14:00:00Z', 'good')
        .ces('2024-03-04T14:00:00Z', 7),
      group: 'g1',
      assignee: 'a1',
      tags: ['billing', 'vip'],
      nps: { at: '2024-03-04T15:00:00Z', value: 10 },
    },
    {
      build: b('C2', '2024-03-04T10:00:00Z')
        .agent('2024-03-04T10:10:00Z')
        .status('2024-03-05T10:00:00Z', 'solved')
        .customer('2024-03-05T12:00:00Z')
        .status('2024-03-05T12:00:00Z', 'open')
        .agent('2024-03-05T12:30:00Z')
        .status('2024-03-06T10:00:00Z', 'solved')
        .csat('2024-03-06T11:00:00Z', 'good')
        .ces('2024-03-06T11:00:00Z', 5),
      group: 'g1',
      assignee: 'a2',
      tags: ['billing'],
      nps: { at: '2024-03-06T12:00:00Z', value: 9 },
    },
    {
      build: b('C3', '2024-03-06T08:00:00Z')
        .agent('2024-03-06T09:00:00Z')
        .time('2024-03-06T09:00:00Z', 'a2', 1200)
        .status('2024-03-06T14:00:00Z', 'solved')
        .csat('2024-03-06T15:00:00Z', 'bad')
        .ces('2024-03-06T15:00:00Z', 2),
      group: 'g1',
      assignee: 'a2',
      nps: { at: '2024-03-06T16:00:00Z', value: 3 },
    },
    {
      build: b('C4', '2024-03-07T09:00:00Z')
        .agent('2024-03-07T11:00:00Z')
        .status('2024-03-08T09:00:00Z', 'solved')
        .csat('2024-03-08T10:00:00Z', 'good'),
      group: 'g2',
      assignee: 'a1',
    },
    {
      build: b('C5', '2024-03-08T09:00:00Z')
        .agent('2024-03-08T09:05:00Z')
        .status('2024-03-08T09:30:00Z', 'solved'),
      group: 'g2',
      assignee: 'a2',
      nps: { at: '2024-03-08T10:00:00Z', value: 8 },
    },
    {
      build: b('C6', '2024-03-09T12:00:00Z')
        .agent('2024-03-11T10:00:00Z')
        .status('2024-03-11T11:00:00Z', 'solved'),
      group: 'g1',
      assignee: 'a1',
    },
    {
      build: b('O1', '2024-03-05T09:00:00Z')
        .status('2024-03-05T10:00:00Z', 'open')
        .agent('2024-03-05T10:00:00Z'),
      group: 'g1',
      assignee: 'a1',
    },
    {
      build: b('O2', '2024-02-28T12:00:00Z')
        .agent('2024-02-28T13:00:00Z')
        .status('2024-02-28T13:00:00Z', 'pending')
        .status('2024-03-06T12:00:00Z', 'solved'),
      group: 'g2',
      assignee: 'a2',
    },
    {
      build: b('P1', '2024-02-27T09:00:00Z')
        .agent('2024-02-27T09:20:00Z')
        .time('2024-02-27T09:20:00Z', 'a1', 300)
        .status('2024-02-27T17:00:00Z', 'solved')
        .csat('2024-02-27T18:00:00Z', 'good')
        .ces('2024-02-27T18:00:00Z', 6),
      group: 'g1',
      assignee: 'a1',
    },
    {
      build: b('P2', '2024-02-28T09:00:00Z')
        .agent('2024-02-28T10:00:00Z')
        .status('2024-03-01T09:00:00Z', 'solved')
        .csat('2024-03-01T10:00:00Z', 'bad'),
      group: 'g2',
      assignee: 'a2',
      nps: { at: '2024-03-01T11:00:00Z', value: 10 },
    },
    {
      build: b('P3', '2024-03-01T09:00:00Z')
        .agent('2024-03-01T09:01:00Z')
        .status('2024-03-01T10:00:00Z', 'solved'),
      group: 'g1',
      assignee: 'a1',
    },
  ];
}

/**
 * The data set's tickets and their raw events, as built (no engine involved), with the group each
 * is filed under: what the suites count by hand.
 */
export function datasetTimelines(): TicketTimeline[] {
  return specs().map((spec) => {
    const built = spec.build.build();
    return { ticket: { ...built.ticket, groupId: spec.group }, events: built.events };
  });
}

export interface Seeded {
  metrics: Map<string, TicketMetrics>;
}

/**
 * Writes the data set for `installationId` the way the pipeline does (sync page, survey answers,
 * engine metrics with dims, then the daily rollups of every day involved) and returns the engine's
 * metrics, from which the suites derive their expectations independently of the KPI code.
 */
export async function seed(store: TicketStore, installationId: string): Promise<Seeded> {
  const schedule = newYorkOfficeHours();
  const calendar = createBusinessCalendar(schedule);
  const calendars = { defaultCalendar: calendar, byId: new Map([[schedule.id, calendar]]) };
  await store.saveSchedules(installationId, [schedule]);
  const timelines: { timeline: TicketTimeline; spec: Spec; nps: SurveyResponse | null }[] = [];
  for (const spec of specs()) {
    const built = spec.build.build();
    const ticket = { ...built.ticket, groupId: spec.group, assigneeId: spec.assignee };
    ticket.tags = spec.tags ?? [];
    const events = [...built.events];
    if (ticket.id === 'C4') events.push(ces5('C4', '2024-03-08T10:00:00Z', 1));
    const nps = spec.nps === undefined ? null : npsAnswer(ticket.id, spec.nps.at, spec.nps.value);
    timelines.push({ timeline: { ticket, events }, spec, nps });
  }
  await store.writeSyncPage({
    installationId,
    stream: 'tickets',
    checkpoint: 'kpi-seed',
    tickets: timelines.map((t) => t.timeline.ticket),
    events: timelines.flatMap((t) => t.timeline.events),
  });
  const metrics = new Map<string, TicketMetrics>();
  for (const { timeline, nps } of timelines) {
    if (nps !== null) await store.addSurveyAnswer(installationId, nps);
    // The analysis merges stored answers into the events the same way (analyze-ticket.ts).
    const extra: TicketEvent[] =
      nps === null
        ? []
        : [
            {
              id: `survey-${nps.id}`,
              ticketId: nps.ticketId,
              at: nps.respondedAt,
              actorId: null,
              type: 'survey_answer',
              response: nps,
            },
          ];
    const events = [...timeline.events, ...extra].sort((a, b) => a.at - b.at);
    const m = computeTicketMetrics({ ticket: timeline.ticket, events }, { now: NOW, calendars });
    metrics.set(m.ticketId, m);
    const t = timeline.ticket;
    const dims = {
      requesterId: t.requesterId,
      organizationId: t.organizationId,
      groupId: t.groupId,
      assigneeId: t.assigneeId,
      channel: t.channel,
      brandId: t.brandId,
      tags: t.tags,
      ces: latestCes(m.surveys),
      effortScore: null,
      computedAt: NOW,
      engineVersion: 1,
    };
    await store.saveTicketMetrics(installationId, { metrics: m, dims, timelineVersion: 0 });
  }
  for (const day of daysBetween(PREVIOUS.from, '2024-03-12')) {
    await rollupDay({ store, reportingTimeZone: ZONE, now: () => NOW }, { installationId, day });
  }
  return { metrics };
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (
    let d = Temporal.PlainDate.from(from);
    Temporal.PlainDate.compare(d, last) <= 0;
    d = d.add({ days: 1 })
  ) {
    days.push(d.toString());
  }
  return days;
}

/** `[start, end)` of a UTC date range. */
export function utcRange(range: { from: string; to: string }): { start: number; end: number } {
  return { start: ms(`${range.from}T00:00:00Z`), end: ms(`${range.to}T00:00:00Z`) + 86_400_000 };
}

/** A migrated store with the data set under one installation and again under another. */
export async function openSeeded(open: () => Promise<TestDatabase>): Promise<{
  db: TestDatabase;
  store: TicketStore;
  deps: KpiDeps;
  inst: string;
  other: string;
  metrics: Map<string, TicketMetrics>;
}> {
  const db = await open();
  await migrate(db.client);
  const store = createSqlStore(db.client);
  const deps: KpiDeps = { store, reportingTimeZone: ZONE, now: () => NOW };
  const inst = (await store.createInstallation(newInstallation())).id;
  const other = (await store.createInstallation(newInstallation())).id;
  const { metrics } = await seed(store, inst);
  // The same tickets again under another installation: any leak would double every count.
  await seed(store, other);
  return { db, store, deps, inst, other, metrics };
}
