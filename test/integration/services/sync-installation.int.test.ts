import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import type { JobPayload } from '../../../src/queue/catalog.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';
import {
  refreshTicket,
  syncInstallation,
  type SyncDeps,
  type SyncProgress,
} from '../../../src/services/pipeline/sync-installation.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { asExported, byTime, diffAgainstTruth, simulatorConnector } from './support.js';

const TICKETS = 300;
const SINCE = Date.UTC(2023, 11, 1);
const STREAMS_WITH_DATA = ['organizations', 'satisfaction', 'ticket_events', 'tickets', 'users'];

describe.each(DATABASES)('syncInstallation against the simulator on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let queue: ReturnType<typeof createInProcessQueue>;
  const drains: { name: string; installationId: string }[] = [];
  let inst: string;

  const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps => ({
    store,
    connectorFor: () => Promise.resolve(simulatorConnector(sim)),
    producer: queue,
    now: () => Date.now(),
    ...overrides,
  });
  const backfill = (installationId: string) => ({
    installationId,
    mode: 'backfill' as const,
    since: SINCE,
  });

  // A 60 s limit: PGlite boots a WASM Postgres and migrates it, slow on a loaded machine.
  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: TICKETS, seed: 11, rateLimit: 'off' });
    queue = createInProcessQueue();
    inst = (await store.createInstallation(newInstallation())).id;
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await sim.close();
    await db.dispose();
  });

  it('backfills every ticket and event of the truth, with checkpoints and progress', async () => {
    const progress: SyncProgress[] = [];
    const result = await syncInstallation(
      deps({ onProgress: (p) => progress.push(p) }),
      backfill(inst),
      new AbortController().signal,
    );
    expect(result.aborted).toBe(false);

    const { mismatches, tickets, events, ratings } = await diffAgainstTruth(store, inst, sim);
    expect(mismatches).toEqual([]);
    expect(ratings).toBe(result.streams.satisfaction?.items);
    expect(tickets).toBeGreaterThan(TICKETS * 0.9);
    expect(result.streams.tickets?.items).toBe(tickets);
    expect(events).toBeGreaterThan(tickets);

    const status = await store.listSyncStatus(inst);
    expect(status.map((s) => s.stream)).toEqual(STREAMS_WITH_DATA);
    for (const s of status)
      expect([s.stream, s.checkpoint, s.lastError]).toEqual([s.stream, expect.any(String), null]);
    expect(await store.listSchedules(inst)).toHaveLength(2);

    const last = progress.filter((p) => p.stream === 'tickets').at(-1);
    expect(last).toMatchObject({ ticketsDone: tickets, estimatedTotal: tickets, etaMs: 0 });
    expect(progress.map((p) => p.pages)).toEqual(progress.map((_, i) => i + 1));
  });

  it('marks each changed ticket pending analysis once and asks for drains', async () => {
    const record = (name: string) => async (payload: JobPayload<'analysis.drain'>) => {
      drains.push({ name, installationId: payload.installationId });
    };
    queue.start({
      'analysis.drain': record('analysis'),
      'summaries.drain': record('summaries'),
      'rollups.drain': record('rollups'),
      'pushback.drain': record('pushback'),
    });
    await queue.idle();
    expect(new Set(drains.map((d) => d.name))).toEqual(
      new Set(['analysis', 'summaries', 'rollups', 'pushback']),
    );
    expect(drains.every((d) => d.installationId === inst)).toBe(true);
    const pending = await store.claimPending(inst, 'ticket', 100_000, 60_000);
    const ids = pending.map((p) => p.subjectId);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket } = sim.dataset.truth(i);
      if (ticket.status !== 'deleted') expect(ids).toContain(ticket.id);
    }
    await store.ackPending(inst, 'ticket', pending);
    expect(await store.countPending(inst)).toEqual({ ticket: 0, requester: 0, day: 0, push: 0 });
  });

  it('writes and enqueues nothing on a second run without changes', async () => {
    const before = await store.listSyncStatus(inst);
    const result = await syncInstallation(deps(), backfill(inst), new AbortController().signal);
    await queue.idle();
    expect(result.ticketsMarked).toBe(0);
    for (const stats of Object.values(result.streams)) expect(stats.changedTickets).toBe(0);
    expect((await store.countPending(inst)).ticket).toBe(0);
    // Time-based exports serve their boundary second again, so a page may be re-written (a no-op
    // that bumps its page count); the cursor-based ones answer an empty page that is not written.
    const after = await store.listSyncStatus(inst);
    expect(after.map((s) => [s.stream, s.checkpoint])).toEqual(
      before.map((s) => [s.stream, s.checkpoint]),
    );
    const pageCount = (list: typeof before, stream: string) =>
      list.find((s) => s.stream === stream)?.pageCount;
    for (const stream of ['tickets', 'users']) {
      expect(pageCount(after, stream)).toBe(pageCount(before, stream));
    }
    expect(await diffAgainstTruth(store, inst, sim)).toMatchObject({ mismatches: [] });
  });

  it('replays after an abort or a crash and ends equal to the truth', async () => {
    const other = (await store.createInstallation(newInstallation())).id;
    const controller = new AbortController();
    const aborted = await syncInstallation(
      deps({
        onProgress: (p) => {
          if (p.pages === 3) controller.abort();
        },
      }),
      backfill(other),
      controller.signal,
    );
    expect(aborted.aborted).toBe(true);
    expect(aborted.progress.pages).toBe(3);
    expect(await store.getCheckpoint(other, 'ticket_events')).toBeNull();

    // A crash mid-stream: the events stream dies after its first page.
    const crashing = (connector: HelpdeskConnector): HelpdeskConnector => ({
      ...connector,
      eventPages: async function* (options) {
        for await (const page of connector.eventPages(options)) {
          yield page;
          throw new Error('worker killed');
        }
      },
    });
    const crashDeps = deps({
      connectorFor: () => Promise.resolve(crashing(simulatorConnector(sim))),
    });
    await expect(
      syncInstallation(crashDeps, backfill(other), new AbortController().signal),
    ).rejects.toThrow('worker killed');
    const failed = (await store.listSyncStatus(other)).find((s) => s.stream === 'ticket_events');
    expect(failed?.lastError).toBe('worker killed');

    const resumed = await syncInstallation(deps(), backfill(other), new AbortController().signal);
    expect(resumed.aborted).toBe(false);
    expect((await diffAgainstTruth(store, other, sim)).mismatches).toEqual([]);
    const status = await store.listSyncStatus(other);
    expect(status.every((s) => s.lastError === null)).toBe(true);
  });

  it('refreshTicket stores a live update without moving the tickets checkpoint', async () => {
    const checkpoint = await store.getCheckpoint(inst, 'tickets');
    let index = 0;
    let update = await sim.updateTicket(index);
    while (update === null && index < TICKETS - 1) update = await sim.updateTicket((index += 1));
    if (update === null) throw new Error('no ticket took an update');
    const ticketId = String(update.ticketId);
    const updatedAt = Date.parse(update.updatedAt);

    const analyzed: JobPayload<'ticket.analyze'>[] = [];
    queue.start({ 'ticket.analyze': async (payload) => void analyzed.push(payload) });
    await refreshTicket(deps(), { installationId: inst, ticketId, updatedAt });
    await queue.idle();

    const stored = await store.getTicketTimeline(inst, ticketId);
    const truth = sim.dataset.truth(index);
    expect(stored?.ticket).toEqual(truth.ticket);
    expect(stored?.events.some((e) => e.id.startsWith(`${String(update.updateId)}:`))).toBe(true);
    expect(byTime((stored?.events ?? []).map(asExported))).toEqual(
      byTime(truth.events.map(asExported)),
    );
    expect(await store.getCheckpoint(inst, 'tickets')).toBe(checkpoint);
    expect(analyzed).toEqual([{ installationId: inst, ticketId, updatedAt }]);
    // The page also left its outbox mark, so a drain confirms the analysis after a crash.
    const pending = await store.claimPending(inst, 'ticket', 10, 60_000);
    expect(pending.map((p) => p.subjectId)).toContain(ticketId);
  });
});
