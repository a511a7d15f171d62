import cron from 'node-cron';
import { ConfigError } from '../errors.js';
import type { JobProducer } from '../queue/queue.js';

export interface SyncScheduleOptions {
  /** Cron expression (node-cron, seconds optional); default every minute. */
  cron: string;
  /** The installations to sync at each tick (read fresh, so new installations join). */
  installationIds: () => Promise<readonly string[]>;
  producer: JobProducer;
  onError: (error: unknown) => void;
}

export interface SyncSchedule {
  /** Runs one tick now (also what each scheduled tick does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Enqueues an incremental `tickets.sync` per installation on a cron schedule. No business logic:
 * the job id (one per installation and mode) keeps a sync from overlapping itself, since a
 * duplicate of a waiting or running job is absorbed by the queue.
 */
export function startSyncSchedule(options: SyncScheduleOptions): SyncSchedule {
  if (!cron.validate(options.cron))
    throw new ConfigError(`SYNC_CRON: "${options.cron}" is not a valid cron expression`);
  const tick = async (): Promise<void> => {
    for (const installationId of await options.installationIds()) {
      await options.producer.enqueue('tickets.sync', { installationId, mode: 'incremental' });
    }
  };
  const task = cron.schedule(
    options.cron,
    async () => {
      try {
        await tick();
      } catch (error) {
        options.onError(error);
      }
    },
    { name: 'deskpulse-sync', noOverlap: true },
  );
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
