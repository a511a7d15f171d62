import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { startSyncSchedule } from '../../../src/scheduler/sync-schedule.js';

describe('sync schedule', () => {
  it('enqueues one incremental sync per installation per tick, never two at once', async () => {
    const queue = createInProcessQueue();
    const synced: string[] = [];
    const releases: (() => void)[] = [];
    queue.start({
      'tickets.sync': async ({ installationId }) => {
        synced.push(installationId);
        await new Promise<void>((resolve) => releases.push(resolve));
      },
    });
    const schedule = startSyncSchedule({
      cron: '0 0 1 1 *',
      installationIds: async () => ['a', 'b'],
      producer: queue,
      onError: () => undefined,
    });
    await schedule.tick();
    await schedule.tick(); // the first syncs are still running: absorbed, not doubled
    expect(synced).toEqual(['a', 'b']);
    releases.forEach((release) => {
      release();
    });
    await schedule.stop();
    await queue.close();
  });

  it('rejects an invalid cron expression with the variable named', () => {
    const queue = createInProcessQueue();
    expect(() =>
      startSyncSchedule({
        cron: 'every minute',
        installationIds: async () => [],
        producer: queue,
        onError: () => undefined,
      }),
    ).toThrow(ConfigError);
  });
});
