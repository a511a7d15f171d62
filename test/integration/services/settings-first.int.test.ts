import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../../jobs/embedded.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { simulatorConnector } from './support.js';

const SINCE = Date.UTC(2023, 11, 1);

/**
 * A first backfill with analysis running beside the sync, as in embedded and production mode:
 * every solved ticket must come out with business-hours values, since the schedules are stored
 * before any ticket page (issue 14, finding 1: 15 of 590 had them).
 */
describe.each(DATABASES)('first backfill on %s: settings before analysis', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let jobs: EmbeddedJobs;
  let inst: string;

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: 250, seed: 23, rateLimit: 'off' });
    inst = (await store.createInstallation(newInstallation())).id;
    jobs = startEmbeddedJobs({
      store,
      connectorFor: () => Promise.resolve(simulatorConnector(sim)),
      now: () => Date.now(),
      reportingTimeZone: 'UTC',
    });
  }, 60_000);

  afterAll(async () => {
    await jobs.close();
    await sim.close();
    await db.dispose();
  });

  /** Ids of the truth's tickets solved or closed as the simulator generated them. */
  const solvedTruth = (): string[] => {
    const ids: string[] = [];
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket } = sim.dataset.truth(i);
      if (ticket.status === 'solved' || ticket.status === 'closed') ids.push(ticket.id);
    }
    return ids;
  };
  const countWithBusiness = async (installationId: string, ids: readonly string[]) => {
    let n = 0;
    for (const id of ids) {
      const stored = await store.getTicketMetrics(installationId, id);
      if (stored?.metrics.fullResolution.business != null) n += 1;
    }
    return n;
  };

  it('gives every solved ticket of the truth business-hours resolution times', async () => {
    await jobs.producer.enqueue('tickets.sync', {
      installationId: inst,
      mode: 'backfill',
      since: SINCE,
    });
    await jobs.idle();
    expect(await jobs.failed()).toEqual([]);

    const solvedIds = solvedTruth();
    expect(solvedIds.length).toBeGreaterThan(50);
    expect(await countWithBusiness(inst, solvedIds)).toBe(solvedIds.length);
  }, 120_000);

  it('analyses again the tickets analysed before their schedules arrived', async () => {
    const late = (await store.createInstallation(newInstallation())).id;
    let schedulesKnown = false;
    const lateJobs = startEmbeddedJobs({
      store,
      connectorFor: () => {
        const connector = simulatorConnector(sim);
        // An account whose schedules were created after its tickets were first synced.
        const schedules = () => (schedulesKnown ? connector.schedules() : Promise.resolve([]));
        return Promise.resolve({ ...connector, schedules });
      },
      now: () => Date.now(),
      reportingTimeZone: 'UTC',
    });
    try {
      const sync = { installationId: late, mode: 'backfill' as const, since: SINCE };
      await lateJobs.producer.enqueue('tickets.sync', sync);
      await lateJobs.idle();
      const solvedIds = solvedTruth();
      expect(await countWithBusiness(late, solvedIds)).toBe(0);

      schedulesKnown = true;
      await lateJobs.producer.enqueue('tickets.sync', {
        installationId: late,
        mode: 'incremental',
      });
      await lateJobs.idle();
      expect(await lateJobs.failed()).toEqual([]);
      expect(await countWithBusiness(late, solvedIds)).toBe(solvedIds.length);
    } finally {
      await lateJobs.close();
    }
  }, 180_000);
});
