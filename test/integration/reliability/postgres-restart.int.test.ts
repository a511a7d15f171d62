import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SHARED_REDIS_URL,
  differencesFromTruth,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../../support/throwaway-services.js';

const isEventsPage = (url: string): boolean => url.startsWith('/api/v2/incremental/ticket_events');

/**
 * PostgreSQL stopped with `-m immediate` (connections cut, crash recovery on start) while the
 * sync waits for a page, down for two seconds: the page in flight cannot commit, the job fails
 * and is retried by the queue, analysis jobs that hit the outage are retried too.
 */
describe('PostgreSQL restarted in the middle of a sync', () => {
  let postgres: ThrowawayPostgres;
  let stack: ProductionStack;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    stack = await startProductionStack({
      databaseUrl: postgres.url,
      redisUrl: SHARED_REDIS_URL,
      simulator: { tickets: 400, seed: 23, rateLimit: 'off' },
    });
  }, 60_000);

  afterAll(async () => {
    await stack.close();
    await postgres.dispose();
  }, 60_000);

  it('reconnects, retries and ends equal to the truth', async () => {
    const { store, installationId, sim } = stack;
    const held = stack.proxy.holdNth(isEventsPage, 2);
    await stack.startWorker();
    await stack.enqueueBackfill();
    const request = await held;
    await postgres.stop();
    request.release();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await postgres.start();
    await vi.waitFor(
      async () => {
        expect(await differencesFromTruth(store, installationId, sim)).toEqual([]);
      },
      { timeout: 70_000, interval: 1_000 },
    );
  }, 90_000);
});
