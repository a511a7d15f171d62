import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker, type RunningWorker } from '../../../jobs/worker.js';
import { loadConfig } from '../../../src/config/env.js';
import { createBullmqProducer } from '../../../src/queue/bullmq.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { parseEncryptionKey } from '../../../src/security/secrets.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { simulatorRegistration } from '../../../src/simulator/registration.js';
import { openStore, type TicketStore } from '../../../src/store/index.js';
import { obliterateQueues, SHARED_REDIS_URL } from '../../support/production-stack.js';
import { DATABASE_URL } from '../store/support.js';
import { testSchema } from '../../support/test-schema.js';

interface LogLine {
  level: number;
  msg: string;
  name: string;
  jobId: string;
  installationId: string;
  code: string;
}

/** pino's numeric levels: a failed job is an error, an attempt that will be retried a warning. */
const WARN = 40;
const ERROR = 50;

/**
 * Issue 15: a worker whose jobs fail must say so. The production worker runs in-process on the
 * real PostgreSQL and Redis; its sync jobs fail against a simulator that refuses the API token
 * (401) and against a helpdesk host that refuses connections. Its output is captured whole.
 */
describe('worker: every failed job is logged with its code and ids, never a secret', () => {
  const db = testSchema();
  const schema = db.name;
  const encryptionKey = randomBytes(32).toString('base64');
  const env = {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: SHARED_REDIS_URL,
    QUEUE_PREFIX: `test-${randomUUID()}`,
    ENCRYPTION_KEY: encryptionKey,
    SYNC_CRON: '0 0 1 1 *',
    SHUTDOWN_GRACE_MS: '5000',
  };
  const lines: string[] = [];
  const secrets: string[] = [encryptionKey];
  let sim: RunningSimulator;
  let store: TicketStore;
  let producer: JobProducer;
  let worker: RunningWorker;

  beforeAll(async () => {
    await db.create();
    sim = await startSimulator({ tickets: 5, seed: 15, rateLimit: 'off' });
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    producer = createBullmqProducer({ redisUrl: SHARED_REDIS_URL, prefix: env.QUEUE_PREFIX });
    worker = await startWorker(loadConfig(env), {
      handleProcessEvents: false,
      log: (line) => lines.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await worker.close();
    await producer.close();
    await store.close();
    await sim.close();
    await obliterateQueues(SHARED_REDIS_URL, env.QUEUE_PREFIX);
    await db.drop();
  });

  /** Registers an installation (its secrets joining those the output must not hold). */
  const register = async (token: string, baseUrl: string) => {
    const input = simulatorRegistration(sim, baseUrl);
    input.credentials.token = token;
    const registered = await registerInstallation(store, parseEncryptionKey(encryptionKey), input);
    secrets.push(token, registered.appSecret, registered.webhookSecret, registered.roleClaimKey);
    return registered.installation.id;
  };

  /** The JSON lines of the captured output about `installationId`'s jobs. */
  const linesAbout = (installationId: string): LogLine[] =>
    lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.installationId === installationId);

  const expectFailureLogged = async (
    installationId: string,
    expected: { code: string; level: number; msg: string },
  ) => {
    await producer.enqueue('tickets.sync', { installationId, mode: 'incremental' });
    await vi.waitFor(
      () => {
        expect(linesAbout(installationId).length).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 200 },
    );
    const [line] = linesAbout(installationId);
    expect(line).toEqual(
      expect.objectContaining({
        name: 'tickets.sync',
        jobId: `sync_${installationId}`,
        installationId,
        ...expected,
      }),
    );
  };

  it('logs a sync the helpdesk answers with 401 as failed, with code AUTH_FAILED', async () => {
    // A token the simulator does not know; a refused credential is not retried.
    const installationId = await register(`${sim.credentials.token}-revoked`, sim.url);
    await expectFailureLogged(installationId, {
      code: 'AUTH_FAILED',
      level: ERROR,
      msg: 'deskpulse worker: job failed',
    });
  }, 40_000);

  it('logs a sync whose helpdesk host refuses connections as to be retried', async () => {
    // Port 9 (discard) on loopback: nothing listens there. The connector's own retries come
    // first, so the job's first failure takes some seconds.
    const installationId = await register(randomBytes(16).toString('hex'), 'http://127.0.0.1:9');
    await expectFailureLogged(installationId, {
      code: 'NETWORK',
      level: WARN,
      msg: 'deskpulse worker: job will retry',
    });
  }, 40_000);

  it('never writes a secret: tokens, app and webhook secrets, role claim keys, the key', () => {
    const output = lines.join('\n');
    expect(output).not.toBe('');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
