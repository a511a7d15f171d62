import type {
  Id,
  Instant,
  SatisfactionScore,
  SurveyResponse,
  Ticket,
  TicketEvent,
  TicketStatus,
} from '../domain/index.js';
import { SOLVED_STATUSES } from '../domain/index.js';
import { ReplyTracker } from './reply-tracker.js';
import { StatusTracker } from './status-tracker.js';
import type { CalendarSet } from './ticket-clock.js';
import { TicketClock, durationBetween, durationFromMs, nullDuration } from './ticket-clock.js';
import { classifyTouch, toDuration } from './ticket-metrics-parts.js';
import type { Duration, Span, TicketMetrics } from './types.js';

/** A ticket with its history; `events` must be sorted by `at` (ties keep their order). */
export interface TicketTimeline {
  ticket: Ticket;
  events: readonly TicketEvent[];
}

/** The ticket fields the engine reads; any {@link Ticket} is one. */
export type EngineTicket = Pick<
  Ticket,
  'id' | 'createdAt' | 'scheduleId' | 'submitterId' | 'requesterId'
>;

/** What the engine reads of a timeline: a replay can pass a reduced ticket and only the events that move a clock. */
export interface EngineTimeline {
  ticket: EngineTicket;
  events: readonly TicketEvent[];
}

export interface MetricContext {
  /** The instant the metrics are computed as of; later events are ignored. */
  now: Instant;
  calendars: CalendarSet;
}

/**
 * Computes every per-ticket KPI of metrics.md from a ticket's normalised history, in one pass,
 * on the calendar and the business clock. Pure: `now` and the calendars are passed in.
 */
export function computeTicketMetrics(
  timeline: EngineTimeline,
  context: MetricContext,
): TicketMetrics {
  const { ticket, events } = timeline;
  const createdAt = ticket.createdAt;
  const clock = new TicketClock(context.calendars, createdAt, ticket.scheduleId);
  const created = clock.point();
  const replies = new ReplyTracker(created, isCustomerCreated(timeline));
  const status = new StatusTracker(initialStatus(events, createdAt), createdAt);
  let handleTime: Map<Id | null, number> | null = null;
  let satisfaction: SatisfactionScore | null = null;
  let satisfactionAt: Instant | null = null;
  let isMerged = false;
  let reassignments = 0;
  let groupHops = 0;
  const surveys: SurveyResponse[] = [];

  for (const event of events) {
    const at = Math.max(event.at, createdAt);
    if (at > context.now) break;
    advance(clock, status, at);
    switch (event.type) {
      case 'status_change':
        status.change(event.to, clock, event.id);
        break;
      case 'delete':
        status.change('deleted', clock, event.id);
        break;
      case 'comment':
        if (replies.add(event, clock)) status.noteAgentPublicReply();
        break;
      case 'assignee_change':
        if (event.from !== null) reassignments += 1;
        break;
      case 'group_change':
        if (event.from !== null) groupHops += 1;
        break;
      case 'handle_time':
        handleTime ??= new Map();
        handleTime.set(event.agentId, (handleTime.get(event.agentId) ?? 0) + event.seconds);
        break;
      case 'satisfaction':
        satisfaction = event.score;
        satisfactionAt = event.at;
        break;
      case 'survey_answer':
        surveys.push(event.response);
        break;
      case 'schedule_change':
        clock.switchSchedule(event.scheduleId);
        break;
      case 'merge':
        isMerged = true;
        break;
      case 'field_change':
        break;
    }
  }
  advance(clock, status, Math.max(context.now, createdAt));
  status.finish(clock.at);

  const isSolved = SOLVED_STATUSES.has(status.status);
  const firstSolve = status.firstSolve;
  const lastSolve = isSolved ? status.lastSolve : null;
  const hasBusiness = created.businessMs !== null;
  const s = status;
  const requesterWait = toDuration(
    s.newMs + s.openMs + s.holdMs,
    s.newBusinessMs + s.openBusinessMs + s.holdBusinessMs,
    hasBusiness,
  );
  const agentWork = toDuration(s.newMs + s.openMs, s.newBusinessMs + s.openBusinessMs, hasBusiness);
  const agentWait = toDuration(s.pendingMs, s.pendingBusinessMs, hasBusiness);
  const onHold = toDuration(s.holdMs, s.holdBusinessMs, hasBusiness);
  const solveTime = toDuration(
    s.newMs + s.openMs + s.holdMs + s.pendingMs,
    s.newBusinessMs + s.openBusinessMs + s.holdBusinessMs + s.pendingBusinessMs,
    hasBusiness,
  );
  const reopens = status.reopens;
  const handle = handleTimeTotals(handleTime);

  return {
    ticketId: ticket.id,
    status: status.status,
    createdAt,
    firstSolvedAt: firstSolve?.point.at ?? null,
    lastSolvedAt: lastSolve?.point.at ?? null,
    isMerged,
    firstReply: replies.firstReply
      ? durationBetween(created, replies.firstReply.point)
      : nullDuration(),
    customerFirstReply: firstIntervalDuration(replies),
    replyIntervals: replies.intervals,
    awaitingReplySince: replies.awaitingReplySince,
    totalReply: totalReplyDuration(replies, created.businessMs !== null),
    firstResolution: firstSolve ? durationBetween(created, firstSolve.point) : nullDuration(),
    fullResolution: lastSolve ? durationBetween(created, lastSolve.point) : nullDuration(),
    requesterWait: isSolved ? requesterWait : nullDuration(),
    agentWait: isSolved ? agentWait : nullDuration(),
    onHold: isSolved ? onHold : nullDuration(),
    agentWork: isSolved ? agentWork : nullDuration(),
    solveTime: isSolved ? solveTime : nullDuration(),
    running: { requesterWait, agentWait, onHold, agentWork },
    reopens,
    agentReplies: replies.agentReplies,
    touch: isSolved ? classifyTouch(replies.agentReplies) : null,
    fcrStrict: isSolved
      ? replies.agentReplies >= 1 && reopens.length === 0 && !status.everPendingOrHold
      : null,
    handleTimeSeconds: handle.seconds,
    handleTimeByAgent: handle.byAgent,
    satisfaction,
    satisfactionAt,
    surveys,
    behaviour: {
      customerMessages: replies.customerMessages,
      reassignments,
      groupHops,
      channelSwitches: replies.channelSwitches,
    },
    explanation: {
      scheduleIds: clock.scheduleIds,
      firstReply: replies.firstReplySpan(),
      customerFirstReply: replies.intervals[0] ? spanOf(replies.intervals[0]) : null,
      firstResolution: firstSolve ? solveSpan(createdAt, firstSolve) : null,
      fullResolution: lastSolve ? solveSpan(createdAt, lastSolve) : null,
      statusSegments: status.segments,
    },
  };
}

/** Moves the clock to `at`, billing the elapsed time to the status the ticket was in. */
function advance(clock: TicketClock, status: StatusTracker, at: Instant): void {
  const before = clock.at;
  const businessMs = clock.advance(at);
  status.accumulate(Math.max(0, at - before), businessMs);
}

/** The status the ticket was created in: a status change at creation if the history has one. */
function initialStatus(events: readonly TicketEvent[], createdAt: Instant): TicketStatus {
  for (const event of events) {
    if (event.at > createdAt) break;
    if (event.type === 'status_change' && event.from === null) return event.to;
  }
  return 'new';
}

/**
 * Whether the customer opened the ticket, so a reply clock runs from creation. The creating
 * comment's author decides; without one, a ticket submitted by its requester counts as theirs.
 */
function isCustomerCreated({ ticket, events }: EngineTimeline): boolean {
  for (const event of events) {
    if (event.at > ticket.createdAt) break;
    if (event.type === 'comment' && event.isCreating) return event.authorKind === 'end_user';
  }
  return ticket.submitterId === null || ticket.submitterId === ticket.requesterId;
}

function firstIntervalDuration(replies: ReplyTracker): Duration {
  const first = replies.intervals[0];
  if (first === undefined) return nullDuration();
  return { calendar: first.calendarSeconds, business: first.businessSeconds };
}

function totalReplyDuration(replies: ReplyTracker, hasBusiness: boolean): Duration {
  if (replies.intervals.length === 0) return nullDuration();
  let calendar = 0;
  let business = 0;
  for (const interval of replies.intervals) {
    calendar += interval.calendarSeconds;
    business += interval.businessSeconds ?? 0;
  }
  return durationFromMs(calendar * 1000, hasBusiness ? business * 1000 : null);
}

function handleTimeTotals(byAgent: ReadonlyMap<Id | null, number> | null): {
  seconds: number | null;
  byAgent: Record<Id, number>;
} {
  if (byAgent === null) return { seconds: null, byAgent: {} };
  let total = 0;
  const perAgent: Record<Id, number> = {};
  for (const [agentId, seconds] of byAgent) {
    total += seconds;
    // Edits that lower a total are negative deltas: clamp per agent, keep the ticket total authoritative.
    if (agentId !== null) perAgent[agentId] = Math.max(0, seconds);
  }
  return { seconds: Math.max(0, total), byAgent: perAgent };
}

function spanOf(span: Span): Span {
  return { fromEventId: span.fromEventId, toEventId: span.toEventId, from: span.from, to: span.to };
}

function solveSpan(createdAt: Instant, solve: { point: { at: Instant }; eventId: Id }): Span {
  return { fromEventId: null, toEventId: solve.eventId, from: createdAt, to: solve.point.at };
}
