import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Router } from 'express';
import { Redis } from 'ioredis';
import { JOB_NAMES } from './catalog.js';
import { queueNameOf } from './bullmq.js';

/** Bull Board over the job queues, plus their depths for /metrics (production mode only). */
export interface QueueBoard {
  router: Router;
  depths(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * Opens one read-mostly Queue handle per job name on its own connection and serves Bull Board
 * for them under `basePath`. The caller puts the admin-token check in front of the router.
 */
export function createQueueBoard(options: {
  redisUrl: string;
  prefix?: string;
  basePath: string;
}): QueueBoard {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queues = JOB_NAMES.map(
    (name) => new Queue(queueNameOf(name), { connection, prefix: options.prefix ?? 'bull' }),
  );
  const adapter = new ExpressAdapter();
  adapter.setBasePath(options.basePath);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  return {
    router: adapter.getRouter() as Router,
    async depths() {
      const out: Record<string, number> = {};
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        out[queue.name] = Object.values(counts).reduce((sum, n) => sum + n, 0);
      }
      return out;
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    },
  };
}
