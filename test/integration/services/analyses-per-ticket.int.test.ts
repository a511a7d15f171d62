import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../../jobs/embedded.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { simulatorConnector } from './support.js';

const SINCE = Date.UTC(2023, 11, 1);

/**
 * A first backfill with analysis running beside the sync (embedded mode), its analyses counted
 * at the store: the events stream comes after the tickets stream, and a ticket analysed before
 * its events arrived was analysed again per events page that carried some (issue 16: 2.6 times
 * per ticket). Each ticket must be analysed once, and with its whole stored history.
 */
describe.each(DATABASES)('a first backfill on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let jobs: EmbeddedJobs;
  let inst: string;
  const analyses = new Map<string, number>();

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    const sqlStore = createSqlStore(db.client);
    const count = (ticketId: string) => analyses.set(ticketId, (analyses.get(ticketId) ?? 0) + 1);
    store = {
      ...sqlStore,
      saveClaimedTicketMetrics: (installationId, items, claimed) => {
        for (const { metrics } of items) count(metrics.ticketId);
        return sqlStore.saveClaimedTicketMetrics(installationId, items, claimed);
      },
      saveTicketMetrics: (installationId, write) => {
        count(write.metrics.ticketId);
        return sqlStore.saveTicketMetrics(installationId, write);
      },
    };
    sim = await startSimulator({ tickets: 200, seed: 41, rateLimit: 'off' });
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

  it('analyses each ticket once, after its events', async () => {
    await jobs.producer.enqueue('tickets.sync', {
      installationId: inst,
      mode: 'backfill',
      since: SINCE,
    });
    await jobs.idle();
    expect(await jobs.failed()).toEqual([]);
    expect((await store.countPending(inst)).ticket).toBe(0);

    const { rows } = await db.client.query<{ id: string }>(
      'SELECT id FROM tickets WHERE installation_id = $1 ORDER BY id',
      [inst],
    );
    const ids = rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(100);
    expect([...analyses.keys()].sort()).toEqual(ids);
    const repeated = [...analyses].filter(([, n]) => n > 1);
    expect(repeated).toEqual([]);

    // Analysed with the whole history: what the engine computes from the stored timeline now.
    const calendars = calendarSetFor('expected', await store.listSchedules(inst));
    const now = Date.now();
    for (const id of ids) {
      const timeline = await store.getTicketTimeline(inst, id);
      const stored = await store.getTicketMetrics(inst, id);
      if (timeline === null || stored === null) throw new Error(`ticket ${id} not analysed`);
      const expected = computeTicketMetrics(timeline, { now, calendars });
      const history = (m: typeof expected) => ({
        status: m.status,
        firstSolvedAt: m.firstSolvedAt,
        lastSolvedAt: m.lastSolvedAt,
        reopens: m.reopens,
        agentReplies: m.agentReplies,
        satisfaction: m.satisfaction,
        handleTimeSeconds: m.handleTimeSeconds,
      });
      expect(history(stored.metrics)).toEqual(history(expected));
    }
  }, 120_000);
});
