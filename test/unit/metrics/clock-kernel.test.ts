import { describe, expect, it } from 'vitest';
import type { Schedule, SlaPolicy, Ticket, TicketEvent } from '../../../src/domain/index.js';
import { PRIORITIES, TICKET_STATUSES } from '../../../src/domain/index.js';
import { withAssignedSchedule } from '../../../src/metrics/assigned-schedule.js';
import { createBusinessCalendar } from '../../../src/metrics/business-calendar.js';
import { runClockKernel } from '../../../src/metrics/clock-kernel.js';
import { ClockKernelOutput, KERNEL_STRIDE } from '../../../src/metrics/clock-kernel-output.js';
import { kernelSlaView } from '../../../src/metrics/clock-kernel-sla.js';
import { evaluateSla } from '../../../src/metrics/sla.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics, type EngineTimeline } from '../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import { createRandom, type Random } from '../../../src/simulator/prng.js';
import { toKernelColumns } from '../../support/kernel-columns.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const weekdays = (from: number, to: number, days = [1, 2, 3, 4, 5]) =>
  days.map((d) => ({ startMinute: d * 1440 + from, endMinute: d * 1440 + to }));

/** Office hours over DST changes and holidays, a night window in the spring-forward gap, none. */
const SCHEDULES: Schedule[] = [
  {
    id: 'ny',
    name: 'NY',
    timeZone: 'America/New_York',
    intervals: weekdays(540, 1020),
    holidays: [{ name: 'h', startDate: '2024-03-11', endDate: '2024-03-11' }],
  },
  {
    id: 'rome',
    name: 'Rome',
    timeZone: 'Europe/Rome',
    intervals: [...weekdays(480, 720, [1, 2, 3, 4, 5, 6]), ...weekdays(840, 1080)],
    holidays: [{ name: 'h', startDate: '2024-10-25', endDate: '2024-10-28' }],
  },
  {
    id: 'night',
    name: 'Night',
    timeZone: 'America/New_York',
    intervals: weekdays(90, 210, [0, 1, 2, 3, 4, 5, 6]),
    holidays: [],
  },
  { id: 'empty', name: 'Never', timeZone: 'UTC', intervals: [], holidays: [] },
];
const SCHEDULE_IDS = [null, 'ny', 'rome', 'night', 'empty', 'unknown'] as const;
const byId = new Map(SCHEDULES.map((s) => [s.id, createBusinessCalendar(s)]));
const CALENDAR_SETS: CalendarSet[] = [
  { defaultCalendar: byId.get('ny') ?? null, byId },
  { defaultCalendar: null, byId: new Map([...byId].filter(([id]) => id !== 'ny')) },
  { defaultCalendar: null, byId: new Map() },
  { defaultCalendar: byId.get('empty') ?? null, byId },
];
// Days with a DST change in New York or Rome, and an ordinary one.
const DAYS = ['2024-03-10', '2024-03-31', '2024-10-27', '2024-11-03', '2024-06-12'].map((d) =>
  Date.parse(`${d}T00:00:00Z`),
);

const pick = <T>(random: Random, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;

/** Steps between events: ties, minutes, hours, days, and a fractional millisecond now and then. */
function step(random: Random): number {
  const roll = random();
  if (roll < 0.2) return 0;
  if (roll < 0.5) return Math.floor(random() * 90) * 60_000;
  if (roll < 0.8) return Math.floor(random() * 30 * HOUR);
  if (roll < 0.97) return Math.floor(random() * 5 * DAY);
  return random() * HOUR;
}

function randomEvent(random: Random, id: string, at: number): TicketEvent {
  const common = { id, ticketId: 't', at, actorId: null };
  const roll = random();
  if (roll < 0.35) {
    const from = random() < 0.15 ? null : pick(random, TICKET_STATUSES);
    return { ...common, type: 'status_change', from, to: pick(random, TICKET_STATUSES) };
  }
  if (roll < 0.38) return { ...common, type: 'delete' };
  if (roll < 0.88) return comment(random, common, random() < 0.08);
  return { ...common, type: 'schedule_change', scheduleId: pick(random, SCHEDULE_IDS) };
}

function comment(
  random: Random,
  common: Pick<TicketEvent, 'id' | 'ticketId' | 'at' | 'actorId'>,
  isCreating: boolean,
): TicketEvent {
  return {
    ...common,
    type: 'comment',
    public: random() < 0.75,
    authorId: 'a',
    authorKind: pick(random, ['agent', 'agent', 'end_user', 'end_user', 'system'] as const),
    channel: pick(random, [null, 'email', 'chat']),
    isCreating,
  };
}

/**
 * A random history: sometimes a status and a creating comment (agent's or customer's) and a
 * schedule at creation, events before creation, ties in any order, schedule changes to known,
 * unknown and no schedules, deletes and reopens; sorted by time as the store keeps them.
 */
function randomTimeline(random: Random, index: number): EngineTimeline {
  const createdAt = pick(random, DAYS) + Math.floor((random() - 0.3) * 3 * DAY);
  const events: TicketEvent[] = [];
  const id = () => `e${String(events.length)}`;
  const common = () => ({ id: id(), ticketId: 't', at: createdAt, actorId: null });
  if (random() < 0.6) {
    const to = random() < 0.7 ? 'new' : pick(random, TICKET_STATUSES);
    events.push({ ...common(), type: 'status_change', from: null, to });
  }
  if (random() < 0.6) events.push(comment(random, common(), true));
  if (random() < 0.3)
    events.push({ ...common(), type: 'schedule_change', scheduleId: pick(random, SCHEDULE_IDS) });
  let at = createdAt - (random() < 0.1 ? Math.floor(random() * DAY) : 0);
  const count = Math.floor(random() * 26);
  for (let k = 0; k < count; k += 1) {
    at += step(random);
    events.push(randomEvent(random, id(), at));
  }
  events.sort((a, b) => a.at - b.at);
  const requesterId = 'r';
  const submitterId = pick(random, [null, requesterId, 'agent-1']);
  const ticket: Ticket = {
    id: `t${String(index)}`,
    status: 'new',
    subject: null,
    channel: 'email',
    requesterId,
    submitterId,
    organizationId: null,
    assigneeId: null,
    groupId: null,
    brandId: null,
    priority: null,
    tags: [],
    customFields: {},
    createdAt,
    updatedAt: at,
    scheduleId: random() < 0.5 ? null : pick(random, SCHEDULE_IDS),
  };
  return { ticket, events };
}

function randomPolicy(random: Random): SlaPolicy {
  const metrics = [
    'first_reply_time',
    'next_reply_time',
    'requester_wait_time',
    'agent_work_time',
    'full_resolution_time',
  ] as const;
  return {
    id: 'p',
    name: 'p',
    targets: metrics.flatMap((metric) => [
      {
        metric,
        priority: null,
        targetSeconds: 1 + Math.floor(random() * 20 * 3600),
        businessHours: random() < 0.5,
      },
      {
        metric,
        priority: 'urgent' as const,
        targetSeconds: 60 + Math.floor(random() * 3600),
        businessHours: random() < 0.5,
      },
    ]),
  };
}

/** The engine's values in the kernel's layout: calendar and business seconds, NaN for null. */
function engineValues(m: TicketMetrics): { calendar: number[]; business: number[] } {
  const durations = [
    m.firstReply,
    m.firstResolution,
    m.fullResolution,
    m.requesterWait,
    m.agentWait,
  ];
  return {
    calendar: durations.map((d) => d.calendar ?? NaN),
    business: durations.map((d) => d.business ?? NaN),
  };
}

/** Kernel and engine over one batch; returns a line per ticket × value that differs. */
function compareBatch(
  random: Random,
  batch: number,
  size: number,
  out: ClockKernelOutput,
): string[] {
  const timelines = Array.from({ length: size }, (_, i) => randomTimeline(random, i));
  const calendars = CALENDAR_SETS[batch % CALENDAR_SETS.length] as CalendarSet;
  const lastAt = Math.max(...timelines.flatMap((t) => t.events.map((e) => e.at)), 0);
  const now = pick(random, [DAYS[0] ?? 0, (DAYS[2] ?? 0) + 5 * HOUR, lastAt, lastAt + DAY]);
  const policy = randomPolicy(random);
  const columns = toKernelColumns(timelines);
  runClockKernel(columns, calendars, now, out);
  const differences: string[] = [];
  const differ = (i: number, what: string, kernel: unknown, engine: unknown) =>
    differences.push(
      `batch ${String(batch)} ticket ${String(i)} ${what}: kernel ${JSON.stringify(kernel)}, engine ${JSON.stringify(engine)}`,
    );
  timelines.forEach((timeline, i) => {
    const ticket = withAssignedSchedule(timeline.ticket, timeline.events);
    const m = computeTicketMetrics({ ticket, events: timeline.events }, { now, calendars });
    const expected = engineValues(m);
    for (let k = 0; k < KERNEL_STRIDE; k += 1) {
      const c = out.calendar[i * KERNEL_STRIDE + k];
      const b = out.business[i * KERNEL_STRIDE + k];
      if (!Object.is(c, expected.calendar[k]))
        differ(i, `calendar ${String(k)}`, c, expected.calendar[k]);
      if (!Object.is(b, expected.business[k]))
        differ(i, `business ${String(k)}`, b, expected.business[k]);
    }
    if (out.reopens[i] !== m.reopens.length) differ(i, 'reopens', out.reopens[i], m.reopens.length);
    const own = ticket.scheduleId === null ? undefined : calendars.byId.get(ticket.scheduleId);
    if (out.ticketCalendars[i] !== (own ?? calendars.defaultCalendar)) differ(i, 'calendar', 0, 1);
    const view = kernelSlaView(out, i, ticket.id, ticket.createdAt);
    const engineView = {
      status: m.status,
      firstSolvedAt: m.firstSolvedAt,
      lastSolvedAt: m.lastSolvedAt,
      awaitingReplySince: m.awaitingReplySince,
      firstReplyAt: m.explanation.firstReply?.to ?? null,
      segments: m.explanation.statusSegments,
      turns: m.replyIntervals.map((t) => ({ from: t.from, to: t.to })),
    };
    const kernelView = {
      status: view.status,
      firstSolvedAt: view.firstSolvedAt,
      lastSolvedAt: view.lastSolvedAt,
      awaitingReplySince: view.awaitingReplySince,
      firstReplyAt: view.explanation.firstReply?.to ?? null,
      segments: view.explanation.statusSegments,
      turns: view.replyIntervals,
    };
    if (JSON.stringify(kernelView) !== JSON.stringify(engineView))
      differ(i, 'SLA inputs', kernelView, engineView);
    const priority = pick(random, [null, ...PRIORITIES]);
    const calendar = own ?? calendars.defaultCalendar;
    const slaKernel = evaluateSla(view, priority, policy, calendar, now);
    const slaEngine = evaluateSla(m, priority, policy, calendar, now);
    if (JSON.stringify(slaKernel) !== JSON.stringify(slaEngine))
      differ(i, 'SLA', slaKernel, slaEngine);
  });
  return differences;
}

describe('clock kernel', () => {
  it('computes exactly what the engine computes, over 6,000 random timelines', () => {
    const random = createRandom('clock-kernel-fuzz', 1);
    const out = new ClockKernelOutput();
    const differences: string[] = [];
    let tickets = 0;
    // Batch sizes rise and fall: the reused buffers must hold no value from an earlier batch.
    for (let batch = 0; tickets < 6000; batch += 1) {
      const size = pick(random, [1, 7, 90, 400, 900]);
      differences.push(...compareBatch(random, batch, size, out));
      tickets += size;
    }
    expect(differences.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('covers what it claims to: the fuzzed histories reach every branch the engine has', () => {
    const random = createRandom('clock-kernel-fuzz', 1);
    const seen = { reopened: 0, agentCreated: 0, deleted: 0, business: 0 };
    for (let i = 0; i < 2000; i += 1) {
      const t = randomTimeline(random, i);
      const m = computeTicketMetrics(t, {
        now: t.ticket.createdAt + 3 * DAY,
        calendars: CALENDAR_SETS[0] as CalendarSet,
      });
      if (m.reopens.length > 0) seen.reopened += 1;
      if (t.events.some((e) => e.type === 'comment' && e.isCreating && e.authorKind === 'agent'))
        seen.agentCreated += 1;
      if (m.status === 'deleted') seen.deleted += 1;
      if ((m.requesterWait.business ?? 0) > 0) seen.business += 1;
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(20);
  });
});
