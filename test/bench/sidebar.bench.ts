import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { startServer } from '../../src/main.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import type { RequesterSummary } from '../../src/services/pipeline/summarize-requester.js';
import { openStore } from '../../src/store/index.js';
import { parseEncryptionKey } from '../../src/security/secrets.js';
import { watchBackends, withApplicationName } from './cpu-split.js';

export interface SidebarBenchResult {
  tickets: number;
  requesters: number;
  loadSeconds: number;
  rate: number;
  seconds: number;
  connections: number;
  requests: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  elapsedSeconds: number;
  /** Responses per HTTP status. */
  statusCodes: Record<string, number>;
  /**
   * CPU per request of the measured run, ms: the server (this process, which runs nothing else
   * then), its PostgreSQL backends, and the load generator (its own process).
   */
  cpuMsPerRequest: { server: number; postgres: number; client: number };
  /** Garbage collections in the server during the measured run: count, total and longest pause. */
  gc: { count: number; totalMs: number; maxMs: number };
  /**
   * The server's event-loop delay over the measured run (p99 / max, ms): a tail that shows here
   * is work in the server's own thread; one that does not is waiting (PostgreSQL, the pool, CPU
   * taken by other processes).
   */
  eventLoopDelay: { p99Ms: number; maxMs: number };
  /** Each request's time inside the server (its request log): p99 / max, ms. */
  inServer: { p99Ms: number; maxMs: number };
  /** How late the generator sent its requests (p99 / max, ms): its own stalls count as latency. */
  sendLateP99Ms: number;
  sendLateMaxMs: number;
  /** Seconds of the run in which some request took over 15 ms: one stall, or spread out. */
  slowSeconds: number[];
}

const CLIENT = fileURLToPath(new URL('./sidebar-client.js', import.meta.url));
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/**
 * Sidebar customer-context latency under load: `tickets` tickets over `requesters` requesters in
 * PostgreSQL (tickets and one stored summary per requester, loaded with INSERT … SELECT, untimed),
 * `deskpulse serve` in production mode on loopback (JSON logs written to a null stream), and an
 * open-loop load generator in its own process (sidebar-client.ts) at `rate` requests/s for
 * `seconds` s after a 5 s warm-up, each request for a random requester with the installation's
 * app secret. (autocannon paces its rate in per-second bursts, which measures burst queueing.)
 */
export async function benchSidebar(options: {
  databaseUrl: string;
  redisUrl: string;
  tickets: number;
  requesters: number;
  rate: number;
  seconds: number;
}): Promise<SidebarBenchResult> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const key = randomBytes(32);
  const config = loadConfig({
    // Named so the server's own backends can be told apart from the bench's and other sessions'.
    DATABASE_URL: withApplicationName(options.databaseUrl, schema),
    DATABASE_SCHEMA: schema,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: `bench-${randomUUID()}`,
    ENCRYPTION_KEY: key.toString('base64'),
    SYNC_CRON: '0 0 1 1 *',
  });
  const store = await openStore({ databaseUrl: options.databaseUrl, schema });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const { installation, appSecret } = await registerInstallation(
      store,
      parseEncryptionKey(key.toString('base64')),
      {
        helpdesk: 'zendesk',
        domain: 'bench',
        credentials: { kind: 'token', email: 'bench@example.com', token: 'unused' },
        settings: {},
      },
    );
    const started = Date.now();
    await load(admin, schema, installation.id, options.tickets, options.requesters);
    const loadSeconds = (Date.now() - started) / 1000;
    // The server's own request log, kept only as each request's time inside the server: set
    // against the generator's latencies, it tells a tail of the server from one of the machine.
    const serverSeconds: number[] = [];
    const nowhere = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          const seconds = /"seconds":([\d.e-]+)/.exec(line)?.[1];
          if (seconds !== undefined) serverSeconds.push(Number(seconds));
        }
        done();
      },
    });
    server = await startServer(config, {
      port: 0,
      host: '127.0.0.1',
      log: () => undefined,
      logger: createLogger('info', nowhere),
    });
    const client = {
      url: server.url,
      secret: appSecret,
      requesters: options.requesters,
      rate: options.rate,
      connections: 20,
    };
    await runClient({ ...client, seconds: 5 });
    const gc = { count: 0, totalMs: 0, maxMs: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.count += 1;
        gc.totalMs += entry.duration;
        gc.maxMs = Math.max(gc.maxMs, entry.duration);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const backends = watchBackends(options.databaseUrl, schema);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    serverSeconds.length = 0;
    const cpu = process.cpuUsage();
    const { clientCpuSeconds, ...r } = await runClient({ ...client, seconds: options.seconds });
    const used = process.cpuUsage(cpu);
    loopDelay.disable();
    const postgresCpuSeconds = await backends.stop();
    observer.disconnect();
    const perRequest = (seconds: number) => (seconds * 1000) / r.requests;
    return {
      tickets: options.tickets,
      requesters: options.requesters,
      loadSeconds,
      rate: options.rate,
      seconds: options.seconds,
      connections: client.connections,
      ...r,
      non2xx: Object.entries(r.statusCodes)
        .filter(([status]) => !status.startsWith('2'))
        .reduce((n, [, count]) => n + count, 0),
      cpuMsPerRequest: {
        server: perRequest((used.user + used.system) / 1e6),
        postgres: perRequest(postgresCpuSeconds),
        client: perRequest(clientCpuSeconds),
      },
      gc,
      eventLoopDelay: { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 },
      inServer: inServerMs(serverSeconds),
    };
  } finally {
    await server?.close();
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

function inServerMs(seconds: number[]): { p99Ms: number; maxMs: number } {
  const sorted = Float64Array.from(seconds).sort();
  const at = Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1);
  return { p99Ms: (sorted[at] ?? NaN) * 1000, maxMs: (sorted.at(-1) ?? NaN) * 1000 };
}

/** What the load generator (sidebar-client.ts) prints. */
interface ClientResult {
  requests: number;
  /** How long sending and answering took; above the asked seconds when the server fell behind. */
  elapsedSeconds: number;
  statusCodes: Record<string, number>;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  sendLateP99Ms: number;
  sendLateMaxMs: number;
  slowSeconds: number[];
  /** The generator's own CPU over its run (user + system), s. */
  clientCpuSeconds: number;
}

async function runClient(settings: Record<string, unknown>): Promise<ClientResult> {
  const child = spawn(process.execPath, [CLIENT], {
    env: { ...process.env, SIDEBAR_BENCH: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`sidebar load generator exited with ${String(code)}`);
  return JSON.parse(out) as ClientResult;
}

/**
 * Tickets (spread evenly over the requesters and a year) and one stored summary per requester,
 * of the real shape (a typed template, varied per requester in SQL).
 */
async function load(
  admin: pg.Pool,
  schema: string,
  installationId: string,
  tickets: number,
  requesters: number,
): Promise<void> {
  await admin.query(
    `INSERT INTO ${schema}.tickets (installation_id, id, status, requester_id, organization_id,
       assignee_id, group_id, brand_id, channel, priority, tags, created_at, updated_at, data)
     SELECT $1::uuid, i::text, CASE WHEN i % 10 = 0 THEN 'open' ELSE 'solved' END,
       (i % $3::int)::text, (i % 5000)::text, (i % 200)::text, (i % 20)::text, '1',
       'email', 'normal', ARRAY['tag' || (i % 50)], created, created + interval '1 day',
       jsonb_build_object('id', i::text, 'subject', 'Ticket ' || i, 'requesterId', (i % $3::int)::text,
         'description', repeat('lorem ipsum ', 20))
     FROM generate_series(1, $2::int) AS i,
       LATERAL (SELECT $4::timestamptz + (i::float8 / $2::int) * interval '365 days' AS created) c`,
    [installationId, tickets, requesters, new Date(T0).toISOString()],
  );
  await admin.query(
    `INSERT INTO ${schema}.requester_summaries (installation_id, requester_id, data, content_hash)
     SELECT $1::uuid, i::text, jsonb_set($2::jsonb, '{requesterId}', to_jsonb(i::text)), md5(i::text)
     FROM generate_series(0, $3::int - 1) AS i`,
    [installationId, JSON.stringify(summaryTemplate()), requesters],
  );
  await admin.query(`ANALYZE ${schema}.tickets`);
  await admin.query(`ANALYZE ${schema}.requester_summaries`);
}

/** A requester summary as the pipeline stores it: five recent tickets, CSAT, CES, risk. */
function summaryTemplate(): RequesterSummary {
  const ticket = (i: number) => ({
    id: String(1000 + i),
    status: i === 0 ? ('open' as const) : ('solved' as const),
    createdAt: T0 + i * 9 * DAY,
    firstReply: { calendar: 1800 + i * 60, business: 1200 + i * 60 },
    firstResolution: i === 0 ? null : { calendar: 86_400 + i, business: 28_800 + i },
    fullResolution: i === 0 ? null : { calendar: 90_000 + i, business: 30_000 + i },
  });
  return {
    requesterId: '0',
    counts: { total: 5, open: 1, solved: 4 },
    recentTickets: [0, 1, 2, 3, 4].map(ticket),
    medianFullResolution: {
      requester: { calendar: 90_002, business: 30_002 },
      team: { calendar: 70_000, business: 25_000 },
    },
    reopens: { total: 1, last30d: 0, last90d: 1 },
    csat: [{ ticketId: '1001', at: T0 + 10 * DAY, score: 'good' }],
    ces: [
      {
        ticketId: '1002',
        at: T0 + 19 * DAY,
        value: 5,
        scaleMin: 1,
        scaleMax: 7,
        direction: 'higher_is_better',
      },
    ],
    effort: {
      score: 3.4,
      reasons: [
        { driver: 'customerFollowUps', tickets: 2, thresholdSeconds: null },
        { driver: 'reopens', tickets: 1, thresholdSeconds: null },
      ],
    },
    risk: { level: 'medium', reasons: [{ code: 'recent_reopens', count: 1, days: 30 }] },
    asOf: T0 + 40 * DAY,
    activity: {
      preferredChannel: 'email',
      channels: [{ channel: 'email', tickets: 5 }],
      interactionsPerTicket: 3,
      resolutionRate: 0.8,
    },
  };
}
