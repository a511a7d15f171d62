import { createBusinessCalendar, type BusinessCalendar } from '../metrics/business-calendar.js';
import type { AgreementMetric, AgreementReason } from '../metrics/agreement-reasons.js';
import { SCHEDULES } from './catalog.js';
import type { SimSnapshot, SimStatus, SimTicket } from './model.js';
import { chance } from './prng.js';
import { scheduleAt } from './schedule-assignment.js';
import { authorKindOf } from './truth.js';

/**
 * Zendesk's Ticket Metrics (`metric_sets`) as Zendesk documents them (zendesk-platform.md §2.2,
 * "About native Support time duration metrics"), computed from the simulator's updates on their
 * own, INCLUDING where Zendesk differs from Deskpulse, so every reason of the agreement catalogue
 * that the wire can show is exercised:
 *
 * - whole minutes, rounded; business minutes on the ticket's own schedule (schedule-assignment.ts:
 *   the one its creating update assigns, or a later one), and for a ticket moved to another
 *   schedule, the whole duration on the schedule applied last before the metric is fulfilled
 *   (reference/metrics.md §14.2, as the Zendesk UI does), where Deskpulse times each stretch
 *   on its own schedule;
 * - `replies` counts every public agent comment, an agent-created ticket's creating one included;
 * - `reply_time` ends at the first public agent comment after the creating one;
 * - the wait metrics and `full_resolution` are fulfilled by a solve and KEPT when the ticket is
 *   reopened, until the next solve updates them;
 * - about 2 % of sets are stale: computed as of the update before the ticket's last solve
 *   (Zendesk updates metric sets asynchronously; a lag over a closing or rating update would
 *   change no value), with that earlier `updated_at`.
 */

const STALE_SHARE = 0.02;
const MINUTE_MS = 60_000;

const calendars = new Map<number, BusinessCalendar>();
function calendarOf(scheduleId: number): BusinessCalendar {
  let cal = calendars.get(scheduleId);
  if (cal === undefined) {
    const schedule = SCHEDULES.find((s) => s.id === String(scheduleId)) ?? SCHEDULES[0];
    if (schedule === undefined) throw new Error('the simulator has no schedule');
    cal = createBusinessCalendar(schedule);
    calendars.set(scheduleId, cal);
  }
  return cal;
}

type Minutes = { calendar: number | null; business: number | null };

/** The values of one metric set, before wire formatting. */
export interface ZendeskMetricValues {
  updatedAt: number;
  solvedAt: number | null;
  reopens: number;
  replies: number;
  reply: Minutes;
  firstResolution: Minutes;
  fullResolution: Minutes;
  requesterWait: Minutes;
  agentWait: Minutes;
  onHold: Minutes;
}

/** Whether this ticket's metric set lags its last update (fixed per seed and ticket). */
export function isStaleMetricSet(seed: number, sim: SimTicket): boolean {
  return sim.updates.length >= 3 && chance(seed, 'stale-metric-set', sim.id) < STALE_SHARE;
}

/** Whether an agent opened the ticket (its creating comment is an agent's). */
export function isAgentCreated(sim: SimTicket): boolean {
  return authorKindOf(sim.submitterId) === 'agent';
}

/** Computes the ticket's metric set as Zendesk would serve it now. */
export function zendeskMetricValues(seed: number, sim: SimTicket): ZendeskMetricValues {
  const updates = isStaleMetricSet(seed, sim) ? beforeLastSolve(sim) : sim.updates;
  // Zendesk times a metric's whole duration on the schedule applied last before it is fulfilled.
  const calendarAt = (at: number) => calendarOf(scheduleAt(sim, at));
  const span = (from: number, to: number): Minutes => {
    const cal = calendarAt(to);
    return {
      calendar: Math.round((to - from) / MINUTE_MS),
      business: Math.round((cal.cumulativeMs(to) - cal.cumulativeMs(from)) / MINUTE_MS),
    };
  };
  // The ticket's stretches in each status, as the updates replay.
  const stretches: Stretch[] = [];
  let status: SimStatus = 'new';
  let since = sim.createdAt;
  const bill = (to: number) => {
    stretches.push({ status, from: since, to });
    since = to;
  };
  let firstReplyAt: number | null = null;
  let firstSolve: number | null = null;
  let lastSolve: number | null = null;
  let waits: Pick<ZendeskMetricValues, 'requesterWait' | 'agentWait' | 'onHold'> | null = null;
  let replies = 0;
  let reopens = 0;
  const agentCreated = isAgentCreated(sim);
  for (const [n, update] of updates.entries()) {
    for (const child of update.children) {
      if (child.kind === 'comment' && child.public && authorKindOf(child.authorId) === 'agent') {
        const creating = n === 0;
        if (!creating || agentCreated) replies += 1;
        if (!creating) firstReplyAt ??= update.at;
      }
      if (child.kind !== 'field' || child.field !== 'status') continue;
      const next = child.value as SimStatus;
      if (n === 0) {
        status = next;
        continue;
      }
      bill(update.at);
      const wasSolved = status === 'solved' || status === 'closed';
      if (wasSolved && next !== 'solved' && next !== 'closed' && next !== 'deleted') reopens += 1;
      status = next;
      if (next === 'solved' || (next === 'closed' && !wasSolved)) {
        firstSolve ??= update.at;
        lastSolve = update.at;
        waits = waitsOf(stretches, calendarAt(update.at));
      }
    }
  }
  const since0 = (to: number | null): Minutes =>
    to === null ? { calendar: null, business: null } : span(sim.createdAt, to);
  const none = { calendar: null, business: null };
  return {
    updatedAt: updates.at(-1)?.at ?? sim.createdAt,
    solvedAt: lastSolve,
    reopens,
    replies,
    reply: since0(firstReplyAt),
    firstResolution: since0(firstSolve),
    fullResolution: since0(lastSolve),
    requesterWait: waits?.requesterWait ?? none,
    agentWait: waits?.agentWait ?? none,
    onHold: waits?.onHold ?? none,
  };
}

/** A stretch of time the ticket spent in one status. */
interface Stretch {
  status: SimStatus;
  from: number;
  to: number;
}

/** The updates before the last one that solved the ticket (all of them when none did). */
function beforeLastSolve(sim: SimTicket): SimTicket['updates'] {
  const solves = (u: SimTicket['updates'][number]) =>
    u.children.some((c) => c.kind === 'field' && c.field === 'status' && c.value === 'solved');
  const last = sim.updates.findLastIndex(solves);
  return last <= 0 ? sim.updates : sim.updates.slice(0, last);
}

/** The wait metrics of the stretches so far, business time on `cal` (the schedule at the solve). */
function waitsOf(
  stretches: readonly Stretch[],
  cal: BusinessCalendar,
): Pick<ZendeskMetricValues, 'requesterWait' | 'agentWait' | 'onHold'> {
  const sum = (...statuses: SimStatus[]): Minutes => {
    let ms = 0;
    let business = 0;
    for (const s of stretches) {
      if (!statuses.includes(s.status)) continue;
      ms += s.to - s.from;
      business += cal.cumulativeMs(s.to) - cal.cumulativeMs(s.from);
    }
    return { calendar: Math.round(ms / MINUTE_MS), business: Math.round(business / MINUTE_MS) };
  };
  return {
    requesterWait: sum('new', 'open', 'hold'),
    agentWait: sum('pending'),
    onHold: sum('hold'),
  };
}

const KEPT_AFTER_REOPEN = ['full_resolution', 'requester_wait', 'agent_wait', 'on_hold'] as const;
const DURATION_METRICS = ['first_reply', 'first_resolution', ...KEPT_AFTER_REOPEN] as const;

/** Per metric (`*`: all of them), the reason a difference from the metric set should get. */
export type ExpectedAgreementReasons = Partial<Record<AgreementMetric | '*', AgreementReason>>;

/**
 * Ground truth for agreement: the reason Deskpulse should give each metric of this ticket that
 * differs from the metric set above, by the simulator's own account of why (`*`: every metric).
 * Reasons that depend on what was synced (window, quarantined updates) are the test's to add.
 */
export function expectedAgreementReasons(
  seed: number,
  sim: SimTicket,
  snap: SimSnapshot,
): ExpectedAgreementReasons {
  if (snap.status === 'deleted') return { '*': 'merged_or_deleted' };
  if (isStaleMetricSet(seed, sim)) return { '*': 'stale_metric_set' };
  const out: ExpectedAgreementReasons = {};
  const solvedBefore = sim.updates.some((u) =>
    u.children.some((c) => c.kind === 'field' && c.field === 'status' && c.value === 'solved'),
  );
  const unsolved = snap.status !== 'solved' && snap.status !== 'closed';
  if (solvedBefore && unsolved) {
    for (const metric of KEPT_AFTER_REOPEN) {
      out[metric] = 'status_treated_differently';
    }
  }
  if (isAgentCreated(sim)) out.replies = 'agent_created_ticket';
  // A later schedule: Zendesk times the whole of every duration fulfilled after the move on it,
  // Deskpulse each stretch on its own (business clock only; the calendar clock agrees).
  if (sim.scheduleChange !== undefined) {
    for (const metric of DURATION_METRICS) out[metric] ??= 'schedule_changed';
  }
  return out;
}
