import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../jobs/embedded.js';
import {
  createConnectorFactory,
  createWebhookSecretResolver,
} from '../../src/runtime/connector-factory.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import {
  CES_FIELD_ID,
  TIME_FIELD_ID,
  startSimulator,
  type RunningSimulator,
  type WebhookOptions,
} from '../../src/simulator/index.js';
import { openStore, type TicketStore } from '../../src/store/index.js';
import { startWebhookFront, type WebhookFront } from '../support/webhook-front.js';
import { createFreshnessTrace, type UpdatePath } from './freshness-trace.js';

/** Options of {@link benchFreshness}. */
export interface FreshnessOptions {
  /** Measured ticket updates (each one's change must show in the requester summary). */
  updates: number;
  /** PostgreSQL for the store (a fresh schema, dropped after); unset: embedded PGlite. */
  databaseUrl?: string;
  /**
   * Keep backfilling other installations while measuring (default false: with it, each update
   * waits behind the backfill's jobs on the in-process queue, 15 s and more apiece).
   */
  duringBackfill?: boolean;
  /**
   * Break each update's path down (queue waits, job delays, store and helpdesk time, event-loop
   * stalls; freshness-trace.ts). Off by default: the wrappers cost a little on every call.
   */
  trace?: boolean;
}

export interface FreshnessResult {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  updates: number;
  /** Updates whose change did not reach the summary within {@link TIMEOUT_MS}. */
  failures: number;
  /** With `trace`: median / p95 of each step of the path, ms. */
  breakdown?: Record<string, string>;
}

const SINCE = Date.UTC(2023, 11, 1);
const TICKETS = 300;
const BACKFILL_TICKETS = 1_000;
const TIMEOUT_MS = 30_000;
const POLL_MS = 20;
/** Between one update's summary and the next update, so updates never queue up on each other. */
const GAP_MS = 100;

/**
 * Freshness of the sidebar data: the embedded-mode stack (in-process jobs, the production
 * webhook intake, PostgreSQL or PGlite) on a simulator account, synced once; then, one at a time,
 * the simulator changes a ticket's status and fires its signed webhook, and the clock runs until
 * the requester's stored summary shows the ticket's new status. Only updates that change a
 * status the summary lists are measured (other updates happen as well, unmeasured). With
 * `duringBackfill`, other installations backfill a second account throughout, one after another.
 */
export async function benchFreshness(options: FreshnessOptions): Promise<FreshnessResult> {
  const key = randomBytes(32);
  const database = await openDatabase(options.databaseUrl);
  const webhook: WebhookOptions = { url: 'http://127.0.0.1:9/unset', secret: 'unset' };
  let sim: RunningSimulator | null = null;
  let backfillSim: RunningSimulator | null = null;
  let jobs: EmbeddedJobs | null = null;
  let front: WebhookFront | null = null;
  let stopBackfills = (): Promise<void> => Promise.resolve();
  const trace = options.trace === true ? createFreshnessTrace() : null;
  const paths: UpdatePath[] = [];
  try {
    const { store } = database;
    sim = await startSimulator({ tickets: TICKETS, seed: 31, rateLimit: 'off', webhook });
    const installationId = await register(store, key, sim);
    webhook.secret = (await createWebhookSecretResolver(store, key)(installationId)) ?? '';
    const connectors = createConnectorFactory({ store, encryptionKey: key, now: Date.now });
    const connectorFor = trace === null ? connectors : trace.connectorFor(connectors);
    jobs = startEmbeddedJobs({
      store: trace === null ? store : trace.jobStore(store),
      connectorFor,
      now: Date.now,
      reportingTimeZone: 'UTC',
      ...(trace === null ? {} : { trace: trace.jobTrace }),
    });
    const producer = jobs.producer;
    const intakeStore = trace === null ? store : trace.intakeStore(store);
    front = await startWebhookFront({
      store: intakeStore,
      producer,
      webhookSecretFor: createWebhookSecretResolver(intakeStore, key),
      now: Date.now,
    });
    webhook.url = `${front.url}/webhooks/zendesk/${installationId}`;
    await producer.enqueue('tickets.sync', { installationId, mode: 'backfill', since: SINCE });
    await jobs.idle();

    if (options.duringBackfill === true) {
      backfillSim = await startSimulator({ tickets: BACKFILL_TICKETS, seed: 32, rateLimit: 'off' });
      stopBackfills = keepBackfilling(store, key, backfillSim, (id) =>
        producer.enqueue('tickets.sync', { installationId: id, mode: 'backfill', since: SINCE }),
      );
    }
    if (trace !== null && database.ping !== undefined) trace.probe(database.ping);
    const latencies: number[] = [];
    let failures = 0;
    let index = 0;
    while (latencies.length + failures < options.updates) {
      index = (index + 1) % TICKETS;
      const before = sim.dataset.truth(index).ticket;
      const listed = await listedStatus(store, installationId, before.requesterId, before.id);
      const started = performance.now();
      const update = await sim.updateTicket(index);
      if (update === null) continue;
      const after = sim.dataset.truth(index).ticket.status;
      if (listed === null || after === before.status) {
        // Not visible in the summary: let it settle so it does not queue under the next one.
        await sleep(GAP_MS * 3);
        continue;
      }
      const seen = await waitForStatus(store, installationId, before.requesterId, before.id, after);
      const seenAt = performance.now();
      if (seen) {
        latencies.push(seenAt - started);
        const subject = { installationId, ticketId: before.id, requesterId: before.requesterId };
        if (trace !== null) paths.push(trace.pathOf(subject, started, seenAt));
      } else failures += 1;
      await sleep(GAP_MS);
    }
    latencies.sort((a, b) => a - b);
    return {
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p95Ms: Math.round(quantile(latencies, 0.95)),
      maxMs: Math.round(latencies.at(-1) ?? 0),
      updates: latencies.length,
      failures,
      ...(trace === null ? {} : { breakdown: trace.summary(paths) }),
    };
  } finally {
    trace?.stop();
    await stopBackfills();
    await front?.close();
    await jobs?.close();
    await sim?.close();
    await backfillSim?.close();
    await database.dispose();
  }
}

async function openDatabase(
  databaseUrl: string | undefined,
): Promise<{ store: TicketStore; ping?: () => Promise<unknown>; dispose(): Promise<void> }> {
  if (databaseUrl === undefined) {
    const store = await openStore({});
    return { store, dispose: () => store.close() };
  }
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const store = await openStore({ databaseUrl, schema });
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  return {
    store,
    ping: () => probe.query('SELECT 1'),
    async dispose() {
      await probe.end();
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function register(store: TicketStore, key: Buffer, sim: RunningSimulator): Promise<string> {
  const { installation } = await registerInstallation(store, key, {
    helpdesk: 'zendesk',
    domain: `bench-${randomUUID().slice(0, 8)}`,
    credentials: { kind: 'token', email: sim.credentials.email, token: sim.credentials.token },
    settings: { baseUrl: sim.url, timeFieldId: TIME_FIELD_ID, cesFieldId: CES_FIELD_ID },
  });
  return installation.id;
}

/**
 * Backfills a fresh installation of `sim`, and again once its tickets are all stored, until
 * stopped: a steady stream of sync pages and analysis jobs competing with the webhooks.
 */
function keepBackfilling(
  store: TicketStore,
  key: Buffer,
  sim: RunningSimulator,
  enqueue: (installationId: string) => Promise<void>,
): () => Promise<void> {
  const state = { stopped: false };
  // A function, not a property read: the flag flips while we await, which narrowing ignores.
  const stopped = (): boolean => state.stopped;
  let last = sim.dataset.size - 1;
  while (last > 0 && sim.dataset.truth(last).ticket.status === 'deleted') last -= 1;
  const lastId = sim.dataset.truth(last).ticket.id;
  const loop = (async () => {
    while (!stopped()) {
      const installationId = await register(store, key, sim);
      await enqueue(installationId);
      while (!stopped() && (await store.getTicketMetrics(installationId, lastId)) === null) {
        await sleep(200);
      }
    }
  })();
  return async () => {
    state.stopped = true;
    await loop;
  };
}

/** The ticket's status as the requester summary lists it, or null when it is not listed. */
async function listedStatus(
  store: TicketStore,
  installationId: string,
  requesterId: string,
  ticketId: string,
): Promise<string | null> {
  const stored = await store.getSummary(installationId, 'requester', requesterId);
  const summary = stored?.summary as { recentTickets?: { id: string; status: string }[] } | null;
  return summary?.recentTickets?.find((t) => t.id === ticketId)?.status ?? null;
}

async function waitForStatus(
  store: TicketStore,
  installationId: string,
  requesterId: string,
  ticketId: string,
  status: string,
): Promise<boolean> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (performance.now() < deadline) {
    if ((await listedStatus(store, installationId, requesterId, ticketId)) === status) return true;
    await sleep(POLL_MS);
  }
  return false;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (position - low);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
