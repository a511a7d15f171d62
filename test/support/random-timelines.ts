import type {
  Schedule,
  SlaPolicy,
  SlaTarget,
  Ticket,
  TicketEvent,
} from '../../src/domain/index.js';
import { PRIORITIES, SlaMetricSchema, TICKET_STATUSES } from '../../src/domain/index.js';
import { createBusinessCalendar } from '../../src/metrics/business-calendar.js';
import type { CalendarSet } from '../../src/metrics/ticket-clock.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';
import type { Random } from '../../src/simulator/prng.js';

/**
 * Random histories for the fuzz tests of the columnar paths (the clock kernel's generator, made
 * shareable): office hours over DST changes in New York and Rome, holidays, a night window in the
 * spring-forward gap, a schedule with no hours; ties, reopens, deletes, schedule changes.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const weekdays = (from: number, to: number, days = [1, 2, 3, 4, 5]) =>
  days.map((d) => ({ startMinute: d * 1440 + from, endMinute: d * 1440 + to }));

/** Office hours over DST changes and holidays, a night window in the spring-forward gap, none. */
export const SCHEDULES: Schedule[] = [
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
export const CALENDAR_SETS: CalendarSet[] = [
  { defaultCalendar: byId.get('ny') ?? null, byId },
  { defaultCalendar: null, byId: new Map([...byId].filter(([id]) => id !== 'ny')) },
  { defaultCalendar: null, byId: new Map() },
  { defaultCalendar: byId.get('empty') ?? null, byId },
];
// Days with a DST change in New York or Rome, and an ordinary one.
export const DAYS = ['2024-03-10', '2024-03-31', '2024-10-27', '2024-11-03', '2024-06-12'].map(
  (d) => Date.parse(`${d}T00:00:00Z`),
);

export const pick = <T>(random: Random, values: readonly T[]): T =>
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
export function randomTimeline(random: Random, index: number): TicketTimeline {
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

/**
 * Target lengths: a second or less, fractions, hours, weeks, and whole ten minutes as half the
 * histories' steps and the schedules' hours are, so fulfilments and breaches fall on the same instant.
 */
function seconds(random: Random): number {
  const roll = random();
  if (roll < 0.1) return 0.25 + random();
  if (roll < 0.5) return pick(random, [600, 1200, 1800, 3600, 7200]);
  if (roll < 0.7) return 1 + Math.floor(random() * 20 * 3600);
  return random() * 30 * 86_400;
}

/**
 * Per metric: a catch-all target or none, and specific ones for some priorities, listed in a
 * shuffled order (which target wins must not depend on it); any of them on business hours.
 */
const METRICS = SlaMetricSchema.options;

export function randomPolicy(random: Random): SlaPolicy {
  const targets: SlaTarget[] = [];
  for (const metric of METRICS) {
    if (random() < 0.15) continue;
    const target = (priority: SlaTarget['priority']): SlaTarget => ({
      metric,
      priority,
      targetSeconds: seconds(random),
      businessHours: random() < 0.6,
    });
    if (random() < 0.75) targets.push(target(null));
    for (const priority of PRIORITIES) if (random() < 0.3) targets.push(target(priority));
  }
  for (let k = targets.length - 1; k > 0; k -= 1) {
    const j = Math.floor(random() * (k + 1));
    [targets[k], targets[j]] = [targets[j] as SlaTarget, targets[k] as SlaTarget];
  }
  return { id: 'p', name: 'p', targets };
}
