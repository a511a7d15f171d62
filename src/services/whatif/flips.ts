import { compareIdsForDisplay, type Id } from '../../domain/index.js';
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

type Flip = WhatIfReport['flips']['tickets'][number];

/**
 * The flips a report lists: the first `limit` in the helpdesk's display order (numeric ids by
 * number), whatever order the store reads tickets in (ids as text, where "10" precedes "9"), ties
 * in the order noted. It holds at most twice `limit`: when full it keeps the first `limit`, and a
 * flip of a ticket after the last one kept is then dropped with one comparison, before any object
 * is made for it.
 */
export class FlipList {
  private items: Flip[] = [];
  private cutoff: Id | null = null;

  constructor(private readonly limit: number) {}

  /** False when a flip of this ticket can no longer be among the first `limit`. */
  admits(ticketId: Id): boolean {
    return (
      this.limit > 0 && (this.cutoff === null || compareIdsForDisplay(ticketId, this.cutoff) < 0)
    );
  }

  add(flip: Flip): void {
    this.items.push(flip);
    if (this.items.length >= 2 * this.limit) {
      this.items = this.first();
      this.cutoff = this.items.at(-1)?.ticketId ?? null;
    }
  }

  /** The listed flips, in display order. */
  first(): Flip[] {
    // Array.prototype.sort is stable: a ticket's flips keep the order they were noted in.
    return this.items
      .sort((a, b) => compareIdsForDisplay(a.ticketId, b.ticketId))
      .slice(0, this.limit);
  }
}

/** Counts (and offers to `listed`) ticket i's metrics whose outcome the proposal flips. */
export function noteFlips(
  flips: WhatIfReport['flips'],
  listed: FlipList,
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
    if (!listed.admits(ticketId)) continue;
    listed.add({
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
