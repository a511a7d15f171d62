import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueNameOf } from '../../src/queue/bullmq.js';
import { JOB_NAMES } from '../../src/queue/catalog.js';
import type { FailedJob } from '../../src/queue/queue.js';
import { jobsInFlight } from '../support/queue-probe.js';
import { CLI } from './connector.bench.js';

/** The BullMQ queues of one bench run (its own prefix), inspected from the bench process. */
export interface BenchQueues {
  /** Resolves once `count` workers are connected to the sync queue. */
  waitForWorkers(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once no job is waiting, active, delayed or prioritised, twice in a row. */
  idle(workers: readonly ChildProcess[], timeoutMs?: number): Promise<void>;
  failed(): Promise<FailedJob[]>;
  /** Removes every key of the prefix and disconnects. */
  close(): Promise<void>;
}

export function openBenchQueues(redisUrl: string, prefix: string): BenchQueues {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = JOB_NAMES.map((name) => ({
    name,
    queue: new Queue(queueNameOf(name), { connection, prefix }),
  }));
  const sync = new Queue(queueNameOf('tickets.sync'), { connection, prefix });
  const pending = () => jobsInFlight(queues.map((q) => q.queue));
  return {
    async waitForWorkers(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Every worker process serves tickets.sync; other queues may have no processor.
        const connected = await sync.getWorkersCount();
        if (connected >= count) return;
        if (Date.now() > deadline)
          throw new Error(`${String(connected)} of ${String(count)} workers up`);
        await sleep(100);
      }
    },
    async idle(workers, timeoutMs = 30 * 60_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      // Two empty polls in a row: a job finishing may enqueue its follow-up just after a poll.
      while (quiet < 2) {
        const dead = workers.find((w) => w.exitCode !== null);
        if (dead !== undefined) throw new Error(`a worker exited (${String(dead.exitCode)})`);
        if (Date.now() > deadline) throw new Error('pipeline not idle before the timeout');
        quiet = (await pending()) === 0 ? quiet + 1 : 0;
        await sleep(100);
      }
    },
    async failed() {
      const lists = await Promise.all(
        queues.map(async ({ name, queue }) =>
          (await queue.getFailed()).map((job) => ({
            name,
            jobId: job.id ?? '',
            payload: job.data as unknown,
            attempts: job.attemptsMade,
            error: job.failedReason,
          })),
        ),
      );
      return lists.flat();
    },
    async close() {
      for (const { queue } of queues) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await sync.close();
      connection.disconnect();
    },
  };
}

/**
 * `count` compiled `deskpulse worker` processes with `env`, each `node` given `nodeArgs` first
 * (e.g. `--cpu-prof`). Their stderr is kept (the last 4 kB each) rather than interleaved with
 * the bench's table; {@link workerLogs} shows it on failure.
 */
export function spawnWorkers(
  count: number,
  nodeArgs: readonly string[],
  env: Record<string, string>,
): ChildProcess[] {
  return Array.from({ length: count }, () => {
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'worker'], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    logs.set(child, () => tail);
    return child;
  });
}

const logs = new WeakMap<ChildProcess, () => string>();

/** The kept stderr of each worker, for an error message. */
export function workerLogs(workers: readonly ChildProcess[]): string {
  return workers.map((w, i) => `worker ${String(i)}: ${logs.get(w)?.() ?? ''}`).join('\n');
}

/** SIGTERM (graceful: in-flight jobs finish), then wait for every exit. */
export async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.exitCode !== null || w.signalCode !== null) return;
      const exited = once(w, 'exit');
      w.kill('SIGTERM');
      await exited;
    }),
  );
}
