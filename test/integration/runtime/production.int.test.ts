import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../../src/config/env.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { JOB_NAMES } from '../../../src/queue/catalog.js';
import { queueNameOf } from '../../../src/queue/bullmq.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import {
  startSimulator,
  type RunningSimulator,
  type WebhookOptions,
} from '../../../src/simulator/index.js';
import { openStore, type TicketStore } from '../../../src/store/index.js';
import { parseEncryptionKey } from '../../../src/security/secrets.js';
import { DATABASE_URL } from '../store/support.js';
import { updateAndWaitForFreshMetrics, waitForPipeline } from './support.js';
import { buildCli, spawnWorker, type WorkerProcess } from '../../support/worker-process.js';
import { simulatorRegistration } from '../../../src/simulator/registration.js';
import { testSchema } from '../../support/test-schema.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SINCE = Date.UTC(2023, 11, 1);

describe('production mode end to end: PostgreSQL + BullMQ, worker as a child process', () => {
  const db = testSchema();
  const schema = db.name;
  const prefix = `test-${randomUUID()}`;
  const env = {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SYNC_CRON: '0 0 1 1 *',
    WORKER_CONCURRENCY: '4',
  };
  const webhook: WebhookOptions = { url: 'http://127.0.0.1:9/unset', secret: 'unset' };
  let config: Config;
  let sim: RunningSimulator;
  let store: TicketStore;
  let server: RunningServer;
  let worker: WorkerProcess;
  let installationId: string;

  beforeAll(async () => {
    // The child runs the compiled CLI: build it from this tree so it never runs a stale dist/.
    await buildCli();
    await db.create();
    config = loadConfig(env);
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    sim = await startSimulator({ tickets: 200, seed: 6, rateLimit: 'off', webhook });
    const registered = await registerInstallation(
      store,
      parseEncryptionKey(env.ENCRYPTION_KEY),
      simulatorRegistration(sim, sim.url),
    );
    installationId = registered.installation.id;
    webhook.secret = registered.webhookSecret;
    server = await startServer(config, { port: 0, log: () => undefined });
    webhook.url = `${server.url}/webhooks/zendesk/${installationId}`;
    worker = spawnWorker(env);
  }, 120_000);

  afterAll(async () => {
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      await once(worker.child, 'exit');
    }
    await server.close();
    await sim.close();
    await store.close();
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    for (const name of JOB_NAMES) {
      const queue = new Queue(queueNameOf(name), { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    connection.disconnect();
    await db.drop();
  }, 60_000);

  it('answers /readyz with the store and Redis both up', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ok', checks: { store: 'ok', redis: 'ok' } },
    ]);
  });

  it('syncs, analyses, summarises and pushes back every ticket; a webhook refreshes one', async () => {
    await server.producer.enqueue('tickets.sync', {
      installationId,
      mode: 'backfill',
      since: SINCE,
    });
    await waitForPipeline(store, installationId, sim);
    await updateAndWaitForFreshMetrics(store, installationId, sim);
  }, 120_000);

  it('on SIGTERM finishes the in-flight sync, then exits 0', async () => {
    // A second installation, so the sync in flight has a whole backfill of work to finish.
    const second = await registerInstallation(store, parseEncryptionKey(env.ENCRYPTION_KEY), {
      helpdesk: 'zendesk',
      domain: 'simulator-two',
      credentials: { kind: 'oauth', accessToken: sim.credentials.oauthToken },
      settings: { baseUrl: sim.url },
    });
    const secondId = second.installation.id;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueNameOf('tickets.sync'), { connection, prefix });
    try {
      await server.producer.enqueue('tickets.sync', {
        installationId: secondId,
        mode: 'backfill',
        since: SINCE,
      });
      await vi.waitFor(
        async () => {
          expect(await queue.getActiveCount()).toBe(1);
        },
        {
          timeout: 10_000,
          interval: 10,
        },
      );
      worker.child.kill('SIGTERM');
      const [code] = (await once(worker.child, 'exit')) as [number | null];
      expect(code, worker.stderr()).toBe(0);
      expect(worker.stderr()).toContain('SIGTERM, finishing in-flight jobs');
      // Finished, not abandoned: nothing active or failed is left, and every stream caught up.
      const counts = await queue.getJobCounts('active', 'failed', 'wait');
      expect(counts).toEqual({ active: 0, failed: 0, wait: 0 });
      const status = await store.listSyncStatus(secondId);
      expect(status.map((s) => s.stream)).toEqual(
        expect.arrayContaining(['tickets', 'ticket_events', 'users']),
      );
      expect(status.every((s) => s.checkpoint !== null && s.lastError === null)).toBe(true);
      expect(await store.listSchedules(secondId)).not.toHaveLength(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 60_000);
});
