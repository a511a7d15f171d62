import { createBusinessCalendar } from '../../src/metrics/business-calendar.js';
import { effortInputsOf, estimateEffort } from '../../src/metrics/effort.js';
import type { CalendarSet } from '../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../src/metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

export interface EngineBenchResult {
  tickets: number;
  events: number;
  batchSize: number;
  /** Timelines per second over the whole set, batches' compute only (one core). */
  overallPerSecond: number;
  /** Median batch rate: the headline, robust to a batch hit by a GC pause or a noisy neighbour. */
  medianBatchPerSecond: number;
  minBatchPerSecond: number;
  maxBatchPerSecond: number;
}

/**
 * Metric-engine throughput for a full recompute: every ticket's metrics on both clocks (NY hours
 * with holidays) plus its effort estimate. Tickets arrive in batches, as a recompute streams them
 * from the store, so a million tickets never sit in memory at once; only the compute is timed.
 */
export function benchMetricEngine(tickets: number, batchSize = 50_000): EngineBenchResult {
  const calendar = createBusinessCalendar(benchSchedule);
  const calendars: CalendarSet = { defaultCalendar: calendar, byId: new Map() };
  const now = Date.UTC(2025, 0, 1);
  const random = createRandom(42);
  const rates: number[] = [];
  let events = 0;
  let totalNs = 0n;
  let sink = 0;
  const compute = (batch: readonly TicketTimeline[]): void => {
    for (const timeline of batch) {
      const metrics = computeTicketMetrics(timeline, { now, calendars });
      sink += estimateEffort(effortInputsOf(metrics, 0)).score;
    }
  };
  compute(makeBatch(random, 0, batchSize)); // JIT warm-up, not timed
  for (let done = 0; done < tickets; done += batchSize) {
    const size = Math.min(batchSize, tickets - done);
    const batch = makeBatch(random, done, size);
    for (const t of batch) events += t.events.length;
    const start = process.hrtime.bigint();
    compute(batch);
    const elapsed = process.hrtime.bigint() - start;
    totalNs += elapsed;
    rates.push(size / (Number(elapsed) / 1e9));
  }
  if (sink < 0) console.log(sink); // keeps the results observable so no work is optimised away
  rates.sort((a, b) => a - b);
  return {
    tickets,
    events,
    batchSize,
    overallPerSecond: tickets / (Number(totalNs) / 1e9),
    medianBatchPerSecond: rates[Math.floor(rates.length / 2)] ?? 0,
    minBatchPerSecond: rates[0] ?? 0,
    maxBatchPerSecond: rates.at(-1) ?? 0,
  };
}

function makeBatch(random: () => number, offset: number, size: number): TicketTimeline[] {
  const batch: TicketTimeline[] = [];
  for (let i = 0; i < size; i++) batch.push(syntheticTimeline(offset + i, random));
  return batch;
}
