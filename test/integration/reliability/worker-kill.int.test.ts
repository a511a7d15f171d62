import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SHARED_REDIS_URL,
  differencesFromTruth,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { buildCli, spawnWorker, type WorkerProcess } from '../../support/worker-process.js';
import { DATABASE_URL } from '../store/support.js';

const isEventsPage = (url: string): boolean => url.startsWith('/api/v2/incremental/ticket_events');

/**
 * A `deskpulse worker` process SIGKILLed while it waits for a page of the sync: nothing it did
 * not commit may count as done, and nothing it committed may be lost. A second worker takes the
 * stalled job over (BullMQ's lock expires after 30 s) and the store must end equal to the truth.
 */
describe('a worker killed with SIGKILL in the middle of a sync page', () => {
  let stack: ProductionStack;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await buildCli();
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: { tickets: 250, seed: 21, rateLimit: 'off' },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await stack.close();
  }, 60_000);

  it('restarts, resumes from the last committed page and ends equal to the truth', async () => {
    const { store, installationId, sim } = stack;
    const held = stack.proxy.holdNth(isEventsPage, 2);
    workers.push(spawnWorker(stack.env));
    await stack.enqueueBackfill();
    // The worker committed the first events page and is waiting for the second one.
    const request = await held;
    expect(await store.getCheckpoint(installationId, 'ticket_events')).not.toBeNull();
    await workers[0]?.kill();
    request.release();
    const afterKill = await differencesFromTruth(store, installationId, sim);
    expect(afterKill.length, 'the kill left work undone').toBeGreaterThan(0);

    workers.push(spawnWorker(stack.env));
    await vi.waitFor(
      async () => {
        const differences = await differencesFromTruth(store, installationId, sim);
        expect(differences, workers[1]?.stderr()).toEqual([]);
      },
      // BullMQ hands a dead worker's job to another once its 30 s lock expired, at the next
      // stalled-job check (every 30 s): up to a minute before the sync goes on.
      { timeout: 100_000, interval: 1_000 },
    );
    const status = await store.listSyncStatus(installationId);
    expect(status.every((s) => s.checkpoint !== null && s.lastError === null)).toBe(true);
  }, 120_000);
});
