import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBullmqProducer, createBullmqRunner } from '../../../src/queue/bullmq.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/throwaway-services.js';
import { buildCli, spawnWorker } from '../../support/worker-process.js';
import { DATABASE_URL } from '../store/support.js';

const analyze = { installationId: 'inst-1', ticketId: '42', updatedAt: 1_700_000_000_000 };

/**
 * Stopping while Redis is unreachable: BullMQ's own close waits for a blocking connection that
 * never comes back, so the runner bounds it by its grace period and aborts what still runs.
 */
describe('worker shutdown while Redis is down', () => {
  let redis: ThrowawayRedis;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    await buildCli();
  }, 120_000);

  afterAll(async () => {
    await redis.dispose();
  });

  it('the runner closes within its grace period and aborts the job still running', async () => {
    const prefix = `test-${randomUUID()}`;
    const producer = createBullmqProducer({ redisUrl: redis.url, prefix });
    const runner = createBullmqRunner({ redisUrl: redis.url, prefix, shutdownGraceMs: 1_000 });
    let running = false;
    let aborted = false;
    runner.start({
      'ticket.analyze': (_payload, { signal }) =>
        new Promise<void>((resolve) => {
          running = true;
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(() => {
      expect(running).toBe(true);
    });
    await producer.close();
    await redis.stop();
    const started = Date.now();
    await runner.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(aborted).toBe(true);
  }, 20_000);

  it('`deskpulse worker` exits on SIGTERM within SHUTDOWN_GRACE_MS', async () => {
    await redis.start();
    const worker = spawnWorker({
      DATABASE_URL,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `test-${randomUUID()}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SYNC_CRON: '0 0 1 1 *',
      SHUTDOWN_GRACE_MS: '1000',
    });
    try {
      await vi.waitFor(
        () => {
          expect(worker.stderr()).toContain('deskpulse worker: running');
        },
        { timeout: 15_000 },
      );
      await redis.stop();
      // Long enough for the worker's connections to be reconnecting when the signal arrives.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const exited = once(worker.child, 'exit');
      const started = Date.now();
      worker.child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(code).toBe(0);
    } finally {
      await worker.kill();
    }
  }, 40_000);
});
