import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbeddedJobs } from '../../jobs/embedded.js';
import type { LocalDate } from '../../src/domain/index.js';
import { createConnectorFactory } from '../../src/runtime/connector-factory.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import { openStore } from '../../src/store/index.js';
import { metricsWritesJson, UPSERT_METRICS } from '../../src/store/sql-analytics.js';
import type { StoredTicketMetrics } from '../../src/store/store.js';
import { startSimulatorProcess } from './connector.bench.js';
import { runSpanChild, type SpanFigures } from './rollup-span-child.js';

export interface RollupSpanBenchResult {
  /** Tickets the simulator served and the real pipeline analysed: the documents' models. */
  analysedTickets: number;
  /** Copies of them written, spread evenly over `spanDays` (1M tickets a year ≈ 2,740 a day). */
  tickets: number;
  ticketsPerDay: number;
  claimDays: number;
  loadSeconds: number;
  docCost: SpanFigures;
  /** Each re-roll of the claim, this build's (and, alternating, the baseline build's). */
  runs: SpanFigures[];
  baselineRuns: SpanFigures[];
  /** Whether every run of both builds wrote the same rollups. */
  sameRollups: boolean;
}

const DAY_MS = 86_400_000;
// Far enough back that every copy, its solves and SLA clocks included, lies before the real now.
const WINDOW_START = Date.UTC(2024, 2, 1);
const WRITE_BATCH = 1_000;
// Epoch milliseconds from 2001 to 2286: what the stored documents' instants look like, and no
// duration or count they hold (those are seconds or small numbers).
const INSTANT_MIN = 1e12;
const INSTANT_MAX = 1e13;

/**
 * One `rollups.drain` claim (ROLLUP_BATCH = 16 consecutive days) re-rolled at `ticketsPerDay`
 * (default 1M tickets a year), in a process of its own. Set-up (untimed): the simulator's
 * tickets backfilled through the real pipeline (embedded jobs), then their stored metrics copied
 * under new ids, each copy's instants shifted so its creation lands evenly over `spanDays`; the
 * claim is the 16 days that end two days before the copies do, so its 30-day look-back is full.
 * Measured: the claim's documents' heap per document, then the claim's re-roll `runs` times
 * (alternating with `baselineSpanModule`, a compiled rollup-span.js of another build, if given).
 */
export async function benchRollupSpan(
  databaseUrl: string,
  options: {
    analysedTickets: number;
    ticketsPerDay: number;
    spanDays: number;
    runs: number;
    baselineSpanModule?: string | undefined;
  },
): Promise<RollupSpanBenchResult> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const loadStart = Date.now();
    const installationId = await backfill(databaseUrl, schema, options.analysedTickets);
    const models = await admin.query<{ data: StoredTicketMetrics; version: number }>(
      `SELECT data, timeline_version AS version FROM ${schema}.ticket_metrics
       WHERE installation_id = $1 ORDER BY ticket_id`,
      [installationId],
    );
    const tickets = options.ticketsPerDay * options.spanDays;
    await admin.query(`SET search_path TO ${schema}`);
    await writeCopies(admin, installationId, models.rows, tickets, options.spanDays);
    await admin.query(`ANALYZE ${schema}.ticket_metrics`);
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const days = claimDays(options.spanDays);
    const job = { databaseUrl, schema, installationId, days, now: Date.now() };
    const docCost = await runSpanChild({ ...job, mode: 'doc-cost' });
    const runs: SpanFigures[] = [];
    const baselineRuns: SpanFigures[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      if (options.baselineSpanModule !== undefined) {
        const spanModule = options.baselineSpanModule;
        baselineRuns.push(await runSpanChild({ ...job, mode: 'span', spanModule }));
      }
      runs.push(await runSpanChild({ ...job, mode: 'span' }));
    }
    const digests = new Set([...runs, ...baselineRuns].map((r) => r.digest));
    return {
      analysedTickets: models.rows.length,
      tickets,
      ticketsPerDay: options.ticketsPerDay,
      claimDays: days.length,
      loadSeconds,
      docCost,
      runs,
      baselineRuns,
      sameRollups: digests.size === 1,
    };
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** The simulator's tickets through sync and analysis, as a backfill runs them; the installation. */
async function backfill(databaseUrl: string, schema: string, tickets: number): Promise<string> {
  const sim = await startSimulatorProcess(tickets);
  const store = await openStore({ databaseUrl, schema });
  try {
    const key = randomBytes(32);
    const { installation } = await registerInstallation(store, key, {
      helpdesk: 'zendesk',
      domain: 'bench',
      credentials: { kind: 'token', email: sim.email, token: sim.token },
      settings: { baseUrl: sim.url, timeFieldId: 360000001, cesFieldId: 360000002 },
    });
    const now = () => Date.now();
    const connectorFor = createConnectorFactory({ store, encryptionKey: key, now });
    const jobs = startEmbeddedJobs({ store, connectorFor, now, reportingTimeZone: 'UTC' });
    try {
      const sync = { installationId: installation.id, mode: 'backfill' as const, since: 0 };
      await jobs.producer.enqueue('tickets.sync', sync);
      await jobs.idle();
      const failed = await jobs.failed();
      if (failed.length > 0) throw new Error(`backfill: ${String(failed.length)} jobs failed`);
    } finally {
      await jobs.close();
    }
    return installation.id;
  } finally {
    await store.close();
    const exited = once(sim.child, 'exit');
    sim.child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Copy c is model c mod n shifted in time so it is created at WINDOW_START + c/total of the
 * window: a whole ticket moved, its durations, events and SLA clocks kept.
 */
async function writeCopies(
  db: pg.Client,
  installationId: string,
  models: readonly { data: StoredTicketMetrics; version: number }[],
  total: number,
  spanDays: number,
): Promise<void> {
  for (let first = 0; first < total; first += WRITE_BATCH) {
    const batch = [];
    for (let c = first; c < Math.min(total, first + WRITE_BATCH); c += 1) {
      const model = models[c % models.length];
      if (model === undefined) throw new Error('the backfill analysed no tickets');
      const target = WINDOW_START + Math.floor((c * spanDays * DAY_MS) / total);
      const shift = target - model.data.metrics.createdAt;
      const copy = shifted(model.data, shift) as StoredTicketMetrics;
      copy.metrics.ticketId = `span-${String(c).padStart(8, '0')}`;
      batch.push({ ...copy, timelineVersion: model.version });
    }
    await db.query(UPSERT_METRICS, [installationId, metricsWritesJson(batch)]);
  }
}

function shifted(value: unknown, shift: number): unknown {
  if (typeof value === 'number')
    return value >= INSTANT_MIN && value < INSTANT_MAX ? value + shift : value;
  if (Array.isArray(value)) return value.map((v) => shifted(v, shift));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, shift)]));
  return value;
}

/** The 16 days ending two days before the copies end (a full claim with a full look-back). */
function claimDays(spanDays: number): LocalDate[] {
  const end = WINDOW_START + (spanDays - 2) * DAY_MS;
  return Array.from({ length: 16 }, (_, i) =>
    new Date(end - (16 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}
