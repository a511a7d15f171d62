import { PRIORITIES, SlaMetricSchema, type Instant, type Priority } from '../domain/index.js';
import type { SlaMetric } from '../domain/index.js';

/** SLA metrics in a fixed order: an outcome's metric is its index here. */
export const SLA_METRICS = SlaMetricSchema.options;
/** Priorities in a fixed order, no priority last: a ticket's priority is its index here. */
export const PRIORITY_KEYS: readonly (Priority | null)[] = [...PRIORITIES, null];

export function priorityIndex(priority: Priority | null): number {
  return priority === null ? PRIORITIES.length : PRIORITIES.indexOf(priority);
}

export function metricIndex(metric: SlaMetric): number {
  return SLA_METRICS.indexOf(metric);
}

/**
 * The SLA outcomes of a batch of tickets, column by column, in buffers reused from batch to batch
 * (they only grow): ticket i's are `start[i]` to `start[i + 1]`, each a metric (its index in
 * SLA_METRICS), achieved (1) or breached (0), and the instant that decided it. The same values as
 * {@link slaOutcome}'s objects, without an object per instance.
 */
export class SlaOutcomes {
  start = new Int32Array(1);
  metric = new Uint8Array(256);
  achieved = new Uint8Array(256);
  at = new Float64Array(256);
  private count = 0;
  private ticket = 0;

  /** Empties the buffers for a batch of `tickets` tickets, to be filled in ticket order. */
  begin(tickets: number): void {
    if (this.start.length < tickets + 1) this.start = new Int32Array(tickets + 1);
    this.start[0] = 0;
    this.count = 0;
    this.ticket = 0;
  }

  /** Closes the current ticket's outcomes: the next ones are the next ticket's. */
  next(): void {
    this.ticket += 1;
    this.start[this.ticket] = this.count;
  }

  /**
   * Adds the outcome of an instance's times (NaN for null) as of `asOf` by evaluateSla's rules:
   * fulfilled not after the breach instant is achieved at the fulfilment; otherwise breached at
   * the breach instant once it has passed; still running (or paused) is no outcome yet.
   */
  add(metric: number, breachAt: Instant, fulfilledAt: Instant, asOf: Instant): void {
    if (!Number.isNaN(fulfilledAt)) {
      if (breachAt < fulfilledAt) this.push(metric, 0, breachAt);
      else this.push(metric, 1, fulfilledAt);
    } else if (breachAt <= asOf) this.push(metric, 0, breachAt);
  }

  private push(metric: number, achieved: number, at: Instant): void {
    if (this.count === this.at.length) {
      const size = this.count * 2;
      this.metric = grown(this.metric, new Uint8Array(size));
      this.achieved = grown(this.achieved, new Uint8Array(size));
      this.at = grown(this.at, new Float64Array(size));
    }
    this.metric[this.count] = metric;
    this.achieved[this.count] = achieved;
    this.at[this.count] = at;
    this.count += 1;
  }
}

function grown<T extends Uint8Array | Float64Array>(old: T, next: T): T {
  next.set(old);
  return next;
}

/** Stored instance times as the store reads them (null for none). */
export interface SlaTimes {
  metric: SlaMetric;
  breachAt: Instant | null;
  fulfilledAt: Instant | null;
}

/** The outcomes of stored instance times as of `asOf`, one list per ticket, into `into`. */
export function storedOutcomes(
  stored: readonly (readonly SlaTimes[] | undefined)[],
  tickets: number,
  asOf: Instant,
  into: SlaOutcomes,
): void {
  into.begin(tickets);
  for (let i = 0; i < tickets; i += 1) {
    const list = stored[i];
    if (list !== undefined) {
      for (const t of list)
        into.add(metricIndex(t.metric), t.breachAt ?? NaN, t.fulfilledAt ?? NaN, asOf);
    }
    into.next();
  }
}
