import type { HelpdeskTicketMetrics, Id, Ticket, TicketEvent } from '../domain/index.js';
import { SOLVED_STATUSES } from '../domain/index.js';
import type { AgreementClock, AgreementMetric, AgreementReason } from './agreement-reasons.js';
import type { Duration, TicketMetrics } from './types.js';

/** Differences up to this are rounding: Zendesk stores whole minutes, Deskpulse seconds. */
export const AGREEMENT_TOLERANCE_MINUTES = 1;

/** What a comparison needs: the stored ticket and history, our metrics and Zendesk's. */
export interface AgreementInput {
  ticket: Ticket;
  events: readonly TicketEvent[];
  ours: TicketMetrics;
  theirs: HelpdeskTicketMetrics;
}

/** One metric on one clock of one ticket. Values are minutes (durations) or counts. */
export interface AgreementComparison {
  ticketId: Id;
  metric: AgreementMetric;
  clock: AgreementClock;
  ours: number | null;
  theirs: number | null;
  /** Null when the two agree (within {@link AGREEMENT_TOLERANCE_MINUTES}, or equal counts). */
  reason: AgreementReason | null;
  /** The events that show the reason (empty for agreements and `unexplained`). */
  evidenceEventIds: Id[];
}

type DurationMetric = Exclude<AgreementMetric, 'reopens' | 'replies'>;

const DURATIONS: readonly [
  DurationMetric,
  (m: TicketMetrics) => Duration,
  keyof HelpdeskTicketMetrics,
][] = [
  ['first_reply', (m) => m.firstReply, 'replyMinutes'],
  ['first_resolution', (m) => m.firstResolution, 'firstResolutionMinutes'],
  ['full_resolution', (m) => m.fullResolution, 'fullResolutionMinutes'],
  ['requester_wait', (m) => m.requesterWait, 'requesterWaitMinutes'],
  ['agent_wait', (m) => m.agentWait, 'agentWaitMinutes'],
  ['on_hold', (m) => m.onHold, 'onHoldMinutes'],
];

/**
 * The version of the rules below. Bump it with every change to how a difference is found or
 * explained: stored comparisons made by another version are redone at the next refresh, so the
 * report never mixes reasons from two releases (the history_gap rule for extra reopens is 2).
 */
export const AGREEMENT_RULES_VERSION = 2;

/**
 * Compares Deskpulse's metrics of one ticket with Zendesk's and gives every difference a reason
 * from the catalogue, with the events that show it. Metrics both sides leave null (the end event
 * has not happened) are not comparisons and are left out. Pure.
 */
export function compareTicketAgreement(input: AgreementInput): AgreementComparison[] {
  const out: AgreementComparison[] = [];
  const { ours, theirs } = input;
  const push = (
    metric: AgreementMetric,
    clock: AgreementClock,
    a: number | null,
    b: number | null,
  ) => {
    if (a === null && b === null) return;
    const agrees =
      a !== null &&
      b !== null &&
      Math.abs(a - b) <= (clock === 'count' ? 0 : AGREEMENT_TOLERANCE_MINUTES);
    const found = agrees ? null : explain(input, metric, clock, a, b);
    out.push({
      ticketId: input.ticket.id,
      metric,
      clock,
      ours: a,
      theirs: b,
      reason: found?.reason ?? null,
      evidenceEventIds: found?.eventIds ?? [],
    });
  };
  for (const [metric, of, key] of DURATIONS) {
    const mine = of(ours);
    const zendesk = theirs[key] as { calendar: number | null; business: number | null };
    push(metric, 'calendar', minutes(mine.calendar), zendesk.calendar);
    push(metric, 'business', minutes(mine.business), zendesk.business);
  }
  push('reopens', 'count', ours.reopens.length, theirs.reopens);
  push('replies', 'count', ours.agentReplies, theirs.replies);
  return out;
}

function minutes(seconds: number | null): number | null {
  return seconds === null ? null : seconds / 60;
}

interface Found {
  reason: AgreementReason;
  eventIds: Id[];
}

/** The first reason of the catalogue whose evidence this ticket has, else `unexplained`. */
function explain(
  input: AgreementInput,
  metric: AgreementMetric,
  clock: AgreementClock,
  ours: number | null,
  theirs: number | null,
): Found {
  return (
    mergedOrDeleted(input) ??
    outsideSyncedWindow(input) ??
    staleMetricSet(input) ??
    historyGap(input) ??
    statusTreatedDifferently(input, metric, ours, theirs) ??
    agentCreated(input, metric, ours, theirs) ??
    scheduleChanged(input, clock) ?? { reason: 'unexplained', eventIds: [] }
  );
}

/**
 * Zendesk's connector records a deletion as a status change to `deleted` in the history, while the
 * ticket row keeps its last exported state (deleted tickets are not exported), so the history and
 * our metrics' status are the evidence, not only the row.
 */
function mergedOrDeleted({ ticket, events, ours }: AgreementInput): Found | null {
  const marks = events
    .filter(
      (e) =>
        e.type === 'merge' ||
        e.type === 'delete' ||
        (e.type === 'status_change' && e.to === 'deleted'),
    )
    .map((e) => e.id);
  const deleted = ticket.status === 'deleted' || ours.status === 'deleted';
  if (marks.length === 0 && !ours.isMerged && !deleted) return null;
  return { reason: 'merged_or_deleted', eventIds: marks };
}

/** Zendesk's metrics cover the whole life; our history starts where the sync did. */
function outsideSyncedWindow({ ticket, events }: AgreementInput): Found | null {
  const first = events[0];
  if (first !== undefined && first.at <= ticket.createdAt) return null;
  return { reason: 'outside_synced_window', eventIds: first === undefined ? [] : [first.id] };
}

/** Zendesk recomputes metric sets asynchronously; ours are as of the last synced update. */
function staleMetricSet({ ticket, events, theirs }: AgreementInput): Found | null {
  if (theirs.updatedAt >= ticket.updatedAt) return null;
  const later = events.filter((e) => e.at > theirs.updatedAt).map((e) => e.id);
  return { reason: 'stale_metric_set', eventIds: later };
}

/**
 * A lost update shows as a status change that does not start where the previous one ended, a
 * status history that ends elsewhere than the ticket's status, a ticket updated after its last
 * stored event, or, when a reopen and its re-solve were both lost (the chain still joins up),
 * more reopens in Zendesk's up-to-date metric set than the stored history holds.
 */
function historyGap({ ticket, events, ours, theirs }: AgreementInput): Found | null {
  let previous: TicketEvent | null = null;
  for (const event of events) {
    if (event.type !== 'status_change') continue;
    if (previous?.type === 'status_change' && event.from !== null && event.from !== previous.to) {
      return { reason: 'history_gap', eventIds: [previous.id, event.id] };
    }
    previous = event;
  }
  if (previous?.type === 'status_change' && previous.to !== ticket.status) {
    return { reason: 'history_gap', eventIds: [previous.id] };
  }
  const last = events.at(-1);
  if (last !== undefined && ticket.updatedAt > last.at) {
    return { reason: 'history_gap', eventIds: [last.id] };
  }
  // No stored event shows where the lost reopen was.
  if (theirs.reopens !== null && theirs.reopens > ours.reopens.length) {
    return { reason: 'history_gap', eventIds: [] };
  }
  return null;
}

const KEPT_AFTER_REOPEN: ReadonlySet<AgreementMetric> = new Set([
  'full_resolution',
  'requester_wait',
  'agent_wait',
  'on_hold',
]);

/** Reopened and unsolved: Zendesk keeps the earlier solve's values, we report none until re-solved. */
function statusTreatedDifferently(
  { ours }: AgreementInput,
  metric: AgreementMetric,
  mine: number | null,
  theirs: number | null,
): Found | null {
  const reopen = ours.reopens.at(-1);
  if (!KEPT_AFTER_REOPEN.has(metric) || mine !== null || theirs === null) return null;
  if (reopen === undefined || SOLVED_STATUSES.has(ours.status)) return null;
  return { reason: 'status_treated_differently', eventIds: [reopen.eventId] };
}

/** Zendesk's `replies` includes an agent's public creating comment; we count replies only. */
function agentCreated(
  { events }: AgreementInput,
  metric: AgreementMetric,
  mine: number | null,
  theirs: number | null,
): Found | null {
  if (metric !== 'replies' || mine === null || theirs !== mine + 1) return null;
  const creating = events.find((e) => e.type === 'comment' && e.isCreating);
  if (creating?.type !== 'comment' || !creating.public || creating.authorKind !== 'agent') {
    return null;
  }
  return { reason: 'agent_created_ticket', eventIds: [creating.id] };
}

/**
 * Zendesk measures business time on the last schedule; we measure each stretch on its own. Only a
 * move after creation counts: the creating update's assignment is every ticket's first schedule.
 */
function scheduleChanged({ ticket, events }: AgreementInput, clock: AgreementClock): Found | null {
  if (clock !== 'business') return null;
  let current = ticket.scheduleId;
  const moves: Id[] = [];
  for (const event of events) {
    if (event.type !== 'schedule_change') continue;
    if (event.at > ticket.createdAt && event.scheduleId !== current) moves.push(event.id);
    current = event.scheduleId;
  }
  return moves.length === 0 ? null : { reason: 'schedule_changed', eventIds: moves };
}
