import { createBusinessCalendar } from '../../src/metrics/business-calendar.js';
import { effortInputsOf, estimateEffort } from '../../src/metrics/effort.js';
import type { CalendarSet } from '../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../src/metrics/ticket-metrics.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

/**
 * A profiling target for the engine alone: one batch generated up front, then the engine bench's
 * per-ticket work repeated over it, so a `node --cpu-prof` profile is (almost) only the engine:
 *
 *   node --cpu-prof --cpu-prof-dir=prof dist/test/bench/engine-profile.js [tickets] [passes]
 *   node dist/test/bench/cpuprofile-top.js prof/*.cpuprofile
 */
const [tickets = 50_000, passes = 10] = process.argv.slice(2).map(Number);
const random = createRandom(42);
const batch = Array.from({ length: tickets }, (_, i) => syntheticTimeline(i, random));
const calendars: CalendarSet = {
  defaultCalendar: createBusinessCalendar(benchSchedule),
  byId: new Map(),
};
const now = Date.UTC(2025, 0, 1);
let sink = 0;
const start = process.hrtime.bigint();
for (let pass = 0; pass < passes; pass++) {
  for (const timeline of batch) {
    const metrics = computeTicketMetrics(timeline, { now, calendars });
    sink += estimateEffort(effortInputsOf(metrics, 0)).score;
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `${String(tickets * passes)} timelines in ${seconds.toFixed(2)} s: ${Math.round((tickets * passes) / seconds).toLocaleString('en-US')}/s (checksum ${sink.toFixed(0)})`,
);
