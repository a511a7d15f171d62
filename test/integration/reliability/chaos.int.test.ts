import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineStatus } from '../../../src/services/admin/pipeline-status.js';
import { startBackfill } from '../../../src/services/admin/backfill.js';
import {
  BULK_PUSH,
  EVENTS_EXPORT,
  ORGANIZATIONS_EXPORT,
  RATINGS,
  TICKETS_EXPORT,
  USERS_EXPORT,
  runKillSchedule,
  startWorkerPool,
  type KillSchedule,
} from '../../support/chaos.js';
import { differencesFromTruth, startProductionStack } from '../../support/production-stack.js';
import { summaryDifferences } from '../../support/summary-truth.js';
import {
  startThrowawayPostgres,
  startThrowawayRedis,
  type ThrowawayPostgres,
  type ThrowawayRedis,
} from '../../support/throwaway-services.js';
import { buildCli } from '../../support/worker-process.js';

/**
 * The kill schedules. Each holds one helpdesk request at a time at the proxy and, while it is
 * held, SIGKILLs a worker, empties Redis or restarts PostgreSQL. Every schedule hits the sync
 * before every stream has started (at the users export, the first stream), and later points:
 * mid-tickets, mid-events, the ratings stream, and the bulk push-back of summaries.
 */
const SCHEDULES: readonly KillSchedule[] = [
  {
    name: 'A kill@users kill@events',
    seed: 101,
    steps: [
      { at: USERS_EXPORT, nth: 1, actions: ['kill-worker'] },
      { at: EVENTS_EXPORT, nth: 2, actions: ['kill-worker'] },
    ],
  },
  {
    name: 'B redis@orgs kill@push',
    seed: 202,
    steps: [
      { at: ORGANIZATIONS_EXPORT, nth: 1, actions: ['empty-redis'] },
      { at: BULK_PUSH, nth: 1, actions: ['kill-worker'] },
    ],
  },
  {
    name: 'C pg@users redis@events',
    seed: 303,
    steps: [
      { at: USERS_EXPORT, nth: 1, actions: ['restart-postgres'] },
      { at: EVENTS_EXPORT, nth: 1, actions: ['empty-redis'] },
    ],
  },
  {
    name: 'D all@tickets pg@push',
    seed: 404,
    steps: [
      { at: TICKETS_EXPORT, nth: 1, actions: ['kill-worker', 'empty-redis', 'restart-postgres'] },
      { at: BULK_PUSH, nth: 1, actions: ['restart-postgres'] },
    ],
  },
  {
    name: 'E kill2@users redis@ratings all@push',
    seed: 505,
    steps: [
      { at: USERS_EXPORT, nth: 1, actions: ['kill-worker', 'kill-worker'] },
      { at: RATINGS, nth: 1, actions: ['empty-redis', 'kill-worker'] },
      { at: BULK_PUSH, nth: 1, actions: ['kill-worker', 'restart-postgres'] },
    ],
  },
];

const TICKETS = 100;
/** Two months of tickets: every day is rolled up, and fewer days keep each schedule short. */
const WINDOW = { start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 2, 1) };
/** Every schedule must settle within this once its last step ran. */
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * The chaos test of issue 13: a backfill in production mode (two `deskpulse worker` processes,
 * BullMQ on a throwaway Redis, a throwaway PostgreSQL) against the simulator, under each kill
 * schedule; then the pipeline must report itself settled, and the store (tickets, events,
 * metrics), the requester summaries and the values written back to the simulator must equal the
 * simulator's ground truth: nothing lost, duplicated or stale. The scheduled sync runs every
 * five seconds (every minute in production) so that work a restart dropped from Redis comes back
 * within the test; WORKER_LOCK_MS is 3 s so a killed worker's job and leases pass on quickly.
 */
describe('a backfill under kill schedules (SIGKILL, Redis emptied, PostgreSQL restarted)', () => {
  let services: { postgres: ThrowawayPostgres; redis: ThrowawayRedis } | undefined;

  beforeAll(async () => {
    await buildCli();
    const [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
    services = { postgres, redis };
    // The build is incremental but compiles the whole CLI on a cold or loaded machine.
  }, 240_000);

  afterAll(async () => {
    await Promise.all([services?.redis.dispose(), services?.postgres.dispose()]);
  }, 60_000);

  it.each(SCHEDULES)(
    'settles equal to the ground truth: $name',
    async (schedule) => {
      if (services === undefined) throw new Error('no throwaway services');
      const { postgres, redis } = services;
      const stack = await startProductionStack({
        databaseUrl: postgres.url,
        redisUrl: redis.url,
        simulator: { tickets: TICKETS, seed: schedule.seed, rateLimit: 'off', ...WINDOW },
        syncCron: '*/5 * * * * *',
        env: { WORKER_LOCK_MS: '3000', SHUTDOWN_GRACE_MS: '2000' },
      });
      const workers = startWorkerPool(stack.env, schedule.seed);
      try {
        const { store, installationId, sim } = stack;
        await runKillSchedule(schedule, { stack, redis, postgres, workers }, async () => {
          // What `POST …/backfill` does: the request is stored before its job is queued.
          await startBackfill({ ...stack, now: Date.now }, installationId, '2023-12-01');
        });
        await waitSettled(stack.store, installationId, () => workers.log());
        const differences = [
          ...(await differencesFromTruth(store, installationId, sim)),
          ...(await summaryDifferences(store, installationId, sim)),
        ];
        expect(differences.slice(0, 20), workers.log()).toEqual([]);
        // A worker that died on its own (not killed by the schedule) crashed on a fault.
        expect(workers.unexpectedExits(), workers.log()).toBe(0);
      } finally {
        await workers.stop();
        await stack.close();
      }
    },
    180_000,
  );
});

/** Polls the settled status (what `deskpulse status --wait-settled` does) until it is true. */
async function waitSettled(
  store: Parameters<typeof pipelineStatus>[0],
  installationId: string,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const status = await pipelineStatus(store, installationId, Date.now()).catch(
      (error: unknown) => ({ error: String(error) }),
    );
    if ('settled' in status && status.settled) return;
    last = status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not settled: ${JSON.stringify(last)}\n${log()}`);
}
