import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queueNameOf } from '../../../src/queue/bullmq.js';
import { requestDrain } from '../../../src/services/pipeline/drains.js';
import { whatIf } from '../../../src/services/whatif/what-if.js';
import { createPgClient, type SqlClient } from '../../../src/store/sql-client.js';
import { benchSchedule } from '../../bench/synthetic-timelines.js';
import {
  SHARED_REDIS_URL,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { ticketsOutsideBlocks } from '../../support/replay-coverage.js';
import { openQueueProbe, type QueueProbe } from '../../support/queue-probe.js';
import { buildCli, spawnWorker, type WorkerProcess } from '../../support/worker-process.js';
import { DATABASE_URL } from '../store/support.js';

/**
 * How long the installation must see no analysis before its rebuild is queued: far longer than
 * one drain of the burst takes even on a loaded machine, so the burst is one quiet spell.
 */
const QUIET_MS = 10_000;
const BURST = 5;

/**
 * Production mode (BullMQ on the real Redis, PostgreSQL, `deskpulse worker` processes, the
 * server's sweep): the replay-block rebuild an analysis drain asks for waits for a quiet spell
 * (services/whatif/rebuild-asks.ts). A burst of drains queues exactly one rebuild, after it; while
 * it waits no queue counts it as work in flight; a what-if before it builds what it reads; and a
 * worker killed in the middle of the rebuild leaves it to the next worker.
 */
describe('the replay-block rebuild waits for a quiet spell (production mode)', () => {
  let stack: ProductionStack;
  let client: SqlClient;
  let probe: QueueProbe;
  let events: QueueEvents;
  let eventsConnection: Redis;
  const workers: WorkerProcess[] = [];
  /** `replay.rebuild` jobs added to the queue since the last reset. */
  let added = 0;

  beforeAll(async () => {
    await buildCli();
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: { tickets: 60, seed: 53, rateLimit: 'off' },
      env: {
        REPLAY_REBUILD_QUIET_MS: String(QUIET_MS),
        REPLAY_REBUILD_MAX_WAIT_MS: '600000',
        // A killed worker's job passes to the next one within one to two times this.
        WORKER_LOCK_MS: '5000',
      },
    });
    const prefix = stack.env['QUEUE_PREFIX'] ?? '';
    client = createPgClient(DATABASE_URL, { schema: stack.env['DATABASE_SCHEMA'] ?? '' });
    probe = openQueueProbe(SHARED_REDIS_URL, prefix);
    eventsConnection = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
    events = new QueueEvents(queueNameOf('replay.rebuild'), {
      connection: eventsConnection,
      prefix,
    });
    events.on('added', () => {
      added += 1;
    });
    await events.waitUntilReady();
    workers.push(spawnWorker(stack.env));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await events.close();
    eventsConnection.disconnect();
    await probe.close();
    await client.close();
    await stack.close();
  }, 60_000);

  const uncovered = () => ticketsOutsideBlocks(client, stack.installationId);
  /** The installation's waiting ask's due time (epoch ms), or null. */
  const askDue = async () => {
    const { rows } = await client.query<{ due_at: Date }>(
      'SELECT due_at FROM replay_rebuild_asks WHERE installation_id = $1',
      [stack.installationId],
    );
    return rows[0]?.due_at.getTime() ?? null;
  };
  const ticketIds = async (n: number) =>
    (
      await client.query<{ ticket_id: string }>(
        `SELECT ticket_id FROM ticket_metrics WHERE installation_id = $1 ORDER BY ticket_id
         LIMIT $2`,
        [stack.installationId, n],
      )
    ).rows.map((r) => r.ticket_id);
  /**
   * One analysis drain that re-analyses `ticketId` (its stored metrics change, which drops its
   * replay block) on the worker, and the ask it makes: resolves once the ask's due time moved.
   */
  const drainOne = async (ticketId: string) => {
    const { store, installationId, producer } = stack;
    const before = await askDue();
    await store.markPending(installationId, 'ticket', [ticketId]);
    await requestDrain(producer, 'analysis.drain', installationId, Date.now());
    await vi.waitFor(
      async () => {
        expect((await store.countPending(installationId)).ticket).toBe(0);
        expect(await askDue()).toBeGreaterThan(before ?? 0);
      },
      { timeout: 30_000, interval: 100 },
    );
  };
  const settledAndBuilt = async () => {
    expect((await stack.store.countPending(stack.installationId)).ticket).toBe(0);
    expect(await askDue()).toBeNull();
    expect(await uncovered()).toBe(0);
    expect(await probe.inFlight()).toBe(0);
  };

  it('after a backfill the put-off rebuild builds every block', async () => {
    await stack.enqueueBackfill();
    await vi.waitFor(settledAndBuilt, { timeout: 120_000, interval: 500 });
    expect(added).toBeGreaterThan(0);
  }, 150_000);

  it('a sync that finds nothing new asks for no rebuild: polls keep no installation busy', async () => {
    const { producer, installationId } = stack;
    // Counted in flight from the enqueue until it completed.
    await producer.enqueue('tickets.sync', { installationId, mode: 'incremental' });
    await vi.waitFor(
      async () => {
        expect(await probe.inFlight()).toBe(0);
      },
      {
        timeout: 30_000,
        interval: 100,
      },
    );
    expect(await askDue()).toBeNull();
  }, 60_000);

  it('a burst of drains queues one rebuild, after the quiet time, and nothing waits for it', async () => {
    added = 0;
    let lastDrain = 0;
    for (const id of await ticketIds(BURST)) {
      lastDrain = Date.now();
      await drainOne(id);
    }
    // Each drain pushed the due time back: it is the quiet time after the last one.
    const due = (await askDue()) ?? 0;
    expect(due).toBeGreaterThanOrEqual(lastDrain + QUIET_MS);
    // The drains dropped blocks; the rebuild is only a due time in PostgreSQL: no queue holds a
    // job, so everything that waits for "no job in flight" is done.
    await vi.waitFor(
      async () => {
        expect(await probe.inFlight()).toBe(0);
      },
      {
        timeout: Math.max(1_000, due - Date.now() - 1_000),
        interval: 100,
      },
    );
    expect(await uncovered()).toBeGreaterThan(0);
    expect(await askDue()).not.toBeNull();
    expect(added).toBe(0);
    await vi.waitFor(settledAndBuilt, { timeout: 60_000, interval: 250 });
    expect(Date.now()).toBeGreaterThanOrEqual(due);
    expect(added).toBe(1);
  }, 150_000);

  it('a what-if before the rebuild builds the blocks it reads', async () => {
    added = 0;
    const [id] = await ticketIds(1);
    await drainOne(id ?? '');
    expect(await uncovered()).toBeGreaterThan(0);
    const report = await whatIf(
      { store: stack.store, reportingTimeZone: 'UTC', now: Date.now },
      stack.installationId,
      { proposal: { schedules: [benchSchedule] }, flipLimit: 0 },
    );
    expect(report.overall).toBeDefined();
    expect(await uncovered()).toBe(0);
    expect(added).toBe(0);
    // The rebuild still runs when due, and finds nothing to build.
    await vi.waitFor(settledAndBuilt, { timeout: 60_000, interval: 250 });
    expect(added).toBe(1);
  }, 150_000);

  it('a worker killed in the middle of the rebuild leaves it to the next worker', async () => {
    const [id] = await ticketIds(1);
    await drainOne(id ?? '');
    const locker = createPgClient(DATABASE_URL, { schema: stack.env['DATABASE_SCHEMA'] ?? '' });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      // Writes to the blocks wait: the rebuild, once the sweep queued it, blocks inside its step.
      const locked = locker.transaction(async (tx) => {
        await tx.query('LOCK TABLE ticket_replay_blocks IN EXCLUSIVE MODE');
        await released;
      });
      await vi.waitFor(
        async () => {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks
             WHERE relation = 'ticket_replay_blocks'::regclass AND NOT granted`,
          );
          expect(rows[0]?.n).toBeGreaterThan(0);
        },
        { timeout: 60_000, interval: 250 },
      );
      // The ask was queued (and cleared): only the job in BullMQ can still build the block.
      expect(await askDue()).toBeNull();
      await workers[0]?.kill();
      release();
      await locked;
      expect(await uncovered()).toBeGreaterThan(0);
      workers.push(spawnWorker(stack.env));
      await vi.waitFor(settledAndBuilt, { timeout: 90_000, interval: 500 });
    } finally {
      release();
      await locker.close();
    }
  }, 150_000);
});
