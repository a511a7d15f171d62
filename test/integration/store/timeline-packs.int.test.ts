import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicy, TicketEvent } from '../../../src/domain/index.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { analyzeTicket } from '../../../src/services/pipeline/analyze-ticket.js';
import type { TicketStore, TimelineColumns } from '../../../src/store/store.js';
import { upsertTimelinePacksSql } from '../../../src/store/timeline-pack-sql.js';
import { ms, newYorkOfficeHours, TimelineBuilder } from '../../support/timeline-builder.js';
import { DATABASES, newInstallation, openMigratedStore, type TestDatabase } from './support.js';

const NOW = ms('2024-03-20T12:00:00-04:00');

const SLA_POLICY: SlaPolicy = {
  id: 'p1',
  name: 'Policy',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 3600, businessHours: true },
    { metric: 'full_resolution_time', priority: null, targetSeconds: 86_400, businessHours: false },
  ],
};

/** Clock events the builder has no step for: a schedule change, ties at one instant, a delete. */
const extra = (ticketId: string, id: string, at: string, e: Partial<TicketEvent>): TicketEvent =>
  ({ id, ticketId, at: ms(at), actorId: null, ...e }) as TicketEvent;

const T1 = new TimelineBuilder('T1', '2024-03-08T16:00:00-05:00', { scheduleId: 'ny-9-17' })
  .agent('2024-03-11T10:00:00-04:00')
  .status('2024-03-11T10:00:00-04:00', 'pending')
  .customer('2024-03-11T10:00:00-04:00')
  .status('2024-03-12T11:00:00-04:00', 'solved')
  .build();
const T2 = new TimelineBuilder('T2', '2024-03-09T09:00:00-05:00')
  .note('2024-03-09T09:30:00-05:00')
  .build();
const T3 = new TimelineBuilder('T3', '2024-03-10T01:30:00-05:00', { firstComment: 'none' }).build();
const T2_EXTRA = [
  extra('T2', 'T2-s1', '2024-03-10T03:00:00-04:00', {
    type: 'schedule_change',
    scheduleId: 'ny-9-17',
  }),
  extra('T2', 'T2-s2', '2024-03-10T03:00:00-04:00', { type: 'schedule_change', scheduleId: null }),
  extra('T2', 'T2-d', '2024-03-12T08:00:00-04:00', { type: 'delete' }),
];

/**
 * The timeline packs (migration 019): the analysis writes each ticket's pack, and the what-if's
 * columnar read gives exactly the same columns from the packs as from ticket_events (the read
 * for tickets without a pack), whether every, some or no ticket of a batch has one.
 */
describe.each(DATABASES)('timeline packs on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  const producer: JobProducer = {
    enqueue: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const analysis = () => ({ store, producer, reportingTimeZone: 'UTC', now: () => NOW });
  const packs = async () =>
    (
      await db.client.query<{ id: string }>(
        'SELECT ticket_id AS id FROM ticket_timeline_packs WHERE installation_id = $1 ORDER BY 1',
        [inst],
      )
    ).rows.map((r) => r.id);
  const readAll = async (limit: number): Promise<TimelineColumns[]> => {
    const batches: TimelineColumns[] = [];
    let after = '';
    for (;;) {
      const window = { start: 0, end: ms('2030-01-01T00:00:00Z'), after, limit };
      const columns = await store.readTimelineColumns(inst, window);
      if (columns.ticketIds.length === 0) return batches;
      batches.push(columns);
      after = columns.ticketIds.at(-1) ?? after;
    }
  };
  const analyse = async (ids: string[]) => {
    for (const ticketId of ids)
      await analyzeTicket(analysis(), { installationId: inst, ticketId, updatedAt: NOW });
  };

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    // An SLA policy, so the stored metrics hold SLA times for the read to carry.
    const settings = { reopenWindowDays: 7, slaPolicy: SLA_POLICY };
    inst = (await store.createInstallation({ ...newInstallation(), settings })).id;
    await store.saveSchedules(inst, [newYorkOfficeHours()]);
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [T1.ticket, T2.ticket, T3.ticket],
      events: [...T1.events, ...T2.events, ...T2_EXTRA, ...T3.events],
    });
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('gives the same columns from the packs the analysis wrote as from the events', async () => {
    expect(await packs()).toEqual([]);
    await analyse(['T1', 'T2', 'T3']);
    expect(await packs()).toEqual(['T1', 'T2', 'T3']);
    const packed = await readAll(2);
    await db.client.query('DELETE FROM ticket_timeline_packs WHERE installation_id = $1', [inst]);
    expect(await readAll(2)).toEqual(packed);
    const [first, second] = packed;
    // T1: creation change, the creating comment, three ties at 10:00 in arrival order (agent's
    // public reply, pending, the customer's public comment), solved; T2's events follow.
    expect(Array.from(first?.eventStart ?? [])).toEqual([0, 6, 12]);
    expect(Array.from(first?.eventCode.subarray(2, 5) ?? [])).toEqual([2 + 4, 2 * 4, 2 + 4 + 16]);
    expect(first?.scheduleChanges).toEqual(['ny-9-17', null]);
    expect(Array.from(second?.eventStart ?? [])).toEqual([0, 1]);
    await store.saveTimelinePacks(inst, ['T1', 'T2', 'T3']);
  });

  it('mixes packed and unpacked tickets in one batch', async () => {
    const packed = await readAll(3);
    await db.client.query(
      "DELETE FROM ticket_timeline_packs WHERE installation_id = $1 AND ticket_id = 'T2'",
      [inst],
    );
    expect(await readAll(3)).toEqual(packed);
    await store.saveTimelinePacks(inst, ['T2', 'unknown']);
    expect(await packs()).toEqual(['T1', 'T2', 'T3']);
  });

  it("rewrites a ticket's pack when new events are analysed", async () => {
    const later = new TimelineBuilder('T3', '2024-03-10T01:30:00-05:00', { firstComment: 'none' })
      .customer('2024-03-13T09:00:00-04:00')
      .status('2024-03-14T09:00:00-04:00', 'solved')
      .build();
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c2',
      tickets: [later.ticket],
      events: later.events,
    });
    await analyse(['T3']);
    const packed = await readAll(10);
    await db.client.query('DELETE FROM ticket_timeline_packs WHERE installation_id = $1', [inst]);
    const fromEvents = await readAll(10);
    expect(packed).toEqual(fromEvents);
    // Migration 019's backfill packs them all again, as the analysis did.
    await db.client.query(upsertTimelinePacksSql('true'));
    expect(await packs()).toEqual(['T1', 'T2', 'T3']);
    expect(await readAll(10)).toEqual(packed);
    const t3 = fromEvents[0]?.ticketIds.indexOf('T3') ?? -1;
    expect(t3).toBe(2);
    expect((fromEvents[0]?.eventStart[3] ?? 0) - (fromEvents[0]?.eventStart[2] ?? 0)).toBe(3);
  });

  // Run after T3's re-analysis above: migration 020's columns must follow an updated row too.
  it('reads the stored business durations and SLA times the analysis stored', async () => {
    const { rows } = await db.client.query<{ id: string; data: StoredMetricsData }>(
      'SELECT ticket_id AS id, data FROM ticket_metrics WHERE installation_id = $1 ORDER BY 1',
      [inst],
    );
    const [columns] = await readAll(10);
    expect(columns?.ticketIds).toEqual(rows.map((r) => r.id));
    const durations = ['firstReply', 'firstResolution', 'fullResolution', 'requesterWait'] as const;
    rows.forEach(({ data }, i) => {
      const expected = [...durations, 'agentWait' as const].map(
        (d) => data.metrics[d].business ?? NaN,
      );
      expect(Array.from(columns?.storedBusiness.subarray(i * 5, i * 5 + 5) ?? [])).toEqual(
        expected,
      );
      expect(columns?.storedSla[i]).toEqual(data.dims.sla ?? []);
    });
    expect(rows.some((r) => (r.data.dims.sla ?? []).length > 0)).toBe(true);
  });
});

/** The parts of a stored metrics row's JSON the what-if compares against. */
interface StoredMetricsData {
  metrics: Record<
    'firstReply' | 'firstResolution' | 'fullResolution' | 'requesterWait' | 'agentWait',
    { business: number | null }
  >;
  dims: { sla?: unknown[] | null };
}
