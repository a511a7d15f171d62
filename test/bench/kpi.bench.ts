import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { computeBoard } from '../../src/services/kpi/board.js';
import { BoardQuerySchema, parseQuery, TrendQuerySchema } from '../../src/services/kpi/schemas.js';
import { computeTrend } from '../../src/services/kpi/trend.js';
import { refreshPeriodRollups } from '../../src/services/pipeline/rollup-periods.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import { openStore, type TicketStore } from '../../src/store/index.js';
import { loadKpiData, type KpiData } from './kpi-load.js';

/** One timed call: its label and the times of every sample (ms). */
export interface LatencyCase {
  label: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface KpiBenchResult {
  data: KpiData;
  loadSeconds: number;
  /** Weeks and months merged after the load, and how long that took (untimed). */
  merge: { periods: number; seconds: number };
  samples: number;
  cases: LatencyCase[];
}

const FIRST_DAY = '2024-01-01';
const DAYS = 366;
// The last day of the data; "now" is its noon, so the board's last day is still running.
const LAST_DAY = '2024-12-31';
const NOW = Date.parse(`${LAST_DAY}T12:00:00Z`);

/**
 * Team-lead board and trend latency at the scale of `perDay` tickets a day for a year (2,740 a
 * day is 1,000,000 a year), through the real services on the real PostgreSQL store: the 90-day
 * board (previous period included) unsliced on both clocks and by group and agent, and 1-year
 * weekly trends. Each case runs `samples` times after 3 warm-ups, one at a time.
 */
export async function benchKpi(options: {
  databaseUrl: string;
  perDay: number;
  samples: number;
}): Promise<KpiBenchResult> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  let store: TicketStore | undefined;
  try {
    store = await openStore({ databaseUrl: options.databaseUrl, schema });
    const { installation } = await registerInstallation(store, randomBytes(32), {
      helpdesk: 'zendesk',
      domain: 'bench',
      credentials: { kind: 'token', email: 'bench@example.com', token: 'unused' },
      settings: {},
    });
    const started = Date.now();
    const data = await loadKpiData(admin, schema, installation.id, {
      firstDay: FIRST_DAY,
      days: DAYS,
      perDay: options.perDay,
    });
    const loadSeconds = (Date.now() - started) / 1000;
    // The weekly and monthly merges, as the rollups drain builds them after writing days.
    const mergeStarted = Date.now();
    await store.markAllPeriodsStale(installation.id);
    const periods = await refreshPeriodRollups(store, installation.id);
    await admin.query(`VACUUM ANALYZE ${schema}.kpi_period_rollups`);
    const merge = { periods, seconds: (Date.now() - mergeStarted) / 1000 };
    const deps = { store, reportingTimeZone: 'UTC', now: () => NOW };
    const id = installation.id;
    const board = (extra: Record<string, unknown>) => {
      const query = parseQuery(BoardQuerySchema, { from: '2024-10-03', to: LAST_DAY, ...extra });
      return () => computeBoard(deps, id, query);
    };
    const trend = (kpi: string) => {
      const query = parseQuery(TrendQuerySchema, {
        kpi,
        from: FIRST_DAY,
        to: LAST_DAY,
        granularity: 'week',
      });
      return () => computeTrend(deps, id, query);
    };
    const calls: [string, () => Promise<unknown>][] = [
      ['90-day board, unsliced, calendar', board({})],
      ['90-day board, unsliced, business hours', board({ businessHours: 'true' })],
      ['90-day board by group', board({ slice: 'group' })],
      ['90-day board by agent (200)', board({ slice: 'agent', attribution: 'assignee' })],
      ['1-year weekly trend, full resolution', trend('full_resolution')],
      ['1-year weekly trend, backlog', trend('backlog')],
      ['1-year weekly trend, CES', trend('ces')],
    ];
    const cases: LatencyCase[] = [];
    for (const [label, call] of calls) cases.push(await time(label, call, options.samples));
    return { data, loadSeconds, merge, samples: options.samples, cases };
  } finally {
    await store?.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

async function time(
  label: string,
  call: () => Promise<unknown>,
  samples: number,
): Promise<LatencyCase> {
  for (let i = 0; i < 3; i += 1) await call();
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN;
  return { label, medianMs: at(0.5), p95Ms: at(0.95), maxMs: times.at(-1) ?? NaN };
}
