import { PRIORITY_KEYS, SLA_METRICS, type SlaOutcomes } from '../../metrics/sla-outcomes.js';
import type { WhatIfReport } from './contracts.js';
import type { ReplayedBatch } from './replay.js';

/**
 * A ticket's outcome per metric, written into `achievedAt` and `breachedAt` (NaN for none):
 * breached (at its first breach) when any of its instances is, achieved (at its last fulfilment)
 * when all that have an outcome are. Next-reply targets have one instance per customer turn.
 */
function ticketOutcomes(
  outcomes: SlaOutcomes,
  i: number,
  achievedAt: Float64Array,
  breachedAt: Float64Array,
): void {
  achievedAt.fill(NaN);
  breachedAt.fill(NaN);
  for (let o = outcomes.start[i] ?? 0; o < (outcomes.start[i + 1] ?? 0); o += 1) {
    const m = outcomes.metric[o] ?? 0;
    const at = outcomes.at[o] ?? NaN;
    if (outcomes.achieved[o] === 1) {
      const was = achievedAt[m] ?? NaN;
      achievedAt[m] = Number.isNaN(was) ? at : Math.max(was, at);
    } else {
      const was = breachedAt[m] ?? NaN;
      breachedAt[m] = Number.isNaN(was) ? at : Math.min(was, at);
    }
  }
}

// Scratch per side, reused from ticket to ticket: the flips are rare, the tickets many.
interface Side {
  achievedAt: Float64Array;
  breachedAt: Float64Array;
}
const side = (): Side => ({
  achievedAt: new Float64Array(SLA_METRICS.length),
  breachedAt: new Float64Array(SLA_METRICS.length),
});
const before = side();
const after = side();

/** Counts (and lists, up to `limit`) ticket i's metrics whose outcome the proposal flips. */
export function noteFlips(
  flips: WhatIfReport['flips'],
  limit: number,
  ticketId: string,
  batch: ReplayedBatch,
  i: number,
): void {
  const { current, proposed } = batch;
  if (current.start[i] === current.start[i + 1] && proposed.start[i] === proposed.start[i + 1])
    return;
  ticketOutcomes(current, i, before.achievedAt, before.breachedAt);
  ticketOutcomes(proposed, i, after.achievedAt, after.breachedAt);
  for (let m = 0; m < SLA_METRICS.length; m += 1) {
    const was = decided(before, m);
    const now = decided(after, m);
    if (was === NONE || now === NONE || was === now) continue;
    flips.total += 1;
    if (was === ACHIEVED) flips.achievedToBreached += 1;
    else flips.breachedToAchieved += 1;
    if (flips.tickets.length >= limit) continue;
    flips.tickets.push({
      ticketId,
      metric: SLA_METRICS[m] ?? 'first_reply_time',
      priority: PRIORITY_KEYS[batch.priorities[i] ?? 0] ?? null,
      current: was === ACHIEVED ? 'achieved' : 'breached',
      proposed: now === ACHIEVED ? 'achieved' : 'breached',
      currentAt: new Date(decidedAt(before, m)).toISOString(),
      proposedAt: new Date(decidedAt(after, m)).toISOString(),
    });
  }
}

const NONE = 0;
const ACHIEVED = 1;
const BREACHED = 2;

function decided(side: Side, m: number): number {
  if (!Number.isNaN(side.breachedAt[m] ?? NaN)) return BREACHED;
  return Number.isNaN(side.achievedAt[m] ?? NaN) ? NONE : ACHIEVED;
}

/** The instant that decided the metric's outcome on one side. */
function decidedAt(side: Side, m: number): number {
  const breachedAt = side.breachedAt[m] ?? NaN;
  return Number.isNaN(breachedAt) ? (side.achievedAt[m] ?? NaN) : breachedAt;
}
