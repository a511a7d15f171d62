import type { TicketMetrics } from './types.js';

/**
 * Effort estimate (0–100, higher = more effort for the customer), from behaviour alone so it exists
 * for every ticket, not only the few with a survey answer. Each driver earns points with a cap, and
 * the caps add up to 100:
 *
 * | driver                                        | points                          | cap |
 * |-----------------------------------------------|---------------------------------|-----|
 * | customer follow-ups (messages after the first)| 6 each                          | 24  |
 * | reopens                                       | 12 each                         | 24  |
 * | handoffs (reassignments + group hops)         | 5 each                          | 15  |
 * | requester wait (calendar hours)               | 5 × log2(1 + hours / 8)         | 15  |
 * | channel switches by the customer              | 5 each                          | 10  |
 * | repeat contacts (other tickets, prior 7 days) | 6 each                          | 12  |
 *
 * Waiting is logarithmic because the first day of waiting hurts more than the fifth. Reasons are
 * the drivers with points, largest first.
 */
export interface EffortInputs {
  customerFollowUps: number;
  reopens: number;
  handoffs: number;
  requesterWaitHours: number;
  channelSwitches: number;
  repeatContacts: number;
}

export type EffortDriver = keyof EffortInputs;

/** A requester's other tickets created this long before a ticket count as repeat contacts. */
export const REPEAT_CONTACT_WINDOW_MS = 7 * 86_400_000;

export interface EffortEstimate {
  score: number;
  /** Drivers that earned points, largest first; `describeEffort` turns them into reasons. */
  drivers: { driver: EffortDriver; value: number; points: number }[];
}

const RULES: Record<
  EffortDriver,
  { points: (value: number) => number; cap: number; reason: (value: number) => string }
> = {
  customerFollowUps: {
    points: (v) => 6 * v,
    cap: 24,
    reason: (v) => `${plural(v, 'follow-up message')} from the customer`,
  },
  reopens: { points: (v) => 12 * v, cap: 24, reason: (v) => `Reopened ${plural(v, 'time')}` },
  handoffs: {
    points: (v) => 5 * v,
    cap: 15,
    reason: (v) => `Handed between agents or groups ${plural(v, 'time')}`,
  },
  requesterWaitHours: {
    points: (v) => 5 * Math.log2(1 + v / 8),
    cap: 15,
    reason: (v) =>
      `Waited ${v < 48 ? `${String(Math.round(v))} h` : `${String(Math.round(v / 24))} days`} on the team`,
  },
  channelSwitches: {
    points: (v) => 5 * v,
    cap: 10,
    reason: (v) => `Switched channel ${plural(v, 'time')}`,
  },
  repeatContacts: {
    points: (v) => 6 * v,
    cap: 12,
    reason: (v) => `${plural(v, 'other ticket')} in the 7 days before`,
  },
};

const DRIVERS = Object.keys(RULES) as EffortDriver[];
const MAX_REASONS = 3;

/**
 * Scores one set of behaviour inputs. Runs once per ticket on every recompute, so it builds no
 * strings: reasons are formatted on demand by `describeEffort`.
 */
export function estimateEffort(inputs: EffortInputs): EffortEstimate {
  const drivers: EffortEstimate['drivers'] = [];
  let total = 0;
  for (const driver of DRIVERS) {
    const value = inputs[driver];
    if (!(value > 0)) continue;
    const rule = RULES[driver];
    const points = Math.min(rule.cap, rule.points(value));
    total += points;
    // Insertion keeps the list ranked without a comparator call per ticket (at most six drivers).
    const entry = { driver, value, points };
    let i = drivers.length;
    drivers.push(entry);
    for (
      let prev = drivers[i - 1];
      prev !== undefined && prev.points < points;
      prev = drivers[i - 1]
    ) {
      drivers[i] = prev;
      i -= 1;
    }
    drivers[i] = entry;
  }
  return { score: Math.round(total), drivers };
}

/** The top drivers of an estimate as human-readable reasons, largest first. */
export function describeEffort(estimate: EffortEstimate): string[] {
  return estimate.drivers.slice(0, MAX_REASONS).map((d) => RULES[d.driver].reason(d.value));
}

/** The effort inputs of one ticket; `repeatContacts` comes from the requester's other tickets. */
export function effortInputsOf(metrics: TicketMetrics, repeatContacts: number): EffortInputs {
  const wait = metrics.requesterWait.calendar ?? metrics.running.requesterWait.calendar ?? 0;
  return {
    customerFollowUps: Math.max(0, metrics.behaviour.customerMessages - 1),
    reopens: metrics.reopens.length,
    handoffs: metrics.behaviour.reassignments + metrics.behaviour.groupHops,
    requesterWaitHours: wait / 3600,
    channelSwitches: metrics.behaviour.channelSwitches,
    repeatContacts,
  };
}

/**
 * Why a requester's effort is what it is: a driver and on how many of their tickets it earned
 * points. For waiting, a ticket counts only when its wait exceeds `thresholdSeconds` (the team's
 * usual wait, stated to the reader), since every ticket waits a little and "waited on 5 of 5
 * tickets" would tell nothing.
 */
export interface RequesterEffortReason {
  driver: EffortDriver;
  tickets: number;
  /** The wait a ticket had to exceed to count (requester wait only; null for other drivers). */
  thresholdSeconds: number | null;
}

/**
 * A requester's effort: the mean of their recent tickets' scores, with the drivers that earned the
 * most points across those tickets as reasons. The waiting driver counts only tickets that waited
 * longer than `waitThresholdSeconds` (the team's p75 requester wait); with no threshold known it is
 * left out of the reasons (the score still counts it). Null without tickets.
 */
export function estimateRequesterEffort(
  tickets: readonly EffortEstimate[],
  waitThresholdSeconds: number | null,
): { score: number; reasons: RequesterEffortReason[] } | null {
  if (tickets.length === 0) return null;
  const totals = new Map<EffortDriver, { points: number; tickets: number }>();
  for (const ticket of tickets) {
    for (const d of ticket.drivers) {
      if (d.driver === 'requesterWaitHours' && !waitedLonger(d.value, waitThresholdSeconds)) {
        continue;
      }
      const t = totals.get(d.driver) ?? { points: 0, tickets: 0 };
      t.points += d.points;
      t.tickets += 1;
      totals.set(d.driver, t);
    }
  }
  const reasons = [...totals.entries()]
    .sort((a, b) => b[1].points - a[1].points)
    .slice(0, MAX_REASONS)
    .map(([driver, t]) => ({
      driver,
      tickets: t.tickets,
      thresholdSeconds: driver === 'requesterWaitHours' ? waitThresholdSeconds : null,
    }));
  const score = Math.round(tickets.reduce((sum, t) => sum + t.score, 0) / tickets.length);
  return { score, reasons };
}

function waitedLonger(hours: number, thresholdSeconds: number | null): boolean {
  return thresholdSeconds !== null && hours * 3600 > thresholdSeconds;
}

function plural(n: number, noun: string): string {
  return `${String(n)} ${noun}${n === 1 ? '' : 's'}`;
}
