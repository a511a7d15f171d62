import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import { BusyError } from '../../../src/errors.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import {
  syncInstallation,
  type SyncDeps,
} from '../../../src/services/pipeline/sync-installation.js';
import { SYNC_STREAMS } from '../../../src/services/pipeline/sync-pages.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { diffAgainstTruth, simulatorConnector } from './support.js';

const TICKETS = 200;
const SINCE = Date.UTC(2023, 11, 1);
const DAY_MS = 86_400_000;

/** A connector whose event stream dies before its first page, as a killed worker would. */
function eventsDie(connector: HelpdeskConnector): HelpdeskConnector {
  return {
    ...connector,
    // eslint-disable-next-line require-yield -- it dies before yielding anything
    eventPages: async function* () {
      throw new Error('worker killed');
    },
  };
}

describe.each(DATABASES)('sync passes (cause 1 of issue 13) on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let queue: ReturnType<typeof createInProcessQueue>;
  const signal = new AbortController().signal;

  const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps => ({
    store,
    connectorFor: () => Promise.resolve(simulatorConnector(sim)),
    producer: queue,
    now: () => Date.now(),
    ...overrides,
  });
  const newInst = async () => (await store.createInstallation(newInstallation())).id;
  // The simulator's history reaches months back: a one-day window misses nearly all of it.
  const oldestEvent = () => {
    let oldest = Infinity;
    for (let i = 0; i < sim.dataset.size; i += 1) {
      for (const e of sim.dataset.truth(i).events) oldest = Math.min(oldest, e.at);
    }
    return oldest;
  };

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: TICKETS, seed: 5, rateLimit: 'off' });
    queue = createInProcessQueue();
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await sim.close();
    await db.dispose();
  });

  it('a backfill that died before a stream started is finished from its start by an incremental run', async () => {
    expect(oldestEvent()).toBeLessThan(Date.now() - 2 * DAY_MS);
    const inst = await newInst();
    const dying = deps({ connectorFor: () => Promise.resolve(eventsDie(simulatorConnector(sim))) });
    await expect(
      syncInstallation(dying, { installationId: inst, mode: 'backfill', since: SINCE }, signal),
    ).rejects.toThrow('worker killed');
    expect(await store.getCheckpoint(inst, 'ticket_events')).toBeNull();

    // The scheduled run names no `since`, and its first-sync window would miss the history.
    const resumed = await syncInstallation(
      deps({ firstSyncDays: 1 }),
      { installationId: inst, mode: 'incremental' },
      signal,
    );
    expect(resumed.aborted).toBe(false);
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).toEqual([]);
    const passes = await store.listSyncPasses(inst);
    expect(passes.map((p) => [p.stream, p.origin, p.doneAt === null])).toEqual(
      [...SYNC_STREAMS].sort().map((s) => [s, SINCE, false]),
    );
  });

  it('a backfill requested after earlier syncs reads again from its date', async () => {
    const inst = await newInst();
    await syncInstallation(
      deps({ firstSyncDays: 1 }),
      { installationId: inst, mode: 'incremental' },
      signal,
    );
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).not.toEqual([]);

    await store.requestRewind(inst, SYNC_STREAMS, SINCE);
    const result = await syncInstallation(
      deps({ firstSyncDays: 1 }),
      { installationId: inst, mode: 'backfill', since: SINCE },
      signal,
    );
    expect(result.streams.ticket_events?.items).toBeGreaterThan(0);
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).toEqual([]);
    const passes = await store.listSyncPasses(inst);
    expect(passes.every((p) => p.origin === SINCE && p.rewindTo === null)).toBe(true);
  });

  it('a rewind restarts a running pass only to reach further back', async () => {
    const inst = await newInst();
    const later = SINCE + 30 * DAY_MS;
    await store.planSyncPasses(inst, ['tickets'], later);
    await store.writeSyncPage({ installationId: inst, stream: 'tickets', checkpoint: 'cp-1' });
    await store.requestRewind(inst, ['tickets'], later + DAY_MS);
    expect(await store.openStreamPass(inst, 'tickets')).toMatchObject({
      origin: later,
      checkpoint: 'cp-1',
      rewindTo: null,
    });
    await store.requestRewind(inst, ['tickets'], SINCE + DAY_MS);
    await store.requestRewind(inst, ['tickets'], SINCE);
    expect(await store.openStreamPass(inst, 'tickets')).toMatchObject({
      origin: SINCE,
      checkpoint: null,
      doneAt: null,
    });
    // A finished pass restarts from any requested date.
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'cp-2',
      endOfStream: true,
    });
    await store.requestRewind(inst, ['tickets'], later);
    expect(await store.openStreamPass(inst, 'tickets')).toMatchObject({
      origin: later,
      checkpoint: null,
    });
  });

  it('a pass counts the records it read and their newest time; a restart counts afresh', async () => {
    const inst = await newInst();
    await store.planSyncPasses(inst, ['ticket_events'], SINCE);
    const event = (id: string, at: number) => ({
      id,
      ticketId: '1',
      at,
      type: 'comment' as const,
      actorId: '9',
      public: true,
      authorId: '9',
      authorKind: 'agent' as const,
      channel: 'web',
      isCreating: false,
    });
    const page = (checkpoint: string, ats: number[], endOfStream = false) =>
      store.writeSyncPage({
        installationId: inst,
        stream: 'ticket_events',
        checkpoint,
        events: ats.map((at, i) => event(`${checkpoint}-${String(i)}`, at)),
        endOfStream,
      });
    await page('e1', [SINCE + DAY_MS, SINCE + 3 * DAY_MS, SINCE + 2 * DAY_MS]);
    // A record read again (an overlapping page) counts again: it was read again.
    await page('e2', [SINCE + 2 * DAY_MS, SINCE + 4 * DAY_MS], true);
    const [read] = await store.listSyncPasses(inst);
    expect(read).toMatchObject({ records: 5, watermark: SINCE + 4 * DAY_MS });
    await store.requestRewind(inst, ['ticket_events'], SINCE);
    expect(await store.openStreamPass(inst, 'ticket_events')).toMatchObject({
      records: 0,
      watermark: null,
      doneAt: null,
    });
    await page('e3', [SINCE + DAY_MS]);
    expect((await store.listSyncPasses(inst))[0]).toMatchObject({
      records: 1,
      watermark: SINCE + DAY_MS,
    });
  });

  it('a second sync of one installation waits for the first (SYNC_BUSY), then runs', async () => {
    const inst = await newInst();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = (connector: HelpdeskConnector): HelpdeskConnector => ({
      ...connector,
      userPages: async function* (options) {
        await gate;
        yield* connector.userPages(options);
      },
    });
    const first = syncInstallation(
      deps({ connectorFor: () => Promise.resolve(held(simulatorConnector(sim))) }),
      { installationId: inst, mode: 'backfill', since: SINCE },
      signal,
    );
    await expect.poll(() => store.isSyncRunning(inst)).toBe(true);
    const second = syncInstallation(deps(), { installationId: inst, mode: 'incremental' }, signal);
    await expect(second).rejects.toBeInstanceOf(BusyError);
    await expect(second).rejects.toMatchObject({ code: 'SYNC_BUSY', retryable: true });
    release();
    await first;
    expect(await store.isSyncRunning(inst)).toBe(false);
    await syncInstallation(deps(), { installationId: inst, mode: 'incremental' }, signal);
    expect((await diffAgainstTruth(store, inst, sim)).mismatches).toEqual([]);
  });
});
