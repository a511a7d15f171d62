import type { Schedule, Ticket, TicketEvent, TicketStatus } from '../../src/domain/index.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';

// The simulator's seeded PRNG, so every run measures the same data.
export { createRandom } from '../../src/simulator/prng.js';

const START = Date.UTC(2023, 0, 1);
const SPAN_MS = 2 * 365 * 86_400_000;
const MINUTE = 60_000;

/** NY office hours with US holidays over the synthetic period: the realistic business-time case. */
export const benchSchedule: Schedule = {
  id: 'bench-ny',
  name: 'NY office',
  timeZone: 'America/New_York',
  intervals: [1, 2, 3, 4, 5].map((d) => ({
    startMinute: d * 1440 + 540,
    endMinute: d * 1440 + 1020,
  })),
  holidays: ['2023-07-04', '2023-12-25', '2024-01-01', '2024-07-04', '2024-12-25'].map((date) => ({
    name: 'holiday',
    startDate: date,
    endDate: date,
  })),
};

/** Synthetic ticket `index` has the id SYNTHETIC_ID_BASE + index (digits only, all the same length). */
export const SYNTHETIC_ID_BASE = 10_000_000;

/**
 * One synthetic ticket of about `eventsPerTicket` events: a customer creates it, agents and the
 * customer exchange replies with status changes, handoffs, logged time, sometimes a reopen and a
 * satisfaction rating — the mix the engine sees in production.
 */
export function syntheticTimeline(
  index: number,
  random: () => number,
  eventsPerTicket = 20,
): TicketTimeline {
  const id = String(SYNTHETIC_ID_BASE + index);
  let at = START + Math.floor(random() * SPAN_MS);
  const createdAt = at;
  const events: TicketEvent[] = [];
  let n = 0;
  let status = 'new' as TicketStatus;
  // Common fields first, as the connectors' mappers build them, so shapes match production data.
  const push = (e: Omit<TicketEvent, 'id' | 'ticketId' | 'at' | 'actorId'>): void => {
    events.push(
      Object.assign(
        { id: `${id}:${String(++n)}`, ticketId: id, at, actorId: null },
        e,
      ) as TicketEvent,
    );
  };
  const setStatus = (to: TicketStatus): void => {
    push({ type: 'status_change', from: status, to } as never);
    status = to;
  };
  push({ type: 'status_change', from: null, to: 'new' } as never);
  push({
    type: 'comment',
    public: true,
    authorId: 'c',
    authorKind: 'end_user',
    channel: 'email',
    isCreating: true,
  } as never);
  while (events.length < eventsPerTicket - 2) {
    at += Math.floor(random() * 600 * MINUTE);
    const roll = random();
    if (roll < 0.1) push({ type: 'assignee_change', from: 'a1', to: 'a2' } as never);
    else if (roll < 0.2)
      push({
        type: 'handle_time',
        agentId: 'a1',
        seconds: 60 + Math.floor(random() * 600),
        source: 'time_tracking_field',
      } as never);
    else if (roll < 0.25)
      push({
        type: 'comment',
        public: false,
        authorId: 'a1',
        authorKind: 'agent',
        channel: 'web',
        isCreating: false,
      } as never);
    else if (status === 'new' || status === 'open') {
      push({
        type: 'comment',
        public: true,
        authorId: 'a1',
        authorKind: 'agent',
        channel: 'web',
        isCreating: false,
      } as never);
      setStatus(random() < 0.5 ? 'pending' : 'solved');
    } else {
      push({
        type: 'comment',
        public: true,
        authorId: 'c',
        authorKind: 'end_user',
        channel: random() < 0.9 ? 'email' : 'chat',
        isCreating: false,
      } as never);
      setStatus('open');
    }
  }
  if (status !== 'solved') setStatus('solved');
  at += 30 * MINUTE;
  push({ type: 'satisfaction', score: random() < 0.8 ? 'good' : 'bad', assigneeId: 'a1' } as never);
  const ticket: Ticket = {
    id,
    status,
    subject: null,
    channel: 'email',
    requesterId: `r${String(index % 200_000)}`,
    submitterId: null,
    organizationId: null,
    assigneeId: 'a1',
    groupId: 'g1',
    brandId: null,
    priority: 'normal',
    tags: [],
    customFields: {},
    createdAt,
    updatedAt: at,
    scheduleId: null,
  };
  return { ticket, events };
}
