import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpdeskConnector, Page } from '../../../src/connectors/connector.js';
import type { TicketEvent } from '../../../src/domain/index.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { backfillProgress, startBackfill } from '../../../src/services/admin/backfill.js';
import {
  syncInstallation,
  type SyncDeps,
} from '../../../src/services/pipeline/sync-installation.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { diffAgainstTruth, simulatorConnector } from './support.js';

const SINCE = '2023-12-01';

/**
 * The events export as Zendesk serves it when more updates share one second than a page holds:
 * `end_time` does not move on, so the connector stops after `pages` pages without reaching the
 * end of the stream (it resumes from its checkpoint next run).
 */
function eventsStuckAfter(connector: HelpdeskConnector, pages: number): HelpdeskConnector {
  return {
    ...connector,
    eventPages: async function* (options): AsyncGenerator<Page<TicketEvent>> {
      let served = 0;
      for await (const page of connector.eventPages(options)) {
        yield { ...page, endOfStream: false };
        served += 1;
        if (served === pages) return;
      }
    },
  };
}

const [, openPglite] = DATABASES.find(([name]) => name === 'pglite') ?? DATABASES[0] ?? [];

describe('backfill progress of the events stream (issue 13, minor: done ~90 pages early)', () => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let queue: ReturnType<typeof createInProcessQueue>;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    if (openPglite === undefined) throw new Error('no test database');
    db = await openPglite();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: 400, seed: 9, rateLimit: 'off' });
    queue = createInProcessQueue();
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await sim.close();
    await db.dispose();
  });

  const deps = (connector: () => HelpdeskConnector): SyncDeps => ({
    store,
    connectorFor: () => Promise.resolve(connector()),
    producer: queue,
    now: () => Date.now(),
  });
  const eventsStage = async (inst: string) =>
    (await backfillProgress({ store, now: () => Date.now() }, inst)).stages.find(
      (s) => s.stage === 'events',
    )?.state;

  it('is not done while the export stopped short of its end, and is once a later run reaches it', async () => {
    const inst = (await store.createInstallation(newInstallation())).id;
    const { backfillId } = await startBackfill(
      { store, producer: queue, now: () => Date.now() },
      inst,
      SINCE,
    );
    expect(backfillId).toEqual(expect.any(String));
    const since = Date.parse(`${SINCE}T00:00:00Z`);
    const stuck = await syncInstallation(
      deps(() => eventsStuckAfter(simulatorConnector(sim), 1)),
      { installationId: inst, mode: 'backfill', since },
      signal,
    );
    expect(stuck.streams.ticket_events?.pages).toBe(1);
    // Events remain in the export (the truth has more than one page's worth)…
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).not.toEqual([]);
    // …so neither the stage nor the pass may say done.
    expect(await eventsStage(inst)).toBe('running');
    const pass = (await store.listSyncPasses(inst)).find((p) => p.stream === 'ticket_events');
    expect(pass?.doneAt).toBeNull();
    expect(stuck.progress.stages.find((s) => s.stage === 'events')?.state).toBe('running');

    const resumed = await syncInstallation(
      deps(() => simulatorConnector(sim)),
      { installationId: inst, mode: 'incremental' },
      signal,
    );
    expect(resumed.streams.ticket_events?.pages).toBeGreaterThan(0);
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).toEqual([]);
    expect(await eventsStage(inst)).toBe('done');
    expect((await backfillProgress({ store, now: () => Date.now() }, inst)).state).toBe('done');
  });
});
