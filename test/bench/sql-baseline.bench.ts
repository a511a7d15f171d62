import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createBusinessCalendar } from '../../src/metrics/business-calendar.js';
import { runClockKernel } from '../../src/metrics/clock-kernel.js';
import { ClockKernelOutput, KERNEL_STRIDE } from '../../src/metrics/clock-kernel-output.js';
import type { CalendarSet } from '../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../src/metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';
import { compareWithSql, METRICS, type EngineValues } from './sql-baseline-compare.js';
import { openCopyStreams, type CopyStreams } from './sql-baseline-load.js';
import { createTablesSql, indexTablesSql, metricsQuerySql } from './sql-baseline.sql.js';
import { toKernelColumns } from '../support/kernel-columns.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

export interface SqlBaselineResult {
  tickets: number;
  statusRows: number;
  commentRows: number;
  /** COPY of the three source tables, then index + ANALYZE: never in a timed figure. */
  loadSeconds: number;
  indexSeconds: number;
  /** Engine, calendar clock only (the SQL's work): sum of the batches' compute time. */
  engineSeconds: number;
  /** The same ticket count at the engine's median batch rate (robust to a noisy batch). */
  engineMedianSeconds: number;
  /** Engine with the NY business calendar as well (what production computes). */
  engineBusinessSeconds: number;
  /** Each run of the SQL query (materialised into a table), in order. */
  sqlRunsSeconds: number[];
  sqlMedianSeconds: number;
  /** SQL median ÷ engine median-batch time: how many times faster the engine is. */
  speedup: number;
  /** SQL median ÷ engine with business time too. */
  speedupWithBusiness: number;
  /** Tickets whose value differs, per metric (0 everywhere is the pass condition). */
  mismatches: Record<string, number>;
  mismatchExamples: string[];
  /** Clock kernel on the same tickets in columnar form, calendar clock only, at its median pass rate. */
  kernelMedianSeconds: number;
  /** The kernel with the NY business calendar as well, at its median pass rate. */
  kernelBusinessMedianSeconds: number;
  /** CPU seconds (user + system) of the timed kernel passes ÷ their wall seconds. */
  kernelCpuPerWall: number;
  /** The calendar-only kernel's CPU seconds for all tickets, at its median pass (load-robust). */
  kernelCpuMedianSeconds: number;
  /** SQL median ÷ kernel median, same run. */
  kernelSpeedup: number;
  kernelSpeedupWithBusiness: number;
  /** The kernel's values against the same SQL result, per metric. */
  kernelMismatches: Record<string, number>;
  kernelMismatchExamples: string[];
  postgres: string;
  workMem: string;
  /** The query's plan (EXPLAIN, not ANALYZE), to see the sorts and any parallel workers. */
  plan: string[];
}

const NOW = Date.UTC(2025, 0, 1);

/**
 * Engine vs a set-based SQL implementation of the same per-ticket calendar metrics over the same
 * synthetic tickets. Batches are generated once: each is timed through the engine (one core,
 * in memory) and streamed into PostgreSQL with COPY (untimed); then the SQL query runs
 * `sqlRuns` times over the loaded tables and its result is compared ticket by ticket.
 */
export async function benchSqlBaseline(options: {
  tickets: number;
  databaseUrl: string;
  batchSize?: number;
  sqlRuns?: number;
  workMem?: string;
}): Promise<SqlBaselineResult> {
  const { tickets, databaseUrl, batchSize = 50_000, sqlRuns = 3, workMem = '256MB' } = options;
  const schema = `bench_sql_${String(process.pid)}_${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(createTablesSql(schema));
    const engine = newEngineValues(tickets);
    const kernel = newEngineValues(tickets);
    const copy = await openCopyStreams(databaseUrl, schema);
    const timed = await engineAndLoad(tickets, batchSize, engine, kernel, copy);
    let start = process.hrtime.bigint();
    const rows = await copy.finish();
    const loadSeconds = timed.loadSeconds + seconds(start);
    start = process.hrtime.bigint();
    await client.query(indexTablesSql(schema));
    const indexSeconds = seconds(start);

    await client.query(`SET work_mem = '${workMem}'`);
    const query = metricsQuerySql(schema);
    const explain = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, [NOW]);
    const sqlRunsSeconds: number[] = [];
    for (let run = 0; run < sqlRuns; run++) {
      await client.query(`DROP TABLE IF EXISTS ${schema}.sql_metrics`);
      start = process.hrtime.bigint();
      await client.query(query, [NOW]);
      sqlRunsSeconds.push(seconds(start));
    }
    const { mismatches, examples } = await compareWithSql(client, schema, engine);
    const kernelCompared = await compareWithSql(client, schema, kernel);
    const sqlMedianSeconds = median(sqlRunsSeconds);
    const engineMedianSeconds = tickets / median(timed.batchRates);
    const kernelMedianSeconds = tickets / median(timed.kernel.rates);
    const kernelBusinessMedianSeconds = tickets / median(timed.kernel.businessRates);
    const version = await client.query<{ v: string }>(`SELECT current_setting('server_version') v`);
    return {
      tickets,
      statusRows: rows.statusRows,
      commentRows: rows.commentRows,
      loadSeconds,
      indexSeconds,
      engineSeconds: timed.engineSeconds,
      engineMedianSeconds,
      engineBusinessSeconds: timed.businessSeconds,
      sqlRunsSeconds,
      sqlMedianSeconds,
      speedup: sqlMedianSeconds / engineMedianSeconds,
      speedupWithBusiness: sqlMedianSeconds / timed.businessSeconds,
      mismatches,
      mismatchExamples: examples,
      kernelMedianSeconds,
      kernelBusinessMedianSeconds,
      kernelCpuPerWall: timed.kernel.cpuSeconds / timed.kernel.wallSeconds,
      kernelCpuMedianSeconds: tickets / median(timed.kernel.cpuRates),
      kernelSpeedup: sqlMedianSeconds / kernelMedianSeconds,
      kernelSpeedupWithBusiness: sqlMedianSeconds / kernelBusinessMedianSeconds,
      kernelMismatches: kernelCompared.mismatches,
      kernelMismatchExamples: kernelCompared.examples,
      postgres: version.rows[0]?.v.split(' ')[0] ?? 'unknown',
      workMem,
      plan: explain.rows.map((r) => r['QUERY PLAN']),
    };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

async function engineAndLoad(
  tickets: number,
  batchSize: number,
  engine: EngineValues,
  kernel: EngineValues,
  copy: CopyStreams,
): Promise<{
  engineSeconds: number;
  businessSeconds: number;
  loadSeconds: number;
  batchRates: number[];
  kernel: KernelTiming;
}> {
  const calendarOnly: CalendarSet = { defaultCalendar: null, byId: new Map() };
  const business: CalendarSet = {
    defaultCalendar: createBusinessCalendar(benchSchedule),
    byId: new Map(),
  };
  const random = createRandom(42);
  const batchRates: number[] = [];
  let engineSeconds = 0;
  let businessSeconds = 0;
  let loadSeconds = 0;
  let sink = 0;
  const kernelTiming: KernelTiming = {
    rates: [],
    businessRates: [],
    cpuRates: [],
    cpuSeconds: 0,
    wallSeconds: 0,
  };
  const kernelOut = new ClockKernelOutput();
  for (let done = 0; done < tickets; done += batchSize) {
    const batch: TicketTimeline[] = [];
    const size = Math.min(batchSize, tickets - done);
    for (let i = 0; i < size; i++) batch.push(syntheticTimeline(done + i, random));
    // JIT warm-up on the first batch (same data again, the engine keeps no state between tickets).
    if (done === 0) {
      for (const calendars of [calendarOnly, business])
        for (const t of batch) computeTicketMetrics(t, { now: NOW, calendars });
    }
    // An untimed pass first: a fresh batch's first pass also pays for the GC promoting it to the
    // old generation, which would bias whichever timed pass came first.
    for (const t of batch)
      sink += computeTicketMetrics(t, { now: NOW, calendars: calendarOnly }).reopens.length;
    let start = process.hrtime.bigint();
    for (let i = 0; i < size; i++) {
      const timeline = batch[i] as TicketTimeline;
      const m = computeTicketMetrics(timeline, { now: NOW, calendars: calendarOnly });
      recordEngine(engine, done + i, m);
    }
    const batchSeconds = seconds(start);
    engineSeconds += batchSeconds;
    batchRates.push(size / batchSeconds);
    start = process.hrtime.bigint();
    for (const t of batch) {
      sink += computeTicketMetrics(t, { now: NOW, calendars: business }).reopens.length;
    }
    businessSeconds += seconds(start);
    timeKernel(toKernelColumns(batch), { calendarOnly, business }, kernelOut, kernelTiming);
    recordKernel(kernel, done, kernelOut);
    start = process.hrtime.bigint();
    await copy.write(batch, done);
    loadSeconds += seconds(start);
  }
  if (sink < 0) console.log(sink); // keeps the business pass observable
  return { engineSeconds, businessSeconds, loadSeconds, batchRates, kernel: kernelTiming };
}

interface KernelTiming {
  rates: number[];
  cpuRates: number[];
  businessRates: number[];
  cpuSeconds: number;
  wallSeconds: number;
}

const KERNEL_PASSES = 5;

/**
 * Times the clock kernel over one batch already in columnar form (the store reads it so; the
 * conversion is not the kernel's work): a warm-up pass, then alternate calendar-only and business
 * passes, each pass one rate, so a noisy pass moves only the tails of the median. The last
 * calendar-only pass is left in `out` for the comparison with the SQL.
 */
function timeKernel(
  columns: ReturnType<typeof toKernelColumns>,
  calendars: { calendarOnly: CalendarSet; business: CalendarSet },
  out: ClockKernelOutput,
  timing: KernelTiming,
): void {
  const tickets = columns.createdAt.length;
  runClockKernel(columns, calendars.business, NOW, out);
  for (let pass = 0; pass < KERNEL_PASSES; pass++) {
    for (const withBusiness of [true, false]) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      runClockKernel(columns, withBusiness ? calendars.business : calendars.calendarOnly, NOW, out);
      const wall = seconds(start);
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      timing.cpuSeconds += cpuSeconds;
      timing.wallSeconds += wall;
      if (withBusiness) timing.businessRates.push(tickets / wall);
      else {
        timing.rates.push(tickets / wall);
        timing.cpuRates.push(tickets / cpuSeconds);
      }
    }
  }
}

function recordKernel(kernel: EngineValues, offset: number, out: ClockKernelOutput): void {
  for (let i = 0; i < out.tickets; i++) {
    const k = i * KERNEL_STRIDE;
    kernel.first_reply[offset + i] = out.calendar[k] ?? NaN;
    kernel.first_resolution[offset + i] = out.calendar[k + 1] ?? NaN;
    kernel.full_resolution[offset + i] = out.calendar[k + 2] ?? NaN;
    kernel.requester_wait[offset + i] = out.calendar[k + 3] ?? NaN;
    kernel.reopens[offset + i] = out.reopens[i] ?? NaN;
  }
}

function newEngineValues(tickets: number): EngineValues {
  const values = {} as EngineValues;
  for (const metric of METRICS) values[metric] = new Float64Array(tickets);
  return values;
}

function recordEngine(
  engine: EngineValues,
  index: number,
  m: ReturnType<typeof computeTicketMetrics>,
): void {
  // NaN stands for null (an end event that has not happened).
  engine.first_reply[index] = m.firstReply.calendar ?? NaN;
  engine.first_resolution[index] = m.firstResolution.calendar ?? NaN;
  engine.full_resolution[index] = m.fullResolution.calendar ?? NaN;
  engine.requester_wait[index] = m.requesterWait.calendar ?? NaN;
  engine.reopens[index] = m.reopens.length;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
