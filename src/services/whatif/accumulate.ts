import { PRIORITIES, type Instant, type Priority, type SlaMetric } from '../../domain/index.js';
import { SlaMetricSchema } from '../../domain/index.js';
import type { SlaOutcome } from '../../metrics/sla.js';
import { quantile } from '../../metrics/stats.js';
import {
  WHATIF_DURATIONS,
  type Comparison,
  type DurationStats,
  type SlaCounts,
  type SlaRow,
} from './contracts.js';

/** A growable column of numbers: one ticket's value costs 8 bytes, not an object. */
class Column {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  /** n, median and p90 by stats.ts's quantile (R type 7), the board's definition of both. */
  stats(): DurationStats {
    const n = this.length;
    if (n === 0) return { n, median: null, p90: null };
    const sorted = this.data.slice(0, n).sort();
    return { n, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
  }
}

const METRICS = SlaMetricSchema.options;
const PRIORITY_KEYS: readonly (Priority | null)[] = [...PRIORITIES, null];

/** Counts and durations of one scope (the whole range, a month, a slice value), both sides. */
export class ScopeTally {
  tickets = 0;
  // [current achieved, current breached, proposed achieved, proposed breached] per metric × priority.
  private readonly sla = new Map<string, Int32Array>();
  private readonly current = WHATIF_DURATIONS.map(() => new Column());
  private readonly proposed = WHATIF_DURATIONS.map(() => new Column());

  add(
    priority: Priority | null,
    currentBusiness: ArrayLike<number>,
    proposedBusiness: ArrayLike<number>,
    currentOutcomes: readonly SlaOutcome[],
    proposedOutcomes: readonly SlaOutcome[],
  ): void {
    this.tickets += 1;
    for (let k = 0; k < WHATIF_DURATIONS.length; k += 1) {
      const c = currentBusiness[k] ?? NaN;
      const p = proposedBusiness[k] ?? NaN;
      if (!Number.isNaN(c)) this.current[k]?.push(c);
      if (!Number.isNaN(p)) this.proposed[k]?.push(p);
    }
    for (const o of currentOutcomes) this.count(o.metric, priority, o.achieved ? 0 : 1);
    for (const o of proposedOutcomes) this.count(o.metric, priority, o.achieved ? 2 : 3);
  }

  private count(metric: SlaMetric, priority: Priority | null, slot: number): void {
    const key = `${metric}|${priority ?? ''}`;
    let counts = this.sla.get(key);
    if (counts === undefined) {
      counts = new Int32Array(4);
      this.sla.set(key, counts);
    }
    counts[slot] = (counts[slot] ?? 0) + 1;
  }

  /** The scope's comparison: SLA rows in metric then priority order (no-priority last). */
  result(): Comparison {
    const sla: SlaRow[] = [];
    for (const metric of METRICS) {
      for (const priority of PRIORITY_KEYS) {
        const counts = this.sla.get(`${metric}|${priority ?? ''}`);
        if (counts === undefined) continue;
        sla.push({
          metric,
          priority,
          current: rate(counts[0] ?? 0, counts[1] ?? 0),
          proposed: rate(counts[2] ?? 0, counts[3] ?? 0),
        });
      }
    }
    return {
      tickets: this.tickets,
      sla,
      durations: WHATIF_DURATIONS.map((metric, k) => ({
        metric,
        current: this.current[k]?.stats() ?? { n: 0, median: null, p90: null },
        proposed: this.proposed[k]?.stats() ?? { n: 0, median: null, p90: null },
      })),
    };
  }
}

function rate(achieved: number, breached: number): SlaCounts {
  const n = achieved + breached;
  return { achieved, breached, attainment: n === 0 ? null : achieved / n };
}

/**
 * A ticket's outcome on one metric: breached (at its first breach) when any of its instances
 * is, achieved (at its last fulfilment) when all that have an outcome are, none otherwise.
 * Next-reply targets have one instance per customer turn; the ticket flips when this changes.
 */
export function ticketOutcome(
  outcomes: readonly SlaOutcome[],
  metric: SlaMetric,
): { achieved: boolean; at: Instant } | null {
  let achievedAt: Instant | null = null;
  let breachedAt: Instant | null = null;
  for (const o of outcomes) {
    if (o.metric !== metric) continue;
    if (o.achieved) achievedAt = achievedAt === null ? o.at : Math.max(achievedAt, o.at);
    else breachedAt = breachedAt === null ? o.at : Math.min(breachedAt, o.at);
  }
  if (breachedAt !== null) return { achieved: false, at: breachedAt };
  return achievedAt === null ? null : { achieved: true, at: achievedAt };
}

export { METRICS as SLA_METRICS };
