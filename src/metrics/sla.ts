import type {
  Id,
  Instant,
  Priority,
  SlaMetric,
  SlaPolicy,
  SlaTarget,
  TicketStatus,
} from '../domain/index.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { RateSummary } from './stats.js';
import { summarizeRate } from './stats.js';
import type { Span, StatusSegment } from './types.js';

export type SlaState = 'achieved' | 'breached' | 'active' | 'paused';

/** One SLA target instance (metrics.md §11): ticket × metric × cycle. */
export interface SlaInstance {
  ticketId: string;
  metric: SlaMetric;
  targetSeconds: number;
  businessHours: boolean;
  startAt: Instant;
  /** When the target is (or, if still running, will be) breached; null while paused or never. */
  breachAt: Instant | null;
  fulfilledAt: Instant | null;
  state: SlaState;
}

/**
 * What an SLA evaluation reads of a ticket's metrics: any TicketMetrics is one, and the clock
 * kernel builds one from its columns without computing the rest.
 */
export interface SlaTicketView {
  ticketId: Id;
  status: TicketStatus;
  createdAt: Instant;
  firstSolvedAt: Instant | null;
  lastSolvedAt: Instant | null;
  replyIntervals: readonly Pick<Span, 'from' | 'to'>[];
  awaitingReplySince: Instant | null;
  explanation: {
    firstReply: Pick<Span, 'to'> | null;
    statusSegments: readonly StatusSegment[];
  };
}

/** The statuses a pausable metric's clock runs in; the other metrics run in cycles. */
export const COUNTED: Partial<Record<SlaMetric, ReadonlySet<TicketStatus>>> = {
  requester_wait_time: new Set(['new', 'open', 'hold']),
  agent_work_time: new Set(['new', 'open']),
};

/**
 * Evaluates a ticket against the targets of its policy that match its priority, as of `now`.
 * Business-hours targets need `calendar`; without one they are skipped rather than guessed.
 * Breach is strict: a target fulfilled exactly at its breach instant is achieved.
 */
export function evaluateSla(
  metrics: SlaTicketView,
  priority: Priority | null,
  policy: SlaPolicy,
  calendar: BusinessCalendar | null,
  now: Instant,
): SlaInstance[] {
  const instances: SlaInstance[] = [];
  for (const target of targetsFor(policy, priority)) {
    if (target.businessHours && calendar === null) continue;
    const clock = target.businessHours ? calendar : null;
    const counted = COUNTED[target.metric];
    if (counted !== undefined) {
      instances.push(pausable(metrics, target, counted, clock, now));
      continue;
    }
    for (const cycle of cyclesOf(metrics, target.metric)) {
      const breachAt = addTarget(clock, cycle.startAt, target.targetSeconds);
      instances.push({
        ...base(metrics, target),
        ...cycle,
        breachAt,
        state: stateOf(breachAt, cycle.fulfilledAt, now),
      });
    }
  }
  return instances;
}

/** An SLA instance's outcome as of `asOf`: achieved or breached, at the instant that decided it. */
export interface SlaOutcome {
  metric: SlaMetric;
  achieved: boolean;
  at: Instant;
}

/**
 * The outcome of stored instance times as of `asOf` (no event since the analysis, or it would have
 * been re-analysed), by {@link evaluateSla}'s rules: fulfilled not after the breach instant is
 * achieved at the fulfilment; otherwise breached at the breach instant once it has passed; still
 * running (or paused) is no outcome yet.
 */
export function slaOutcome(
  times: { metric: SlaMetric; breachAt: Instant | null; fulfilledAt: Instant | null },
  asOf: Instant,
): SlaOutcome | null {
  const { metric, breachAt, fulfilledAt } = times;
  const state = stateOf(breachAt, fulfilledAt, asOf);
  if (state === 'achieved' && fulfilledAt !== null)
    return { metric, achieved: true, at: fulfilledAt };
  if (state === 'breached' && breachAt !== null) return { metric, achieved: false, at: breachAt };
  return null;
}

/** Attainment per metric: achieved ÷ (achieved + breached); active and paused instances are excluded. */
export function slaAttainment(
  instances: Iterable<SlaInstance>,
): Partial<Record<SlaMetric, RateSummary>> {
  const counts = new Map<SlaMetric, { achieved: number; breached: number }>();
  for (const instance of instances) {
    const c = counts.get(instance.metric) ?? { achieved: 0, breached: 0 };
    if (instance.state === 'achieved') c.achieved += 1;
    if (instance.state === 'breached') c.breached += 1;
    counts.set(instance.metric, c);
  }
  const result: Partial<Record<SlaMetric, RateSummary>> = {};
  for (const [metric, c] of counts)
    result[metric] = summarizeRate(c.achieved, c.achieved + c.breached);
  return result;
}

/** The policy's targets that apply to a priority, one per metric, in the order evaluateSla uses. */
export function targetsFor(policy: SlaPolicy, priority: Priority | null): SlaTarget[] {
  const byMetric = new Map<SlaMetric, SlaTarget>();
  for (const target of policy.targets) {
    // A priority-specific target wins over the catch-all one for the same metric.
    if (target.priority !== null && target.priority !== priority) continue;
    const existing = byMetric.get(target.metric);
    if (existing === undefined || existing.priority === null) byMetric.set(target.metric, target);
  }
  return [...byMetric.values()];
}

function cyclesOf(
  m: SlaTicketView,
  metric: SlaMetric,
): { startAt: Instant; fulfilledAt: Instant | null }[] {
  if (metric === 'first_reply_time') {
    // A solve with no reply fulfils a reply-time target (dbt CHANGELOG; Zendesk behaviour).
    const candidates = [m.explanation.firstReply?.to, m.firstSolvedAt].filter(
      (t): t is number => t != null,
    );
    return [
      { startAt: m.createdAt, fulfilledAt: candidates.length > 0 ? Math.min(...candidates) : null },
    ];
  }
  if (metric === 'next_reply_time') {
    const cycles: { startAt: Instant; fulfilledAt: Instant | null }[] = m.replyIntervals
      .filter((i) => i.from > m.createdAt)
      .map((i) => ({ startAt: i.from, fulfilledAt: i.to }));
    if (m.awaitingReplySince !== null && m.awaitingReplySince > m.createdAt) {
      cycles.push({ startAt: m.awaitingReplySince, fulfilledAt: null });
    }
    return cycles;
  }
  return [{ startAt: m.createdAt, fulfilledAt: m.lastSolvedAt }];
}

function pausable(
  m: SlaTicketView,
  target: SlaTarget,
  counted: ReadonlySet<TicketStatus>,
  clock: BusinessCalendar | null,
  now: Instant,
): SlaInstance {
  let remainingMs = target.targetSeconds * 1000;
  let breachAt: Instant | null = null;
  const segments: readonly StatusSegment[] = m.explanation.statusSegments;
  for (const s of segments) {
    if (!counted.has(s.status)) continue;
    const spent =
      clock === null ? s.to - s.from : clock.cumulativeMs(s.to) - clock.cumulativeMs(s.from);
    if (spent >= remainingMs) {
      breachAt = addMs(clock, s.from, remainingMs);
      break;
    }
    remainingMs -= spent;
  }
  const fulfilledAt = m.lastSolvedAt;
  const running = counted.has(m.status);
  if (breachAt === null && fulfilledAt === null && running)
    breachAt = addMs(clock, now, remainingMs);
  const state =
    breachAt === null && fulfilledAt === null ? 'paused' : stateOf(breachAt, fulfilledAt, now);
  return { ...base(m, target), startAt: m.createdAt, fulfilledAt, breachAt, state };
}

function stateOf(breachAt: Instant | null, fulfilledAt: Instant | null, now: Instant): SlaState {
  if (fulfilledAt !== null)
    return breachAt !== null && breachAt < fulfilledAt ? 'breached' : 'achieved';
  return breachAt !== null && breachAt <= now ? 'breached' : 'active';
}

function base(m: SlaTicketView, target: SlaTarget) {
  return {
    ticketId: m.ticketId,
    metric: target.metric,
    targetSeconds: target.targetSeconds,
    businessHours: target.businessHours,
  };
}

function addTarget(
  clock: BusinessCalendar | null,
  from: Instant,
  targetSeconds: number,
): Instant | null {
  return addMs(clock, from, targetSeconds * 1000);
}

function addMs(clock: BusinessCalendar | null, from: Instant, ms: number): Instant | null {
  if (clock === null) return from + ms;
  const at = clock.addBusinessMs(from, ms);
  return Number.isFinite(at) ? at : null;
}
