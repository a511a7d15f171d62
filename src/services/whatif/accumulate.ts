import { PRIORITY_KEYS, SLA_METRICS, type SlaOutcomes } from '../../metrics/sla-outcomes.js';
import { quantilesOfUnsorted } from '../../metrics/quantile-select.js';
import {
  WHATIF_DURATIONS,
  type Comparison,
  type DurationStats,
  type SlaCounts,
  type SlaRow,
} from './contracts.js';
import type { ReplayedBatch } from './replay.js';

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

  /**
   * n, median and p90 by stats.ts's quantile (R type 7), the board's definition of both, found by
   * selection rather than a sort. Reorders the column, whose order means nothing.
   */
  stats(): DurationStats {
    const n = this.length;
    if (n === 0) return { n, median: null, p90: null };
    const [median = null, p90 = null] = quantilesOfUnsorted(this.data, n, [0.5, 0.9]);
    return { n, median, p90 };
  }
}

const ROW = PRIORITY_KEYS.length * 4;

/** Counts and durations of one scope (the whole range, a month, a slice value), both sides. */
export class ScopeTally {
  tickets = 0;
  // [current achieved, current breached, proposed achieved, proposed breached] at
  // metric × priority: an array of counts, so a ticket costs no key and no allocation.
  private readonly sla = new Int32Array(SLA_METRICS.length * ROW);
  private readonly current = WHATIF_DURATIONS.map(() => new Column());
  private readonly proposed = WHATIF_DURATIONS.map(() => new Column());

  /** Adds ticket i of a replayed batch. */
  add(batch: ReplayedBatch, i: number): void {
    this.tickets += 1;
    const stride = WHATIF_DURATIONS.length;
    for (let k = 0; k < stride; k += 1) {
      const c = batch.currentBusiness[i * stride + k] ?? NaN;
      const p = batch.proposedBusiness[i * stride + k] ?? NaN;
      if (!Number.isNaN(c)) this.current[k]?.push(c);
      if (!Number.isNaN(p)) this.proposed[k]?.push(p);
    }
    const at = (batch.priorities[i] ?? 0) * 4;
    this.count(batch.current, i, at);
    this.count(batch.proposed, i, at + 2);
  }

  private count(outcomes: SlaOutcomes, i: number, at: number): void {
    for (let o = outcomes.start[i] ?? 0; o < (outcomes.start[i + 1] ?? 0); o += 1) {
      const slot = (outcomes.metric[o] ?? 0) * ROW + at + (outcomes.achieved[o] === 1 ? 0 : 1);
      this.sla[slot] = (this.sla[slot] ?? 0) + 1;
    }
  }

  /** The scope's comparison: SLA rows in metric then priority order (no-priority last). */
  result(): Comparison {
    const sla: SlaRow[] = [];
    SLA_METRICS.forEach((metric, m) => {
      PRIORITY_KEYS.forEach((priority, p) => {
        const counts = this.sla.subarray(m * ROW + p * 4, m * ROW + p * 4 + 4);
        // A row for every metric × priority that has an outcome on either side.
        if (counts.every((n) => n === 0)) return;
        sla.push({
          metric,
          priority,
          current: rate(counts[0] ?? 0, counts[1] ?? 0),
          proposed: rate(counts[2] ?? 0, counts[3] ?? 0),
        });
      });
    });
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
