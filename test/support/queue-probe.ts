import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueNameOf } from '../../src/queue/bullmq.js';
import { JOB_NAMES } from '../../src/queue/catalog.js';

/** Read-only view of one stack's BullMQ queues (its own prefix), for waits that must end. */
export interface QueueProbe {
  /** Jobs that may still run: waiting, active, delayed (retries included) or prioritised. */
  inFlight(): Promise<number>;
  /** Jobs that failed for good, as `name jobId: reason` lines. */
  failed(): Promise<string[]>;
  /** Disconnects; the queues' keys are the stack's to remove. */
  close(): Promise<void>;
}

export function openQueueProbe(redisUrl: string, prefix: string): QueueProbe {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = JOB_NAMES.map((name) => new Queue(queueNameOf(name), { connection, prefix }));
  return {
    inFlight: () => jobsInFlight(queues),
    async failed() {
      const lists = await Promise.all(
        queues.map(async (queue) =>
          (await queue.getFailed()).map(
            (job) => `${job.name} ${job.id ?? '?'}: ${job.failedReason}`,
          ),
        ),
      );
      return lists.flat();
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    },
  };
}

/** Jobs of `queues` that may still run: waiting, active, delayed (retries included) or prioritised. */
export async function jobsInFlight(queues: readonly Queue[]): Promise<number> {
  let total = 0;
  for (const queue of queues) {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    for (const n of Object.values(counts)) total += n;
  }
  return total;
}
