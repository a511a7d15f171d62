import { TICKET_STATUSES, type Instant, type SlaPolicy } from '../domain/index.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { ClockKernelOutput } from './clock-kernel-output.js';
import { COUNTED, targetsFor } from './sla.js';
import { metricIndex, PRIORITY_KEYS, type SlaOutcomes } from './sla-outcomes.js';

const FIRST_REPLY = 0;
const NEXT_REPLY = 1;
const PAUSABLE = 2;
const WHOLE = 3;

/** One target as the columnar evaluation runs it, resolved from the policy once per replay. */
interface ColumnTarget {
  metric: number;
  kind: number;
  ms: number;
  businessHours: boolean;
  /** For a pausable metric: 1 at the index (in TICKET_STATUSES) of each status its clock runs in. */
  counted: Uint8Array;
}

/** A policy's targets per priority (PRIORITY_KEYS order), resolved by evaluateSla's own rules. */
export type ResolvedTargets = readonly (readonly ColumnTarget[])[];

export function resolveTargets(policy: SlaPolicy): ResolvedTargets {
  return PRIORITY_KEYS.map((priority) =>
    targetsFor(policy, priority).map((target) => {
      const counted = COUNTED[target.metric];
      const kind =
        counted !== undefined
          ? PAUSABLE
          : target.metric === 'first_reply_time'
            ? FIRST_REPLY
            : target.metric === 'next_reply_time'
              ? NEXT_REPLY
              : WHOLE;
      return {
        metric: metricIndex(target.metric),
        kind,
        // The same product evaluateSla forms, so the arithmetic after it is the same too.
        ms: target.targetSeconds * 1000,
        businessHours: target.businessHours,
        counted: Uint8Array.from(TICKET_STATUSES, (s) => (counted?.has(s) === true ? 1 : 0)),
      };
    }),
  );
}

/**
 * The SLA outcomes, as of `now`, of every ticket of a clock kernel batch: exactly what
 * `slaOutcome(evaluateSla(kernelSlaView(…)))` gives instance by instance (test/unit/metrics/
 * sla-columns.test.ts holds it to that), read from the kernel's arrays with no object per ticket.
 * `priorities[i]` is ticket i's index in PRIORITY_KEYS.
 */
export function evaluateSlaColumns(
  out: ClockKernelOutput,
  createdAt: ArrayLike<number>,
  priorities: ArrayLike<number>,
  targets: ResolvedTargets,
  now: Instant,
  into: SlaOutcomes,
): void {
  into.begin(out.tickets);
  for (let i = 0; i < out.tickets; i += 1) {
    const calendar = out.ticketCalendars[i] ?? null;
    const created = createdAt[i] ?? 0;
    for (const target of targets[priorities[i] ?? 0] ?? []) {
      // Business-hours targets without a calendar are skipped rather than guessed.
      if (target.businessHours && calendar === null) continue;
      const clock = target.businessHours ? calendar : null;
      if (target.kind === PAUSABLE) pausable(out, i, target, clock, now, into);
      else if (target.kind === NEXT_REPLY) nextReply(out, i, created, target, clock, now, into);
      else {
        const fulfilledAt =
          target.kind === FIRST_REPLY ? firstReply(out, i) : (out.lastSolvedAt[i] ?? NaN);
        into.add(target.metric, addMs(clock, created, target.ms), fulfilledAt, now);
      }
    }
    into.next();
  }
}

/** The first reply, or the first solve when earlier or without one (a solve fulfils it too). */
function firstReply(out: ClockKernelOutput, i: number): Instant {
  const reply = out.firstReplyAt[i] ?? NaN;
  const solved = out.firstSolvedAt[i] ?? NaN;
  if (Number.isNaN(reply)) return solved;
  return Number.isNaN(solved) ? reply : Math.min(reply, solved);
}

/** One cycle per answered customer turn after creation, and one for a turn still waiting. */
function nextReply(
  out: ClockKernelOutput,
  i: number,
  created: Instant,
  target: ColumnTarget,
  clock: BusinessCalendar | null,
  now: Instant,
  into: SlaOutcomes,
): void {
  for (let t = out.intervalStart[i] ?? 0; t < (out.intervalStart[i + 1] ?? 0); t += 1) {
    const from = out.intervalFrom[t] ?? 0;
    if (from > created)
      into.add(target.metric, addMs(clock, from, target.ms), out.intervalTo[t] ?? 0, now);
  }
  const waiting = out.awaitingReplySince[i] ?? NaN;
  if (waiting > created) into.add(target.metric, addMs(clock, waiting, target.ms), NaN, now);
}

/** The clock runs only in the counted statuses; breached once it has run the target's time. */
function pausable(
  out: ClockKernelOutput,
  i: number,
  target: ColumnTarget,
  clock: BusinessCalendar | null,
  now: Instant,
  into: SlaOutcomes,
): void {
  let remainingMs = target.ms;
  let breachAt = NaN;
  for (let s = out.segmentStart[i] ?? 0; s < (out.segmentStart[i + 1] ?? 0); s += 1) {
    if (target.counted[out.segmentStatus[s] ?? 0] !== 1) continue;
    const from = out.segmentFrom[s] ?? 0;
    const to = out.segmentTo[s] ?? 0;
    const spent = clock === null ? to - from : clock.cumulativeMs(to) - clock.cumulativeMs(from);
    if (spent >= remainingMs) {
      breachAt = addMs(clock, from, remainingMs);
      break;
    }
    remainingMs -= spent;
  }
  const fulfilledAt = out.lastSolvedAt[i] ?? NaN;
  const running = target.counted[out.status[i] ?? 0] === 1;
  if (Number.isNaN(breachAt) && Number.isNaN(fulfilledAt) && running)
    breachAt = addMs(clock, now, remainingMs);
  into.add(target.metric, breachAt, fulfilledAt, now);
}

/** A breach instant: NaN where evaluateSla's is null (a schedule with no business time). */
function addMs(clock: BusinessCalendar | null, from: Instant, ms: number): Instant {
  if (clock === null) return from + ms;
  const at = clock.addBusinessMs(from, ms);
  return Number.isFinite(at) ? at : NaN;
}
