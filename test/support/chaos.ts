import { createRandom } from '../../src/simulator/prng.js';
import type { ProductionStack } from './production-stack.js';
import type { ThrowawayPostgres, ThrowawayRedis } from './throwaway-services.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

/**
 * A kill schedule for the chaos test: at chosen helpdesk requests (held at the recording proxy
 * while the faults happen, so the point in the pipeline is exact), SIGKILL a worker process,
 * empty Redis (a restart without persistence) or restart PostgreSQL (`-m immediate`).
 */
export type ChaosAction = 'kill-worker' | 'empty-redis' | 'restart-postgres';

export interface ChaosStep {
  /** Path prefix of the helpdesk request to stop at (e.g. the users export: before any stream). */
  at: string;
  /** Which matching request, 1-based, counted from the previous step. */
  nth: number;
  actions: readonly ChaosAction[];
}

export interface KillSchedule {
  name: string;
  /** Seeds the simulator's data and which worker each kill hits. */
  seed: number;
  steps: readonly ChaosStep[];
}

export const USERS_EXPORT = '/api/v2/incremental/users/cursor.json';
export const ORGANIZATIONS_EXPORT = '/api/v2/incremental/organizations.json';
export const TICKETS_EXPORT = '/api/v2/incremental/tickets/cursor.json';
export const EVENTS_EXPORT = '/api/v2/incremental/ticket_events.json';
export const RATINGS = '/api/v2/satisfaction_ratings.json';
export const BULK_PUSH = '/api/v2/users/update_many.json';

/**
 * Two `deskpulse worker` processes as a deployment runs them: a supervisor starts a new one
 * whenever one dies (SIGKILLed by a schedule or exited on its own), so the pool stays at two.
 */
export interface WorkerPool {
  /** SIGKILLs one of the running workers (chosen by the schedule's seed) and starts another. */
  killOne(): Promise<void>;
  /** Lines the workers wrote to stderr, for a failing assertion's message. */
  log(): string;
  /** How many workers exited without being killed by the schedule. */
  unexpectedExits(): number;
  stop(): Promise<void>;
}

export function startWorkerPool(env: Record<string, string>, seed: number): WorkerPool {
  const random = createRandom(seed, 'chaos-kills', 0);
  const running: WorkerProcess[] = [];
  const finished: WorkerProcess[] = [];
  let stopping = false;
  let unexpected = 0;
  const start = (): void => {
    const worker = spawnWorker(env);
    running.push(worker);
    worker.child.once('exit', () => {
      const at = running.indexOf(worker);
      if (at < 0) return;
      // Not killed by the schedule: a supervisor restarts it.
      running.splice(at, 1);
      finished.push(worker);
      if (stopping) return;
      unexpected += 1;
      start();
    });
  };
  start();
  start();
  return {
    async killOne() {
      const victim = running[Math.floor(random() * running.length)];
      if (victim === undefined) return;
      running.splice(running.indexOf(victim), 1);
      finished.push(victim);
      await victim.kill();
      start();
    },
    log: () =>
      [...finished, ...running]
        .map((w) => w.stderr())
        .join('')
        .split('\n')
        .filter((line) => !line.includes('running (concurrency'))
        .slice(-40)
        .join('\n'),
    unexpectedExits: () => unexpected,
    async stop() {
      stopping = true;
      await Promise.all(running.map((w) => w.kill()));
    },
  };
}

/** The faults a schedule can cause, around one stack. */
export interface ChaosTargets {
  stack: ProductionStack;
  redis: ThrowawayRedis;
  postgres: ThrowawayPostgres;
  workers: WorkerPool;
}

/**
 * Runs a schedule's steps in order: arms the proxy to hold the step's request, calls `begin`
 * (what sets the pipeline going) before the first, and once the request is held performs the
 * step's actions, then lets the request go on (its client may be dead by then). A request that
 * never comes fails the schedule: the step points at nothing.
 */
export async function runKillSchedule(
  schedule: KillSchedule,
  targets: ChaosTargets,
  begin: () => Promise<void>,
  stepTimeoutMs = 60_000,
): Promise<void> {
  let begun = false;
  for (const [index, step] of schedule.steps.entries()) {
    const held = targets.stack.proxy.holdNth((url) => url.startsWith(step.at), step.nth);
    if (!begun) {
      begun = true;
      await begin();
    }
    const request = await withTimeout(
      held,
      stepTimeoutMs,
      `${schedule.name}: step ${String(index + 1)} (${step.at} #${String(step.nth)}) never came`,
    );
    for (const action of step.actions) await perform(action, targets);
    request.release();
  }
}

async function perform(action: ChaosAction, targets: ChaosTargets): Promise<void> {
  if (action === 'kill-worker') await targets.workers.killOne();
  // Down long enough for in-flight commands and queries to fail, short enough for the test.
  if (action === 'empty-redis') await targets.redis.restart(500);
  if (action === 'restart-postgres') await targets.postgres.restart(1_000);
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(message));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
