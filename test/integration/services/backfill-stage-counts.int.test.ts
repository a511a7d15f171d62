import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import { backfillProgress } from '../../../src/services/admin/backfill.js';
import { syncInstallation } from '../../../src/services/pipeline/sync-installation.js';
import { SYNC_STREAMS } from '../../../src/services/pipeline/sync-pages.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { simulatorConnector } from './support.js';

const DAY_MS = 86_400_000;

/**
 * The truth the events and ratings stages are checked against, from the simulator's own data:
 * every normalised event of every ticket (the events export serves them all, deleted tickets'
 * too), and the ratings its satisfaction API serves (one per rated ticket), counted by paging
 * that API here; plus the oldest event, so the backfill starts before all of it.
 */
async function truth(sim: RunningSimulator) {
  let events = 0;
  let oldest = Infinity;
  let live = 0;
  for (let i = 0; i < sim.dataset.size; i += 1) {
    const t = sim.dataset.truth(i);
    events += t.events.length;
    for (const e of t.events) oldest = Math.min(oldest, e.at);
    if (t.ticket.status !== 'deleted') live += 1;
  }
  const { email, token } = sim.credentials;
  const auth = `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
  let ratings = 0;
  let next: string | null = `${sim.url}/api/v2/satisfaction_ratings.json?start_time=0`;
  while (next !== null) {
    const response = await fetch(next, { headers: { authorization: auth } });
    const page = (await response.json()) as {
      satisfaction_ratings: unknown[];
      links: { next: string | null };
    };
    ratings += page.satisfaction_ratings.length;
    next = page.links.next;
  }
  return { events, ratings, live, oldest };
}

describe.each(DATABASES)('backfill stages count events and ratings on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let queue: ReturnType<typeof createInProcessQueue>;

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: 40, seed: 21, rateLimit: 'off' });
    queue = createInProcessQueue();
  }, 120_000);

  afterAll(async () => {
    await queue.close();
    await sim.close();
    await db.dispose();
  });

  it("counts what each stream read, equal to the simulator's, on a first backfill and a second", async () => {
    const expected = await truth(sim);
    expect(expected.events).toBeGreaterThan(0);
    expect(expected.ratings).toBeGreaterThan(0);
    const since = expected.oldest - DAY_MS;
    const inst = (await store.createInstallation(newInstallation())).id;
    const deps = {
      store,
      connectorFor: () => Promise.resolve(simulatorConnector(sim)),
      producer: queue,
      now: () => Date.now(),
    };
    // The second backfill reads the whole range again (issue 15: it used to read nothing) and
    // counts afresh, not on top of the first one's counts.
    for (const run of [1, 2]) {
      // What `deskpulse backfill` and POST …/backfill record before the sync runs.
      await store.createBackfill(inst, since, Date.now());
      await store.requestRewind(inst, SYNC_STREAMS, since);
      const waiting = await backfillProgress(deps, inst);
      expect(
        waiting.stages.slice(1, 3).map((s) => [s.state, s.done]),
        `run ${String(run)}`,
      ).toEqual([
        ['waiting', 0],
        ['waiting', 0],
      ]);
      await syncInstallation(
        deps,
        { installationId: inst, mode: 'backfill', since },
        new AbortController().signal,
      );
      const progress = await backfillProgress(deps, inst);
      const stage = (name: string) => progress.stages.find((s) => s.stage === name);
      // Tickets count rows stored since the request: an identical re-read stores nothing, so only
      // the first run's count is the truth's (left as it was; events and ratings count reads).
      if (run === 1) {
        expect(stage('tickets')).toMatchObject({ state: 'done', done: expected.live });
      }
      for (const [name, count] of [
        ['events', expected.events],
        ['ratings', expected.ratings],
      ] as const) {
        expect(stage(name), `${name}, run ${String(run)}`).toEqual({
          stage: name,
          state: 'done',
          done: count,
          total: count,
          pending: null,
          etaSeconds: 0,
        });
      }
    }
  }, 300_000);
});
