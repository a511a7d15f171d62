import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effortInputsOf, estimateEffort } from '../../../src/metrics/effort.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { JobPayload } from '../../../src/queue/catalog.js';
import { listQuarantine, retryQuarantined } from '../../../src/services/admin/quarantine.js';
import { analyzePendingTickets } from '../../../src/services/pipeline/analyze-pending.js';
import {
  calendarSetFor,
  type AnalysisDeps,
} from '../../../src/services/pipeline/analyze-ticket.js';
import {
  refreshTicket,
  syncInstallation,
  type SyncDeps,
} from '../../../src/services/pipeline/sync-installation.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { NO_PRODUCER, recordingProducer } from '../../support/producers.js';
import { TimelineBuilder } from '../../support/timeline-builder.js';
import {
  DATABASES,
  newInstallation,
  openMigratedStore,
  type TestDatabase,
} from '../store/support.js';
import { simulatorConnector } from './support.js';

const TICKETS = 300;
const SEED = 31;
const SINCE = Date.UTC(2023, 11, 1);
const NOW = Date.UTC(2025, 6, 1);

/**
 * Tickets whose own record is malformed (the simulator's `malformedRecords`, fixed per ticket)
 * are quarantined while their events, ratings and time entries are stored. Until the ticket
 * arrives those events wait, and the admin's quarantine view says how many; a retry fetches the
 * ticket one by one, and from then on everything stored equals what a clean sync of the same
 * account stores, as if the record had never been quarantined.
 */
describe.each(DATABASES)('quarantined tickets and their events, on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let faulty: RunningSimulator;
  let healthy: RunningSimulator;
  let late: string;
  let clean: string;
  /** Tickets whose own record is quarantined and none of their updates. */
  let quarantinedTickets: string[];
  /** Tickets with a quarantined update: their history stays short of an update either way. */
  const partial = new Set<string>();
  const recorded = recordingProducer();

  const syncDeps = (sim: RunningSimulator): SyncDeps => ({
    store,
    connectorFor: () => Promise.resolve(simulatorConnector(sim)),
    producer: recorded.producer,
    now: () => Date.now(),
  });
  const analysisDeps = (): AnalysisDeps => ({
    store,
    producer: recorded.producer,
    now: () => NOW,
    reportingTimeZone: 'UTC',
  });
  const backfill = async (sim: RunningSimulator, installationId: string) => {
    const payload = { installationId, mode: 'backfill' as const, since: SINCE };
    await syncInstallation(syncDeps(sim), payload, new AbortController().signal);
    await analyzePendingTickets(analysisDeps(), { installationId, notBefore: NOW });
  };

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    const faults = { malformedRecords: { probability: 0.03 } };
    faulty = await startSimulator({ tickets: TICKETS, seed: SEED, rateLimit: 'off', faults });
    healthy = await startSimulator({ tickets: TICKETS, seed: SEED, rateLimit: 'off' });
    quarantinedTickets = [];
    for (let i = 0; i < faulty.dataset.size; i += 1) {
      const { ticket, quarantine } = faulty.dataset.truth(i);
      if (quarantine.some((q) => q.stream === 'ticket_events')) partial.add(ticket.id);
      else if (quarantine.length > 0 && ticket.status !== 'deleted') {
        quarantinedTickets.push(ticket.id);
      }
    }
    late = (await store.createInstallation(newInstallation())).id;
    clean = (await store.createInstallation(newInstallation())).id;
    await backfill(faulty, late);
    await backfill(healthy, clean);
  }, 180_000);

  afterAll(async () => {
    await faulty.close();
    await healthy.close();
    await db.dispose();
  });

  it('keeps the events of a quarantined ticket, and the quarantine view counts them', async () => {
    expect(quarantinedTickets.length).toBeGreaterThan(0);
    const deps = { store, producer: recorded.producer };
    const query = { includeResolved: 'false' as const, limit: 500 };
    const { entries } = await listQuarantine(deps, late, query);
    for (const ticketId of quarantinedTickets) {
      expect(await store.getTicketTimeline(late, ticketId)).toBeNull();
      expect(await store.getTicketMetrics(late, ticketId)).toBeNull();
      // What a clean sync stores of this ticket's history is what waits for it here.
      const events = (await store.getTicketTimeline(clean, ticketId))?.events ?? [];
      expect(events.length).toBeGreaterThan(0);
      const entry = entries.find((e) => e.stream === 'tickets' && e.sourceId === ticketId);
      expect(entry?.heldEvents).toBe(events.length);
    }
    // Records of the other streams hold nothing back.
    for (const entry of entries.filter((e) => e.stream !== 'tickets')) {
      expect(entry.heldEvents).toBeNull();
    }
  });

  it('a retry fetches the ticket and leaves the entry open until the ticket has arrived', async () => {
    const deps = { store, producer: recorded.producer };
    const query = { includeResolved: 'false' as const, limit: 500 };
    const { entries } = await listQuarantine(deps, late, query);
    const jobsBefore = recorded.jobs.length;
    for (const ticketId of quarantinedTickets) {
      const entry = entries.find((e) => e.stream === 'tickets' && e.sourceId === ticketId);
      if (entry === undefined) throw new Error(`no quarantine entry for ticket ${ticketId}`);
      const body = { stream: entry.stream, recordKey: entry.recordKey };
      expect(await retryQuarantined(deps, late, body)).toEqual({ retried: true, ticketId });
    }
    const refreshes = recorded.jobs
      .slice(jobsBefore)
      .filter((job) => job.name === 'ticket.refresh')
      .map((job) => job.payload as JobPayload<'ticket.refresh'>);
    expect(refreshes.map((r) => r.ticketId).sort()).toEqual([...quarantinedTickets].sort());
    // Asked for, not arrived: the entries stay open, still counting what waits.
    const open = (await listQuarantine(deps, late, query)).entries;
    for (const ticketId of quarantinedTickets) {
      expect(open.find((e) => e.sourceId === ticketId)?.heldEvents).toBeGreaterThan(0);
    }
    // The job as a worker runs it: the helpdesk's current version is no stale one.
    for (const refresh of refreshes) await refreshTicket(syncDeps(faulty), refresh);
    await analyzePendingTickets(analysisDeps(), { installationId: late, notBefore: NOW });
    const all = (await listQuarantine(deps, late, { ...query, includeResolved: 'true' })).entries;
    for (const ticketId of quarantinedTickets) {
      const entry = all.find((e) => e.stream === 'tickets' && e.sourceId === ticketId);
      expect(entry).toMatchObject({ resolvedAt: expect.any(String) as string, heldEvents: 0 });
    }
  });

  it('then stores for every ticket what a clean sync stores, metrics and effort included', async () => {
    const differences: string[] = [];
    for (let i = 0; i < healthy.dataset.size; i += 1) {
      const { ticket } = healthy.dataset.truth(i);
      if (ticket.status === 'deleted' || partial.has(ticket.id)) continue;
      const got = await store.getTicketMetrics(late, ticket.id);
      const want = await store.getTicketMetrics(clean, ticket.id);
      if (want === null) differences.push(`${ticket.id}: no clean metrics`);
      else if (JSON.stringify(got) !== JSON.stringify(want)) differences.push(ticket.id);
    }
    expect(differences).toEqual([]);
    for (const ticketId of quarantinedTickets) {
      const got = await store.getTicketTimeline(late, ticketId);
      expect(got?.ticket).toEqual((await store.getTicketTimeline(clean, ticketId))?.ticket);
    }
  });
});

/**
 * The same without a retry: the ticket's record arrives well-formed on a later page (fixed at the
 * helpdesk, or updated since). Its events, stored pages before, are analysed with it then.
 */
describe.each(DATABASES)('a quarantined ticket that arrives on a later page, on %s', (_n, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  const older = new TimelineBuilder('T1', '2024-03-08T09:00:00Z')
    .agent('2024-03-08T10:00:00Z')
    .status('2024-03-08T12:00:00Z', 'solved')
    .build();
  const newer = new TimelineBuilder('T2', '2024-03-10T09:00:00Z')
    .agent('2024-03-10T09:30:00Z')
    .status('2024-03-10T14:00:00Z', 'solved')
    .build();
  const deps = (): AnalysisDeps => ({
    store,
    producer: NO_PRODUCER,
    now: () => NOW,
    reportingTimeZone: 'UTC',
  });
  const heldEvents = async () =>
    (await store.listQuarantine(inst, { includeResolved: true })).map((e) => e.heldEvents);

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    inst = (await store.createInstallation(newInstallation())).id;
    const malformed = { stream: 'tickets' as const, sourceId: 'T1', reason: 'bad', raw: {} };
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 't1',
      tickets: [newer.ticket],
      quarantined: [malformed],
    });
    await store.writeSyncPage({
      installationId: inst,
      stream: 'ticket_events',
      checkpoint: 'e1',
      events: [...older.events, ...newer.events],
    });
    await analyzePendingTickets(deps(), { installationId: inst, notBefore: NOW });
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('keeps its events waiting, and says so, until the ticket arrives', async () => {
    expect(await store.getTicketMetrics(inst, 'T1')).toBeNull();
    expect(await heldEvents()).toEqual([older.events.length]);
  });

  it('then analyses it with every event, and its neighbour with it as a repeat contact', async () => {
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 't2',
      tickets: [older.ticket],
    });
    await analyzePendingTickets(deps(), { installationId: inst, notBefore: NOW });
    const calendars = calendarSetFor(inst, []);
    const stored = await store.getTicketMetrics(inst, 'T1');
    expect(stored?.metrics).toEqual(computeTicketMetrics(older, { now: NOW, calendars }));
    const metrics = computeTicketMetrics(newer, { now: NOW, calendars });
    const effort = estimateEffort(effortInputsOf(metrics, 1)).score;
    expect((await store.getTicketMetrics(inst, 'T2'))?.dims.effortScore).toBe(effort);
    expect(await store.listQuarantine(inst)).toEqual([]);
    expect(await heldEvents()).toEqual([0]);
  });
});
