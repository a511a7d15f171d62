import type { Id, Instant, Priority, SlaPolicy, TicketEvent } from '../../domain/index.js';
import { withAssignedSchedule } from '../../metrics/assigned-schedule.js';
import type { BusinessCalendar } from '../../metrics/business-calendar.js';
import { evaluateSla, slaOutcome, type SlaOutcome } from '../../metrics/sla.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import { computeTicketMetrics, type EngineTicket } from '../../metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../metrics/types.js';
import type { TimelineColumns } from '../../store/store.js';
import {
  AUTHOR_KINDS,
  AUTHOR_SHIFT,
  CREATING_BIT,
  EVENT_KIND,
  FROM_NULL_BIT,
  PUBLIC_BIT,
  STATUS_SHIFT,
  TICKET_STATUSES,
} from '../../store/timeline-codes.js';

/** The settings a replay computes under: today's, or a proposal's. */
export interface ReplaySettings {
  calendars: CalendarSet;
  slaPolicy: SlaPolicy | null;
}

/** One ticket's values under the replayed settings, beside what the analysis stored. */
export interface ReplayedTicket {
  index: number;
  priority: Priority | null;
  /** Business seconds, NaN for none, in WHATIF_DURATIONS order. */
  proposedBusiness: Float64Array;
  currentOutcomes: SlaOutcome[];
  proposedOutcomes: SlaOutcome[];
}

/**
 * Replays every ticket of a columnar batch through the pure engine under `settings`, as of
 * `asOf`, and hands each result to `sink` (one reused buffer: the sink copies what it keeps).
 * The engine runs exactly as the analysis runs it (analyze-ticket.ts): the ticket's assigned
 * schedule, its calendar (own, else the default) for the SLA, instances with a deciding time.
 */
export function replayBatch(
  columns: TimelineColumns,
  settings: ReplaySettings,
  asOf: Instant,
  sink: (ticket: ReplayedTicket) => void,
): void {
  const proposedBusiness = new Float64Array(5);
  let scheduleCursor = 0;
  for (let i = 0; i < columns.ticketIds.length; i += 1) {
    const from = columns.eventStart[i] ?? 0;
    const to = columns.eventStart[i + 1] ?? from;
    const decoded = decodeEvents(columns, i, from, to, scheduleCursor);
    scheduleCursor = decoded.scheduleCursor;
    const ticket = withAssignedSchedule(ticketOf(columns, i), decoded.events);
    const metrics = computeTicketMetrics(
      { ticket, events: decoded.events },
      { now: asOf, calendars: settings.calendars },
    );
    businessValues(metrics, proposedBusiness);
    const priority = columns.priorities[i] ?? null;
    sink({
      index: i,
      priority,
      proposedBusiness,
      currentOutcomes: outcomes(columns.storedSla[i] ?? [], asOf),
      proposedOutcomes:
        settings.slaPolicy === null
          ? []
          : outcomes(
              evaluateSla(
                metrics,
                priority,
                settings.slaPolicy,
                calendarOf(ticket, settings.calendars),
                asOf,
              ),
              asOf,
            ),
    });
  }
}

function ticketOf(columns: TimelineColumns, i: number): EngineTicket {
  return {
    id: columns.ticketIds[i] ?? '',
    createdAt: columns.createdAt[i] ?? 0,
    scheduleId: columns.scheduleIds[i] ?? null,
    submitterId: columns.submitterIds[i] ?? null,
    requesterId: columns.requesterIds[i] ?? '',
  };
}

/** The ticket's calendar, as analyze-ticket.ts's calendarOf: its own schedule's, else the default. */
function calendarOf(ticket: EngineTicket, calendars: CalendarSet): BusinessCalendar | null {
  const own = ticket.scheduleId === null ? undefined : calendars.byId.get(ticket.scheduleId);
  return own ?? calendars.defaultCalendar;
}

/** Outcomes of the instances that have a deciding time (the ones the analysis stores). */
function outcomes(
  times: readonly {
    metric: SlaOutcome['metric'];
    breachAt: Instant | null;
    fulfilledAt: Instant | null;
  }[],
  asOf: Instant,
): SlaOutcome[] {
  const result: SlaOutcome[] = [];
  for (const t of times) {
    if (t.breachAt === null && t.fulfilledAt === null) continue;
    const outcome = slaOutcome(t, asOf);
    if (outcome !== null) result.push(outcome);
  }
  return result;
}

function businessValues(m: TicketMetrics, out: Float64Array): void {
  out[0] = m.firstReply.business ?? NaN;
  out[1] = m.firstResolution.business ?? NaN;
  out[2] = m.fullResolution.business ?? NaN;
  out[3] = m.requesterWait.business ?? NaN;
  out[4] = m.agentWait.business ?? NaN;
}

// Event ids only label spans, which no compared value reads: a ticket's positions, made once.
const POSITION_IDS: string[] = [];
const positionId = (k: number): string => (POSITION_IDS[k] ??= String(k));

/**
 * Ticket i's events as the engine's objects, built only for the length of its computation (plain
 * literals: object spread here doubled the replay's time in garbage). A status change keeps only
 * whether its `from` was null (all the engine reads of it).
 */
function decodeEvents(
  columns: TimelineColumns,
  i: number,
  from: number,
  to: number,
  cursor: number,
): { events: TicketEvent[]; scheduleCursor: number } {
  const ticketId: Id = columns.ticketIds[i] ?? '';
  const events: TicketEvent[] = [];
  let scheduleCursor = cursor;
  for (let j = from; j < to; j += 1) {
    const code = columns.eventCode[j] ?? 0;
    const id = positionId(j - from);
    const at = columns.eventAt[j] ?? 0;
    const kind = code & 3;
    if (kind === EVENT_KIND.status) {
      const status = TICKET_STATUSES[(code >> STATUS_SHIFT) & 15] ?? 'open';
      const fromNull = (code & FROM_NULL_BIT) !== 0;
      events.push({
        id,
        ticketId,
        at,
        actorId: null,
        type: 'status_change',
        from: fromNull ? null : status,
        to: status,
      });
    } else if (kind === EVENT_KIND.comment) {
      events.push({
        id,
        ticketId,
        at,
        actorId: null,
        type: 'comment',
        public: (code & PUBLIC_BIT) !== 0,
        authorId: null,
        authorKind: AUTHOR_KINDS[(code >> AUTHOR_SHIFT) & 3] ?? 'system',
        channel: null,
        isCreating: (code & CREATING_BIT) !== 0,
      });
    } else if (kind === EVENT_KIND.delete) {
      events.push({ id, ticketId, at, actorId: null, type: 'delete' });
    } else {
      const scheduleId = columns.scheduleChanges[scheduleCursor] ?? null;
      scheduleCursor += 1;
      events.push({ id, ticketId, at, actorId: null, type: 'schedule_change', scheduleId });
    }
  }
  return { events, scheduleCursor };
}
