import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger } from '../../../src/logging.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { openStore } from '../../../src/store/index.js';
import { newInstallation } from '../../integration/store/support.js';
import { ADMIN_TOKEN } from './support.js';
import { DATABASE_URL, testSchema } from '../../support/test-schema.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** `deskpulse serve` in production mode: real PostgreSQL (own schema) and Redis (own prefix). */
describe('the API in production mode', () => {
  const db = testSchema();
  const schema = db.name;
  const logs: string[] = [];
  let server: RunningServer;

  beforeAll(async () => {
    await db.create();
    const config = loadConfig({
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      QUEUE_PREFIX: `test-${randomUUID()}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SYNC_CRON: '0 0 1 1 *',
      ADMIN_TOKEN,
      // The rebuild sweep looks every 50 ms.
      REPLAY_REBUILD_QUIET_MS: '200',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    server = await startServer(config, {
      port: 0,
      log: () => undefined,
      logger: createLogger('info', sink),
    });
    await server.producer.enqueue('rollup.day', {
      installationId: randomUUID(),
      day: '2024-03-01',
    });
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('answers /readyz with the store and Redis checked', async () => {
    const r = await fetch(`${server.url}/readyz`);
    expect(await r.json()).toEqual({ status: 'ok', checks: { store: 'ok', redis: 'ok' } });
  });

  it('serves Bull Board at /admin/queues to the admin token only', async () => {
    expect((await fetch(`${server.url}/admin/queues`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/admin/queues`, {
      headers: { authorization: 'Bearer not-the-admin-token-not-the-admin-token' },
    });
    expect(wrong.status).toBe(401);
    const board = await fetch(`${server.url}/admin/queues`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<html');
    // A browser gets a Basic challenge and may answer it with the token as the password.
    const challenge = await fetch(`${server.url}/admin/queues`);
    expect(challenge.headers.get('www-authenticate')).toContain('Basic');
    const basic = Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64');
    const asset = await fetch(`${server.url}/admin/queues`, {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(asset.status).toBe(200);
    const wrongBasic = Buffer.from('admin:nope').toString('base64');
    const refused = await fetch(`${server.url}/admin/queues`, {
      headers: { authorization: `Basic ${wrongBasic}` },
    });
    expect(refused.status).toBe(401);
  });

  it('exports queue depths and the helpdesk rate limit in /metrics, logs JSON lines without the token', async () => {
    const store = await openStore({ databaseUrl: DATABASE_URL, schema });
    const { id } = await store.createInstallation(newInstallation());
    const seen = { count429: 4, remaining: 12, limit: 700, at: Date.now() };
    await store.recordRateLimit(id, 'tickets', seen);
    await store.close();
    const text = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    expect(text).toMatch(/deskpulse_queue_depth\{queue="deskpulse-rollup-day"\} 1/);
    const labels = `installation="${id}",stream="tickets"`;
    expect(text).toContain(`deskpulse_helpdesk_rate_limited_total{${labels}} 4`);
    expect(text).toContain(`deskpulse_helpdesk_rate_limit_remaining{${labels}} 12`);
    const lines = logs
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { route?: string });
    expect(lines.some((l) => l.route === '/admin/queues')).toBe(true);
    expect(logs.join('')).not.toContain(ADMIN_TOKEN);
  });

  it('queues a put-off replay rebuild once it is due, and counts no queue depth before', async () => {
    const store = await openStore({ databaseUrl: DATABASE_URL, schema });
    const { id } = await store.createInstallation(newInstallation());
    // What a worker's analysis drain records (jobs/processors.ts), due in 3 s.
    await store.askReplayRebuild(id, Date.now(), 3_000, 60_000);
    await store.close();
    const depth = async () => {
      const text = await (
        await fetch(`${server.url}/metrics`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).text();
      return /deskpulse_queue_depth\{queue="deskpulse-replay-rebuild"\} (\d+)/.exec(text)?.[1];
    };
    expect(await depth()).toBe('0');
    // No worker runs here: the job the server's sweep queued waits.
    await vi.waitFor(
      async () => {
        expect(await depth()).toBe('1');
      },
      { timeout: 20_000 },
    );
  }, 30_000);
});
