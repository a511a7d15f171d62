import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobName } from '../../../src/queue/catalog.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import {
  deferReplayRebuild,
  enqueueDueReplayRebuilds,
  type ReplayRebuildDelay,
} from '../../../src/services/whatif/rebuild-asks.js';
import type { TicketStore } from '../../../src/store/store.js';
import {
  DATABASES,
  newInstallation,
  openMigratedStore,
  type TestDatabase,
} from '../store/support.js';

const T0 = Date.UTC(2025, 0, 1);
const SECOND = 1_000;
const DELAY: ReplayRebuildDelay = { quietMs: 60 * SECOND, maxWaitMs: 300 * SECOND };

/**
 * The production mode's deferred replay-block rebuild (rebuild-asks.ts, migration 029) on the
 * real SQL store, with a fixed clock: a burst of asks queues one rebuild, once the installation
 * has been quiet; a never-quiet one is rebuilt after the longest wait; an ask made while the sweep
 * queues keeps its own rebuild; and a failed enqueue loses nothing.
 */
describe.each(DATABASES)('deferred replay-block rebuild asks on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  let other: string;
  const enqueued: { name: JobName; payload: unknown }[] = [];
  let failing = false;
  const producer: JobProducer = {
    enqueue: (name, payload) => {
      if (failing) return Promise.reject(new Error('redis down'));
      enqueued.push({ name, payload });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const ask = (id: string, at: number) => deferReplayRebuild(store, DELAY, id, at);
  const sweep = (at: number) => enqueueDueReplayRebuilds({ store, producer, now: () => at });
  const rebuildOf = (id: string) => ({ name: 'replay.rebuild', payload: { installationId: id } });
  /** What the sweep queued for `inst` and the other installation, by sweeping every second. */
  const sweepUntil = async (from: number, to: number) => {
    const runs: number[] = [];
    for (let at = from; at <= to; at += SECOND) {
      if ((await sweep(at)) > 0) runs.push(at);
    }
    return runs;
  };

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    inst = (await store.createInstallation(newInstallation())).id;
    other = (await store.createInstallation(newInstallation())).id;
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  beforeEach(async () => {
    enqueued.length = 0;
    failing = false;
    await db.client.query('DELETE FROM replay_rebuild_asks');
  });

  it('a burst of asks queues one rebuild, once the installation has been quiet', async () => {
    // Ten drains 20 s apart: each pushes the due time back.
    for (let i = 0; i < 10; i += 1) {
      await ask(inst, T0 + i * 20 * SECOND);
      expect(await sweep(T0 + i * 20 * SECOND + SECOND)).toBe(0);
    }
    const last = T0 + 9 * 20 * SECOND;
    expect(await store.listDueReplayRebuilds(last + DELAY.quietMs)).toEqual([
      { installationId: inst, dueAt: last + DELAY.quietMs },
    ]);
    expect(await sweepUntil(last, last + 10 * DELAY.quietMs)).toEqual([last + DELAY.quietMs]);
    expect(enqueued).toEqual([rebuildOf(inst)]);
    // Cleared: nothing more is due until the next ask.
    expect(await store.listDueReplayRebuilds(last + 100 * DELAY.quietMs)).toEqual([]);
  });

  it('an installation that is never quiet is rebuilt after the longest wait, then again', async () => {
    // An ask every 30 s for 15 minutes: never a quiet minute.
    const runs: number[] = [];
    for (let at = T0; at < T0 + 900 * SECOND; at += 30 * SECOND) {
      await ask(inst, at);
      if ((await sweep(at + 15 * SECOND)) > 0) runs.push(at + 15 * SECOND);
    }
    // Due 300 s after the first ask of each round (swept 15 s into the next 30 s slot), and the
    // first ask after a sweep starts a new round.
    expect(runs).toEqual([T0 + 315 * SECOND, T0 + 645 * SECOND]);
    expect(enqueued).toEqual([rebuildOf(inst), rebuildOf(inst)]);
  });

  it('keeps each installation apart', async () => {
    await ask(inst, T0);
    await ask(other, T0 + 30 * SECOND);
    expect(await sweepUntil(T0, T0 + 120 * SECOND)).toEqual([
      T0 + DELAY.quietMs,
      T0 + 30 * SECOND + DELAY.quietMs,
    ]);
    expect(enqueued).toEqual([rebuildOf(inst), rebuildOf(other)]);
  });

  it('an ask made while the sweep queues the rebuild keeps one of its own', async () => {
    await ask(inst, T0);
    const [due] = await store.listDueReplayRebuilds(T0 + DELAY.quietMs);
    if (due === undefined) throw new Error('the ask is due');
    // A drain stores metrics after the sweep listed the ask (so possibly after the rebuild read
    // that part of the history), before it clears it.
    await ask(inst, T0 + DELAY.quietMs);
    await store.clearReplayRebuildAsk(due);
    expect(await store.listDueReplayRebuilds(T0 + 10 * DELAY.quietMs)).toEqual([
      { installationId: inst, dueAt: T0 + 2 * DELAY.quietMs },
    ]);
  });

  it('an enqueue that fails (Redis down) keeps the ask for the next sweep', async () => {
    await ask(inst, T0);
    failing = true;
    await expect(sweep(T0 + DELAY.quietMs)).rejects.toThrow('redis down');
    failing = false;
    expect(await sweep(T0 + DELAY.quietMs + SECOND)).toBe(1);
    expect(enqueued).toEqual([rebuildOf(inst)]);
  });
});
