import type { Id, Instant } from '../domain/index.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { ClockKernelOutput } from './clock-kernel-output.js';
import { KernelTicketState } from './clock-kernel-state.js';
import {
  AUTHOR_KINDS,
  AUTHOR_SHIFT,
  CREATING_BIT,
  EVENT_KIND,
  FROM_NULL_BIT,
  PUBLIC_BIT,
  STATUS_SHIFT,
  TICKET_STATUSES,
} from './event-codes.js';
import type { CalendarSet } from './ticket-clock.js';

/**
 * A batch of timelines in the compact columnar form (event-codes.ts's packing): ticket i's events
 * are `eventStart[i]` to `eventStart[i + 1]`, in time order, and the batch's schedule changes name
 * their schedules in `scheduleChanges`, in event order. Only the events that move a clock.
 */
export interface ClockKernelInput {
  createdAt: Float64Array;
  scheduleIds: readonly (Id | null)[];
  submitterIds: readonly (Id | null)[];
  requesterIds: readonly Id[];
  eventStart: Int32Array;
  eventAt: Float64Array;
  eventCode: Uint16Array;
  scheduleChanges: readonly (Id | null)[];
}

const END_USER = AUTHOR_KINDS.indexOf('end_user');
const AGENT = AUTHOR_KINDS.indexOf('agent');
const NEW = TICKET_STATUSES.indexOf('new');
const OPEN = TICKET_STATUSES.indexOf('open');
const DELETED = TICKET_STATUSES.indexOf('deleted');

/**
 * The clock values of every ticket of a batch as of `now`, exactly as computeTicketMetrics
 * computes them on the same history with the ticket's assigned schedule (withAssignedSchedule):
 * first reply, first and full resolution, requester and agent wait on both clocks, reopens, and
 * the instants, status segments and answered turns evaluateSla reads. It is a second
 * implementation of those rules for speed (the what-if replay recomputes whole accounts): it reads
 * the typed arrays directly and allocates nothing per ticket or event. A seeded fuzz test holds it
 * to the engine value for value (test/unit/metrics/clock-kernel.test.ts).
 */
export function runClockKernel(
  input: ClockKernelInput,
  calendars: CalendarSet,
  now: Instant,
  out: ClockKernelOutput,
): void {
  const tickets = input.createdAt.length;
  out.reserve(tickets, input.eventAt.length);
  const state = new KernelTicketState(out);
  let scheduleCursor = 0;
  for (let i = 0; i < tickets; i += 1) {
    const from = input.eventStart[i] ?? 0;
    const to = input.eventStart[i + 1] ?? from;
    const createdAt = input.createdAt[i] ?? 0;
    const opening = openingOf(input, i, from, to, scheduleCursor);
    state.start(resolve(calendars, opening.scheduleId), createdAt, opening.initialStatus);
    if (opening.customerCreated) state.openTurn(createdAt);
    let j = from;
    for (; j < to; j += 1) {
      const code = input.eventCode[j] ?? 0;
      const at = Math.max(input.eventAt[j] ?? 0, createdAt);
      if (at > now) break;
      state.advance(at);
      const kind = code & 3;
      if (kind === EVENT_KIND.status) {
        const status = (code >> STATUS_SHIFT) & 15;
        state.change(status < TICKET_STATUSES.length ? status : OPEN);
      } else if (kind === EVENT_KIND.delete) {
        state.change(DELETED);
      } else if (kind === EVENT_KIND.comment) {
        if ((code & PUBLIC_BIT) === 0) continue;
        const author = (code >> AUTHOR_SHIFT) & 3;
        const creating = (code & CREATING_BIT) !== 0;
        if (author === END_USER) state.openTurn(creating ? createdAt : state.at);
        else if (author === AGENT && !creating) state.agentReply();
      } else {
        const scheduleId = input.scheduleChanges[scheduleCursor] ?? null;
        scheduleCursor += 1;
        const next = resolve(calendars, scheduleId);
        if (next !== null) state.switchCalendar(next);
      }
    }
    // Schedule changes after `now` still hold their slots in the batch's list.
    for (; j < to; j += 1)
      if (((input.eventCode[j] ?? 0) & 3) === EVENT_KIND.schedule) scheduleCursor += 1;
    state.advance(Math.max(now, createdAt));
    state.finish(i, createdAt);
  }
}

/** A ticket's opening as the engine reads it from the events at or before creation. */
interface Opening {
  scheduleId: Id | null;
  initialStatus: number;
  customerCreated: boolean;
}

const opening: Opening = { scheduleId: null, initialStatus: NEW, customerCreated: false };

/**
 * The ticket's assigned schedule (withAssignedSchedule's rule: its own, else the last schedule
 * change at creation naming one), its initial status (the first null-`from` change at creation)
 * and whether the customer opened it (the creating comment's author, else submitter = requester).
 * One reused result object: this runs once per ticket.
 */
function openingOf(
  input: ClockKernelInput,
  i: number,
  from: number,
  to: number,
  cursor: number,
): Opening {
  const createdAt = input.createdAt[i] ?? 0;
  let assigned = -1;
  let initialStatus = -1;
  let creatingAuthor = -1;
  let scheduleCursor = cursor;
  for (let j = from; j < to; j += 1) {
    if ((input.eventAt[j] ?? 0) > createdAt) break;
    const code = input.eventCode[j] ?? 0;
    const kind = code & 3;
    if (kind === EVENT_KIND.schedule) {
      assigned = scheduleCursor;
      scheduleCursor += 1;
    } else if (kind === EVENT_KIND.status && initialStatus < 0 && (code & FROM_NULL_BIT) !== 0) {
      const status = (code >> STATUS_SHIFT) & 15;
      initialStatus = status < TICKET_STATUSES.length ? status : OPEN;
    } else if (kind === EVENT_KIND.comment && creatingAuthor < 0 && (code & CREATING_BIT) !== 0) {
      creatingAuthor = (code >> AUTHOR_SHIFT) & 3;
    }
  }
  const own = input.scheduleIds[i] ?? null;
  opening.scheduleId = own ?? (assigned < 0 ? null : (input.scheduleChanges[assigned] ?? null));
  opening.initialStatus = initialStatus < 0 ? NEW : initialStatus;
  const submitter = input.submitterIds[i] ?? null;
  opening.customerCreated =
    creatingAuthor >= 0
      ? creatingAuthor === END_USER
      : submitter === null || submitter === (input.requesterIds[i] ?? '');
  return opening;
}

/** TicketClock's schedule lookup: the named schedule's calendar, else the account default. */
function resolve(calendars: CalendarSet, scheduleId: Id | null): BusinessCalendar | null {
  if (scheduleId !== null) return calendars.byId.get(scheduleId) ?? calendars.defaultCalendar;
  return calendars.defaultCalendar;
}
