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

const ROW = PRIORITY_KEYS.length * 4;
const STRIDE = WHATIF_DURATIONS.length;
/** Tickets per chunk of kept durations: growing never copies, and wastes one chunk at most. */
const CHUNK_TICKETS = 65_536;

/** The SLA counts of one scope (the whole range, a month, a slice value), both sides. */
class SlaTally {
  tickets = 0;
  // [current achieved, current breached, proposed achieved, proposed breached] at
  // metric × priority: an array of counts, so a ticket costs no key and no allocation.
  readonly counts = new Int32Array(SLA_METRICS.length * ROW);

  add(batch: ReplayedBatch, i: number): void {
    this.tickets += 1;
    const at = (batch.priorities[i] ?? 0) * 4;
    this.count(batch.current, i, at);
    this.count(batch.proposed, i, at + 2);
  }

  private count(outcomes: SlaOutcomes, i: number, at: number): void {
    for (let o = outcomes.start[i] ?? 0; o < (outcomes.start[i + 1] ?? 0); o += 1) {
      const slot = (outcomes.metric[o] ?? 0) * ROW + at + (outcomes.achieved[o] === 1 ? 0 : 1);
      this.counts[slot] = (this.counts[slot] ?? 0) + 1;
    }
  }

  /** The SLA rows in metric then priority order (no-priority last). */
  rows(): SlaRow[] {
    const sla: SlaRow[] = [];
    SLA_METRICS.forEach((metric, m) => {
      PRIORITY_KEYS.forEach((priority, p) => {
        const counts = this.counts.subarray(m * ROW + p * 4, m * ROW + p * 4 + 4);
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
    return sla;
  }
}

/** A run of kept tickets: their durations on both sides (NaN = none) and their scopes. */
interface Chunk {
  current: Float64Array;
  proposed: Float64Array;
  month: Int32Array;
  slice: Int32Array;
  length: number;
}

/** Scopes of one kind (months, slice values), numbered in the order first seen. */
class Scopes {
  readonly index = new Map<string, number>();
  readonly tallies: SlaTally[] = [];

  of(key: string): number {
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.tallies.length;
      this.index.set(key, at);
      this.tallies.push(new SlaTally());
    }
    return at;
  }
}

/**
 * Counts and durations of a replay, overall, per month and per slice value, both sides. The
 * durations are kept once per ticket (8 bytes per value, NaN for none, plus the ticket's month
 * and slice), not once per scope: the median and p90 of each scope are found at the end, its
 * values gathered by a counting sort into one scratch array. The same values per scope, so the
 * same statistics as a column per scope gave, in about a third of the memory (issue 16: a
 * replay of 1,000,000 tickets within 512 MB).
 */
export class ReplayTally {
  private readonly overall = new SlaTally();
  private readonly months = new Scopes();
  private readonly slices = new Scopes();
  private readonly chunks: Chunk[] = [];
  private tickets = 0;

  /** Adds ticket i of a replayed batch, created in `month`, of slice value `slice` (or none). */
  add(batch: ReplayedBatch, i: number, month: string, slice: string | null): void {
    this.overall.add(batch, i);
    const m = this.months.of(month);
    this.months.tallies[m]?.add(batch, i);
    let s = -1;
    if (slice !== null) {
      s = this.slices.of(slice);
      this.slices.tallies[s]?.add(batch, i);
    }
    let chunk = this.chunks.at(-1);
    if (chunk === undefined || chunk.length === CHUNK_TICKETS) {
      chunk = {
        current: new Float64Array(CHUNK_TICKETS * STRIDE),
        proposed: new Float64Array(CHUNK_TICKETS * STRIDE),
        month: new Int32Array(CHUNK_TICKETS),
        slice: new Int32Array(CHUNK_TICKETS),
        length: 0,
      };
      this.chunks.push(chunk);
    }
    const t = chunk.length;
    for (let k = 0; k < STRIDE; k += 1) {
      chunk.current[t * STRIDE + k] = batch.currentBusiness[i * STRIDE + k] ?? NaN;
      chunk.proposed[t * STRIDE + k] = batch.proposedBusiness[i * STRIDE + k] ?? NaN;
    }
    chunk.month[t] = m;
    chunk.slice[t] = s;
    chunk.length += 1;
    this.tickets += 1;
  }

  /** The whole range's comparison. */
  overallResult(): Comparison {
    return comparison(this.overall, this.durations(null, 1)[0] ?? []);
  }

  /** Each month's comparison, by month key, in the order first seen. */
  monthResults(): Map<string, Comparison> {
    return this.results(this.months, 'month');
  }

  /** Each slice value's comparison, by value, in the order first seen. */
  sliceResults(): Map<string, Comparison> {
    return this.results(this.slices, 'slice');
  }

  private results(scopes: Scopes, tag: 'month' | 'slice'): Map<string, Comparison> {
    const durations = this.durations(tag, scopes.tallies.length);
    const out = new Map<string, Comparison>();
    for (const [key, at] of scopes.index) {
      const tally = scopes.tallies[at];
      if (tally !== undefined) out.set(key, comparison(tally, durations[at] ?? []));
    }
    return out;
  }

  /**
   * Per scope (by its number under `tag`; one scope when null), the duration rows. Each
   * column's values are gathered scope by scope into one scratch array (a counting sort), then
   * each scope's median and p90 are selected in its stretch of it.
   */
  private durations(tag: 'month' | 'slice' | null, scopes: number): DurationRowParts[][] {
    const scratch = new Float64Array(this.tickets);
    const rows: DurationRowParts[][] = Array.from({ length: scopes }, () => []);
    WHATIF_DURATIONS.forEach((metric, k) => {
      const current = this.gather('current', k, tag, scopes, scratch);
      const proposed = this.gather('proposed', k, tag, scopes, scratch);
      for (let s = 0; s < scopes; s += 1)
        rows[s]?.push({
          metric,
          current: current[s] ?? EMPTY,
          proposed: proposed[s] ?? EMPTY,
        });
    });
    return rows;
  }

  private gather(
    side: 'current' | 'proposed',
    k: number,
    tag: 'month' | 'slice' | null,
    scopes: number,
    scratch: Float64Array,
  ): DurationStats[] {
    // ends[s + 1]: scope s's count, then (summed) where its stretch of `scratch` ends.
    const ends = new Int32Array(scopes + 1);
    for (const chunk of this.chunks) {
      const values = side === 'current' ? chunk.current : chunk.proposed;
      const tags = tag === null ? null : tag === 'month' ? chunk.month : chunk.slice;
      for (let t = 0, v = k; t < chunk.length; t += 1, v += STRIDE) {
        const s = tags === null ? 0 : (tags[t] as number);
        if (s >= 0 && !Number.isNaN(values[v])) ends[s + 1] = (ends[s + 1] as number) + 1;
      }
    }
    for (let s = 1; s <= scopes; s += 1) ends[s] = (ends[s] as number) + (ends[s - 1] as number);
    const next = ends.slice(0, scopes);
    for (const chunk of this.chunks) {
      const values = side === 'current' ? chunk.current : chunk.proposed;
      const tags = tag === null ? null : tag === 'month' ? chunk.month : chunk.slice;
      for (let t = 0, v = k; t < chunk.length; t += 1, v += STRIDE) {
        const s = tags === null ? 0 : (tags[t] as number);
        const value = values[v] as number;
        if (s < 0 || Number.isNaN(value)) continue;
        const at = next[s] as number;
        scratch[at] = value;
        next[s] = at + 1;
      }
    }
    return Array.from({ length: scopes }, (_, s) => {
      const from = ends[s] as number;
      const n = (ends[s + 1] as number) - from;
      return stats(scratch.subarray(from, from + n), n);
    });
  }
}

type DurationRowParts = Comparison['durations'][number];

const EMPTY: DurationStats = { n: 0, median: null, p90: null };

/**
 * n, median and p90 by stats.ts's quantile (R type 7), the board's definition of both, found by
 * selection rather than a sort. Reorders `values`, whose order means nothing.
 */
function stats(values: Float64Array, n: number): DurationStats {
  if (n === 0) return { n, median: null, p90: null };
  const [median = null, p90 = null] = quantilesOfUnsorted(values, n, [0.5, 0.9]);
  return { n, median, p90 };
}

function comparison(tally: SlaTally, durations: DurationRowParts[]): Comparison {
  return { tickets: tally.tickets, sla: tally.rows(), durations };
}

function rate(achieved: number, breached: number): SlaCounts {
  const n = achieved + breached;
  return { achieved, breached, attainment: n === 0 ? null : achieved / n };
}
