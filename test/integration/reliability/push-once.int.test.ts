import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pipelineStatus } from '../../../src/services/admin/pipeline-status.js';
import { startBackfill } from '../../../src/services/admin/backfill.js';
import { MAX_DEFER_MS } from '../../../src/services/pipeline/drains.js';
import {
  SHARED_REDIS_URL,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { RATINGS } from '../../support/chaos.js';
import { lastPushedValues } from '../../support/summary-truth.js';
import { DATABASE_URL } from '../store/support.js';

interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
}

/** How many times the simulator received field values for each user, in bulk or one by one. */
async function writesPerUser(url: string): Promise<Map<string, number>> {
  const { writes } = (await (await fetch(`${url}/__writes`)).json()) as {
    writes: RecordedWrite[];
  };
  const counts = new Map<string, number>();
  const count = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const w of writes) {
    const single = /^\/api\/v2\/users\/(\d+)\.json$/.exec(w.path);
    if (w.method === 'PUT' && single?.[1] !== undefined) count(single[1]);
    if (w.path !== '/api/v2/users/update_many.json') continue;
    for (const { id } of (w.body as { users: { id: number }[] }).users) count(String(id));
  }
  return counts;
}

/**
 * A backfill writes each helpdesk user once (README: bulk push-back), with their final summary:
 * push-back waits while the backfill's pages and the analysis they cause can still change a
 * summary (issue 13: users were written 3–5 times per backfill, up to 12 under failures). The
 * simulator serves transport and page faults meanwhile: a refused write never reached it, so a
 * retry is no second write, and a user written twice is a fault of the pipeline.
 */
describe('push-back during a backfill', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: {
        tickets: 300,
        seed: 31,
        rateLimit: 'off',
        faults: {
          serverErrors: { probability: 0.05 },
          rateLimitStorm: { probability: 0.05 },
          dropConnection: { probability: 0.02 },
          duplicateEvents: { probability: 0.3 },
          outOfOrderEvents: { probability: 0.3 },
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await stack.close();
  }, 60_000);

  it('writes each requester once, after the last page', async () => {
    const { store, installationId, sim } = stack;
    // The ratings' second page is held until tickets the first page passed were analysed and
    // summarised: without waiting, push-back would write those summaries, then each again after
    // the rest came. (Analysis waits for a ticket's events and rating to be read, so holding an
    // earlier page would hold every analysis.) Held by its cursor: a retried first page is no
    // second page.
    const secondRatingsPage = (url: string) =>
      url.startsWith(RATINGS) && /page(%5B|\[)after/.test(url);
    const held = stack.proxy.holdNth(secondRatingsPage, 1);
    await stack.startWorker();
    await startBackfill({ ...stack, now: Date.now }, installationId, '2023-12-01');
    const request = await held;
    // Summaries wait up to MAX_DEFER_MS for the tickets still held, whose analysis marks again.
    await vi.waitFor(
      async () => {
        expect(await store.countUnpushedSummaries(installationId)).toBeGreaterThan(0);
      },
      { timeout: MAX_DEFER_MS + 30_000, interval: 200 },
    );
    // Past a push-back drain's bucket (drains.ts), so an eager push would have happened.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    request.release();
    await vi.waitFor(
      async () => {
        expect((await pipelineStatus(store, installationId, Date.now())).settled).toBe(true);
      },
      { timeout: 90_000, interval: 500 },
    );
    const counts = await writesPerUser(sim.url);
    const requesters = new Set<string>();
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket } = sim.dataset.truth(i);
      if (ticket.status !== 'deleted') requesters.add(ticket.requesterId);
    }
    expect(requesters.size).toBeGreaterThan(20);
    const pushed = await lastPushedValues(sim);
    const writtenMoreThanOnce = [...counts].filter(([, n]) => n > 1);
    expect(writtenMoreThanOnce).toEqual([]);
    // The faults were served: the count above held through them.
    const { faults } = sim.faultReport();
    expect(faults.serverErrors + faults.rateLimitStorm + faults.dropConnection).toBeGreaterThan(0);
    expect(faults.duplicateEvents).toBeGreaterThan(0);
    for (const requesterId of requesters) expect(pushed.has(requesterId)).toBe(true);
  }, 240_000);
});
