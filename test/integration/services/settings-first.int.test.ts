import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../../jobs/embedded.js';
import type { Schedule, SlaPolicy } from '../../../src/domain/index.js';
import { updateSettings } from '../../../src/services/admin/installation-admin.js';
import { slaPolicyOf } from '../../../src/services/sidebar/settings.js';
import { SCHEDULES, SLA_POLICIES } from '../../../src/simulator/catalog.js';
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

  it('imports the SLA policy and the schedules with holidays from Zendesk', async () => {
    // Independently of the connector: the catch-all policy, minutes to seconds, known metrics.
    const standard = SLA_POLICIES.find((p) => (p['filter'] as { all: unknown[] }).all.length === 0);
    const metrics = standard?.['policy_metrics'] as {
      priority: string;
      metric: string;
      target: number;
      business_hours: boolean;
    }[];
    const measured = new Set(['first_reply_time', 'requester_wait_time']);
    const installation = await store.getInstallation(inst);
    expect(installation?.settings['helpdeskSlaPolicy']).toEqual({
      id: String(standard?.['id']),
      name: standard?.['title'],
      targets: metrics
        .filter((m) => measured.has(m.metric))
        .map((m) => ({
          metric: m.metric,
          priority: m.priority,
          targetSeconds: m.target * 60,
          businessHours: m.business_hours,
        })),
    });
    // Zendesk names the zones the Rails way; the store holds IANA names and every holiday.
    expect(await store.listSchedules(inst)).toEqual(SCHEDULES);
    // The imported policy is in force: solved tickets carry their SLA target instances.
    const solved = await store.getTicketMetrics(inst, solvedTruth()[0] ?? '');
    expect(solved?.dims.sla?.length).toBeGreaterThan(0);
  });

  it("keeps an admin's SLA policy and schedule over later syncs, marked as the admin's", async () => {
    const adminSchedule = { ...SCHEDULES[0], name: 'Edited by the admin' } as Schedule;
    const adminPolicy: SlaPolicy = {
      id: 'local',
      name: 'Ours',
      targets: [
        { metric: 'first_reply_time', priority: null, targetSeconds: 7200, businessHours: false },
      ],
    };
    const deps = {
      store,
      producer: jobs.producer,
      now: () => Date.now(),
      reportingTimeZone: 'UTC',
    };
    const answer = await updateSettings(deps, inst, {
      slaPolicy: adminPolicy,
      schedules: [adminSchedule],
    });
    expect(answer.slaPolicy).toEqual({ policy: adminPolicy, source: 'admin' });
    expect(answer.schedules.map((s) => [s.id, s.source])).toEqual([
      ['7001', 'admin'],
      ['7002', 'helpdesk'],
    ]);
    await jobs.producer.enqueue('tickets.sync', { installationId: inst, mode: 'incremental' });
    await jobs.idle();
    expect((await store.listSchedules(inst)).map((s) => s.name)).toEqual([
      'Edited by the admin',
      SCHEDULES[1]?.name,
    ]);
    const settings = (await store.getInstallation(inst))?.settings ?? {};
    expect(slaPolicyOf(settings)).toEqual(adminPolicy);
    // Dropping the admin's policy brings Zendesk's back.
    const reset = await updateSettings(deps, inst, { slaPolicy: null });
    expect(reset.slaPolicy?.source).toBe('helpdesk');
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
