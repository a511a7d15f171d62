import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker, type RunningWorker } from '../../jobs/worker.js';
import { loadConfig } from '../../src/config/env.js';
import { computeTicketMetrics } from '../../src/metrics/ticket-metrics.js';
import { createBullmqProducer, queueNameOf } from '../../src/queue/bullmq.js';
import { JOB_NAMES } from '../../src/queue/catalog.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import type { JobProducer } from '../../src/queue/queue.js';
import { createWebhookSecretResolver } from '../../src/runtime/connector-factory.js';
import { startSyncSchedule } from '../../src/scheduler/sync-schedule.js';
import { startRebuildSweep } from '../../src/scheduler/rebuild-sweep.js';
import {
  enqueueDueReplayRebuilds,
  rebuildSweepIntervalMs,
} from '../../src/services/whatif/rebuild-asks.js';
import { startWebhookFront, type WebhookFront } from './webhook-front.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type WebhookOptions,
} from '../../src/simulator/index.js';
import { openStore, type TicketStore } from '../../src/store/index.js';
import { parseEncryptionKey } from '../../src/security/secrets.js';
import { diffAgainstTruth } from '../integration/services/support.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { simulatorRegistration } from '../../src/simulator/registration.js';
import { testSchema } from './test-schema.js';

/** The machine's shared Redis (the shared PostgreSQL is integration/store/support.ts's). */
export const SHARED_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Where a backfill starts: before the simulator's first ticket. */
export const BACKFILL_SINCE = Date.UTC(2023, 11, 1);

/** Options of {@link startProductionStack}. */
export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  simulator: Omit<SimulatorOptions, 'webhook'>;
  /** node-cron expression of the sync schedule (default: yearly, so only the test syncs). */
  syncCron?: string;
  /** False: the simulator's own webhook deliveries go nowhere, the test sends its own. */
  deliverWebhooks?: boolean;
  /** Extra environment for the server and workers. */
  env?: Record<string, string>;
}

/**
 * Production mode as a deployment runs it, around one simulator account: a fresh schema, a
 * unique queue prefix, the installation registered with its base URL on a recording proxy in
 * front of the simulator, and in this process what `deskpulse serve` runs in production mode:
 * the BullMQ producer, the sync schedule, the replay-rebuild sweep and the webhook intake (the
 * production modules, without the rest of the API, which does not take part in syncing). Workers
 * are started by the test: in-process ({@link ProductionStack.startWorker}) or as child processes
 * with `env` (test/support/worker-process.ts).
 */
export interface ProductionStack {
  env: Record<string, string>;
  sim: RunningSimulator;
  proxy: RecordingProxy;
  /** The test's own connection to the store, for assertions. */
  store: TicketStore;
  /** Enqueues on the stack's BullMQ queues (what the API server's producer does). */
  producer: JobProducer;
  /** The webhook intake on its own HTTP server; the simulator delivers to it. */
  front: WebhookFront;
  installationId: string;
  webhookSecret: string;
  enqueueBackfill(): Promise<void>;
  startWorker(): Promise<RunningWorker>;
  /**
   * Stops what the stack started (not workers the test spawned), drops schema and queues; the
   * schema stays when DESKPULSE_KEEP_SCHEMA=1.
   */
  close(): Promise<void>;
}

export async function startProductionStack(options: StackOptions): Promise<ProductionStack> {
  const db = testSchema(options.databaseUrl);
  const schema = db.name;
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: `test-${randomUUID()}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SYNC_CRON: options.syncCron ?? '0 0 1 1 *',
    WORKER_CONCURRENCY: '4',
    // A worker whose Redis was restarted may never finish BullMQ's close; a test's cleanup stops
    // it after this grace period instead of outliving its hook timeout.
    SHUTDOWN_GRACE_MS: '5000',
    ...options.env,
  };
  await db.create();
  const webhook: WebhookOptions = { url: 'http://127.0.0.1:9/unset', secret: 'unset' };
  const sim = await startSimulator({ ...options.simulator, webhook });
  const proxy = await startRecordingProxy(sim.url);
  const store = await openStore({ databaseUrl: options.databaseUrl, schema });
  const registered = await registerInstallation(
    store,
    parseEncryptionKey(env['ENCRYPTION_KEY'] ?? ''),
    simulatorRegistration(sim, proxy.url),
  );
  const installationId = registered.installation.id;
  webhook.secret = registered.webhookSecret;
  const config = loadConfig(env);
  const producer = createBullmqProducer({
    redisUrl: options.redisUrl,
    prefix: env['QUEUE_PREFIX'] ?? '',
  });
  const schedule = startSyncSchedule({
    cron: config.SYNC_CRON,
    installationIds: () => Promise.resolve([installationId]),
    producer,
    // A tick while Redis is down fails; the next one enqueues again.
    onError: () => undefined,
  });
  // The server's sweep of the replay-block rebuilds the workers put off (src/main.ts).
  const sweep = startRebuildSweep({
    everyMs: rebuildSweepIntervalMs({
      quietMs: config.REPLAY_REBUILD_QUIET_MS,
      maxWaitMs: config.REPLAY_REBUILD_MAX_WAIT_MS,
    }),
    sweep: () => enqueueDueReplayRebuilds({ store, producer, now: Date.now }),
    onError: () => undefined,
  });
  const front = await startWebhookFront({
    store,
    producer,
    webhookSecretFor: createWebhookSecretResolver(
      store,
      parseEncryptionKey(env['ENCRYPTION_KEY'] ?? ''),
    ),
    now: Date.now,
  });
  if (options.deliverWebhooks !== false) {
    webhook.url = `${front.url}/webhooks/zendesk/${installationId}`;
  }
  const workers: RunningWorker[] = [];
  return {
    env,
    sim,
    proxy,
    store,
    producer,
    front,
    installationId,
    webhookSecret: registered.webhookSecret,
    enqueueBackfill: () =>
      producer.enqueue('tickets.sync', {
        installationId,
        mode: 'backfill',
        since: BACKFILL_SINCE,
      }),
    async startWorker() {
      const worker = await startWorker(config, {
        handleProcessEvents: false,
        log: () => undefined,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await front.close();
      await schedule.stop();
      await sweep.stop();
      await producer.close();
      await proxy.close();
      await sim.close();
      await store.close();
      await obliterateQueues(options.redisUrl, env['QUEUE_PREFIX'] ?? '');
      // For a post-mortem of a run (its stored events, metrics and outbox); drop it by hand after.
      if (process.env['DESKPULSE_KEEP_SCHEMA'] === '1') {
        process.stderr.write(`production stack: schema ${schema} kept (DESKPULSE_KEEP_SCHEMA)\n`);
        return;
      }
      await db.drop();
    },
  };
}

/** Removes every queue of the catalog under `prefix`. */
export async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    for (const name of JOB_NAMES) {
      const queue = new Queue(queueNameOf(name), { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  } finally {
    connection.disconnect();
  }
}

const NO_CALENDARS = { defaultCalendar: null, byId: new Map() } as const;

/**
 * How the store differs from the simulator's ground truth, as readable lines (empty: equal):
 * every live ticket and its events (services/support.ts `diffAgainstTruth`), and metrics stored
 * for every live ticket that were computed from its final history (status, solves, reopens and
 * agent replies equal the engine's result on the truth; these need no business calendar).
 */
export async function differencesFromTruth(
  store: TicketStore,
  installationId: string,
  sim: RunningSimulator,
  skip: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const { mismatches } = await diffAgainstTruth(store, installationId, sim);
  const out = mismatches.filter((m) => !skip.has(m.split(':')[0] ?? ''));
  for (let i = 0; i < sim.dataset.size; i += 1) {
    const { ticket, events } = sim.dataset.truth(i);
    if (ticket.status === 'deleted' || skip.has(ticket.id)) continue;
    const stored = await store.getTicketMetrics(installationId, ticket.id);
    if (stored === null) {
      out.push(`${ticket.id}: no metrics`);
      continue;
    }
    const want = computeTicketMetrics(
      { ticket, events },
      { now: stored.dims.computedAt, calendars: NO_CALENDARS },
    );
    const pick = (m: typeof want) => ({
      status: m.status,
      firstSolvedAt: m.firstSolvedAt,
      lastSolvedAt: m.lastSolvedAt,
      reopens: m.reopens.length,
      agentReplies: m.agentReplies,
    });
    if (JSON.stringify(pick(stored.metrics)) !== JSON.stringify(pick(want))) {
      out.push(
        `${ticket.id}: metrics ${JSON.stringify(pick(stored.metrics))} vs ${JSON.stringify(pick(want))}`,
      );
    }
  }
  return out;
}
