import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { hashAppSecret } from '../../../src/security/secrets.js';
import type { SqlClient } from '../../../src/store/sql-client.js';
import type { TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import {
  openMigratedStore,
  DATABASES,
  T0,
  comment,
  metricsDims,
  newInstallation,
  ticket,
} from './support.js';

const NOW = T0 + 86_400_000;
const NO_MINUTES = { calendar: null, business: null };

/** Writes a row for the installation into every table the store has a method for. */
async function populate(store: TicketStore, id: string): Promise<void> {
  await store.writeSyncPage({
    installationId: id,
    stream: 'tickets',
    checkpoint: 'c-1',
    tickets: [ticket('T1', 30), ticket('T2', 40)],
    events: [comment('T1-c', 'T1', 20)],
    users: [{ id: 'agent-1', name: 'Ann', kind: 'agent', organizationId: null, updatedAt: T0 }],
    organizations: [{ id: 'org-1', name: 'Org', updatedAt: T0 }],
    quarantined: [{ stream: 'tickets', sourceId: 'T9', reason: 'broken', raw: { id: 'T9' } }],
    helpdeskMetrics: [
      {
        ticketId: 'T1',
        replyMinutes: NO_MINUTES,
        firstResolutionMinutes: NO_MINUTES,
        fullResolutionMinutes: NO_MINUTES,
        requesterWaitMinutes: NO_MINUTES,
        agentWaitMinutes: NO_MINUTES,
        onHoldMinutes: NO_MINUTES,
        reopens: 0,
        replies: 1,
        solvedAt: null,
        updatedAt: T0,
      },
    ],
  });
  const metrics = computeTicketMetrics(
    { ticket: ticket('T1', 30), events: [comment('T1-c', 'T1', 20)] },
    { now: NOW, calendars: { defaultCalendar: null, byId: new Map() } },
  );
  await store.saveTicketMetrics(id, { metrics, dims: metricsDims({ ces: 6 }), timelineVersion: 0 });
  await store.saveSummary(id, 'requester', 'req-1', { tickets: 1 }, 'h1');
  await store.saveSummary(id, 'organization', 'org-1', { tickets: 1 }, 'h1');
  await store.replaceDailyRollups(id, '2024-03-01', [
    {
      day: '2024-03-01',
      dimension: 'group',
      dimensionValue: 'group-1',
      metric: 'first_reply',
      n: 1,
      nBusiness: 0,
      sum: 60,
      sumBusiness: 0,
      sketch: { calendar: [60], business: [] },
    },
  ]);
  await store.saveSchedules(id, [
    { id: 'sch', name: 'EU', timeZone: 'Europe/Paris', intervals: [], holidays: [] },
  ]);
  await store.addHandleTimeEntry(id, {
    id: 'h1',
    ticketId: 'T1',
    agentId: 'agent-1',
    seconds: 60,
    source: 'sidebar_timer',
    loggedAt: T0,
  });
  await store.recordWebhookDelivery(id, 'delivery-1', NOW, 0);
  await store.markPending(id, 'requester', ['req-1']);
  await store.createBackfill(id, T0, NOW);
  await store.recordRateLimit(id, 'tickets', { count429: 1, remaining: 5, limit: 10, at: NOW });
  await store.createAlert(id, {
    kpi: 'first_reply',
    rule: { type: 'threshold', op: '>', value: 1 },
    minSample: 1,
    cooldownMinutes: 60,
    webhookUrl: 'https://hooks.example.com/x',
    businessHours: false,
  });
}

/** Rows of the installation in every base table with an `installation_id` column. */
async function rowsPerTable(client: SqlClient, id: string): Promise<Map<string, number>> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t
       ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'installation_id'
       AND t.table_type = 'BASE TABLE' ORDER BY c.table_name`,
  );
  const counts = new Map<string, number>();
  for (const { table_name: table } of tables) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE installation_id = $1`,
      [id],
    );
    counts.set(table, rows[0]?.n ?? 0);
  }
  return counts;
}

describe.each(DATABASES)('installation lifecycle on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    a = (await store.createInstallation(newInstallation('a'))).id;
    b = (await store.createInstallation(newInstallation('b'))).id;
    await populate(store, a);
    await populate(store, b);
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('counts what an installation holds and when it last synced', async () => {
    const footprint = await store.installationFootprint(a);
    expect(footprint).toMatchObject({
      tickets: 2,
      events: 1,
      users: 1,
      organizations: 1,
      ticketMetrics: 1,
      pending: 3,
    });
    expect(footprint.lastSyncAt).not.toBeNull();
    const none = await store.installationFootprint('not-a-uuid');
    expect(none).toMatchObject({ tickets: 0, lastSyncAt: null });
  });

  it('replaces the app secret hash: the old one finds nothing, the new one finds A', async () => {
    const [old] = (await store.listInstallations()).filter((i) => i.id === a);
    if (old === undefined) throw new Error('A exists');
    const fresh = hashAppSecret('a brand new secret');
    expect(await store.replaceAppSecretHash(a, fresh)).toBe(true);
    expect(await store.findInstallationBySecretHash(old.appSecretHash)).toBeNull();
    expect((await store.findInstallationBySecretHash(fresh))?.id).toBe(a);
  });

  it('deletes every row of A in every tenant table, and none of B', async () => {
    const before = await rowsPerTable(db.client, a);
    // The seed reaches most tables, so an empty table after the delete means something.
    expect([...before.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(15);
    const bBefore = await rowsPerTable(db.client, b);
    expect(await store.deleteInstallation(a)).toBe(true);
    const after = await rowsPerTable(db.client, a);
    expect(Object.fromEntries(after)).toEqual(
      Object.fromEntries([...after.keys()].map((table) => [table, 0])),
    );
    expect(await store.getInstallation(a)).toBeNull();
    expect(await rowsPerTable(db.client, b)).toEqual(bBefore);
    expect(await store.deleteInstallation(a)).toBe(false);
  });
});
