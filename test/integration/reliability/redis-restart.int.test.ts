import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  differencesFromTruth,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/throwaway-services.js';
import { diffAgainstTruth } from '../services/support.js';
import { DATABASE_URL } from '../store/support.js';

const isEventsPage = (url: string): boolean => url.startsWith('/api/v2/incremental/ticket_events');
// The last stream a sync reads (schedules come first since settings are stored before tickets).
const isRatings = (url: string): boolean => url.startsWith('/api/v2/satisfaction_ratings');

/**
 * Redis restarted while the sync waits for its second events page, down for two seconds. The
 * worker's connections reconnect on their own; the store must end equal to the truth.
 */
describe('Redis restarted in the middle of a sync', () => {
  let redis: ThrowawayRedis;
  const stacks: ProductionStack[] = [];

  const start = async (seed: number): Promise<ProductionStack> => {
    const stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: redis.url,
      simulator: { tickets: 300, seed, rateLimit: 'off' },
    });
    stacks.push(stack);
    return stack;
  };

  /** Starts a worker and a backfill, and resolves once the sync waits for its 2nd events page. */
  const syncUntilSecondEventsPage = async (stack: ProductionStack) => {
    const held = stack.proxy.holdNth(isEventsPage, 2);
    await stack.startWorker();
    await stack.enqueueBackfill();
    const request = await held;
    expect(await stack.store.getCheckpoint(stack.installationId, 'ticket_events')).not.toBeNull();
    return request;
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await redis.dispose();
  }, 60_000);

  it('with its data kept (a Redis with persistence): every ticket, event and metric', async () => {
    const stack = await start(22);
    const request = await syncUntilSecondEventsPage(stack);
    await redis.restart(2_000, { keepData: true });
    request.release();
    await vi.waitFor(
      async () => {
        expect(await differencesFromTruth(stack.store, stack.installationId, stack.sim)).toEqual(
          [],
        );
      },
      { timeout: 45_000, interval: 1_000 },
    );
  }, 80_000);

  it('empty (a crash without persistence): the sync goes on, then every ticket and event', async () => {
    const stack = await start(24);
    const request = await syncUntilSecondEventsPage(stack);
    const before = stack.proxy.requests.length;
    await redis.restart(2_000);
    request.release();
    // The sync job is gone from Redis, but its run goes on in the worker up to the ratings.
    await vi.waitFor(
      () => {
        expect(stack.proxy.requests.slice(before).some((r) => isRatings(r.url))).toBe(true);
      },
      { timeout: 30_000, interval: 200 },
    );
    // The next scheduled sync resumes from the stored checkpoints.
    await stack.producer.enqueue('tickets.sync', {
      installationId: stack.installationId,
      mode: 'incremental',
    });
    await vi.waitFor(
      async () => {
        const { mismatches } = await diffAgainstTruth(stack.store, stack.installationId, stack.sim);
        expect(mismatches).toEqual([]);
      },
      { timeout: 30_000, interval: 1_000 },
    );
  }, 80_000);
});
