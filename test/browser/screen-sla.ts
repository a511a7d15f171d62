import type { Schedule } from '../../src/domain/index.js';
import { SLA_POLICIES } from '../../src/simulator/catalog.js';
import { businessSeconds, type TicketFacts } from './screen-truth.js';

/**
 * SLA attainment as docs/metrics.md defines it, from the test's own ticket facts and the
 * simulator's policy list: the catch-all policy's first-reply and requester-wait targets for the
 * ticket's priority, each decided once — achieved at its fulfilment, or breached at the instant
 * its clock passed the target. Written as plain loops with a bisection, sharing no engine code.
 */

export interface SlaDecision {
  achieved: boolean;
  at: number;
}

interface Target {
  metric: 'first_reply_time' | 'requester_wait_time';
  seconds: number;
  businessHours: boolean;
}

interface PolicyMetric {
  priority: string;
  metric: string;
  target: number;
  business_hours: boolean;
}

/** The policy with no filter conditions applies to every ticket (the one the board uses). */
function catchAllTargets(priority: string | null): Target[] {
  const policy = SLA_POLICIES.find((p) => {
    const filter = p['filter'] as { all: unknown[]; any: unknown[] };
    return filter.all.length === 0 && filter.any.length === 0;
  });
  if (policy === undefined) throw new Error('the simulator has no catch-all SLA policy');
  const targets: Target[] = [];
  for (const m of policy['policy_metrics'] as PolicyMetric[]) {
    if (m.priority !== priority) continue;
    // The periodic-update target has no counterpart in Deskpulse (docs/metrics.md).
    if (m.metric !== 'first_reply_time' && m.metric !== 'requester_wait_time') continue;
    targets.push({ metric: m.metric, seconds: m.target * 60, businessHours: m.business_hours });
  }
  return targets;
}

/** The smallest instant in [from, to] whose elapsed time from `from` reaches `seconds`. */
function crossing(
  elapsed: (a: number, b: number) => number,
  from: number,
  to: number,
  seconds: number,
): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (elapsed(from, mid) >= seconds) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Every decided target of one ticket as of `now` (running and paused ones are left out). */
export function slaDecisions(f: TicketFacts, schedule: Schedule, now: number): SlaDecision[] {
  if (f.status === 'deleted') return [];
  const out: SlaDecision[] = [];
  for (const target of catchAllTargets(f.priority)) {
    const elapsed = (a: number, b: number) =>
      target.businessHours ? businessSeconds(schedule, a, b) : (b - a) / 1000;
    if (target.metric === 'first_reply_time') {
      // A solve without a reply fulfils a reply target, as in Zendesk.
      const done = [f.firstReplyAt, f.firstSolveAt].filter((x): x is number => x !== null);
      const fulfilled = done.length === 0 ? null : Math.min(...done);
      const end = fulfilled ?? now;
      // The breach instant is when the clock first reaches the target: a reply after it (even
      // with the business clock stopped since, at the day's close) came too late.
      const breach =
        elapsed(f.createdAt, end) >= target.seconds
          ? crossing(elapsed, f.createdAt, end, target.seconds)
          : null;
      if (fulfilled !== null && (breach === null || fulfilled <= breach))
        out.push({ achieved: true, at: fulfilled });
      else if (breach !== null) out.push({ achieved: false, at: breach });
      continue;
    }
    // Requester wait: the clock runs while new, open or on hold, and stops at the last solve.
    let left = target.seconds;
    let breach: number | null = null;
    for (const [k, step] of f.statusTimeline.entries()) {
      if (!['new', 'open', 'hold'].includes(step.status)) continue;
      const to = f.statusTimeline[k + 1]?.at ?? now;
      const spent = elapsed(step.at, to);
      if (spent >= left) {
        breach = crossing(elapsed, step.at, to, left);
        break;
      }
      left -= spent;
    }
    if (f.lastSolveAt !== null)
      out.push(
        breach !== null && breach < f.lastSolveAt
          ? { achieved: false, at: breach }
          : { achieved: true, at: f.lastSolveAt },
      );
    else if (breach !== null && breach <= now) out.push({ achieved: false, at: breach });
  }
  return out;
}
