import { describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { analyzePendingTickets } from '../../../src/services/pipeline/analyze-pending.js';
import {
  calendarSetFor,
  type AnalysisDeps,
} from '../../../src/services/pipeline/analyze-ticket.js';
import { markPending } from '../../../src/store/sql-outbox.js';
import type { TicketStore } from '../../../src/store/store.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';
import { NO_PRODUCER } from '../../support/producers.js';
import {
  DATABASES,
  withInstallationStore,
  metricsDims,
  type TestDatabase,
} from '../store/support.js';

/**
 * A drain whose lease ran out (a slow batch on a loaded machine) while a newer version of its
 * ticket was analysed by another drain must not overwrite that newer analysis with its own, read
 * before the ticket's events arrived: the outbox would be empty and the stale metrics final.
 */
describe.each(DATABASES)('an analysis read before its events arrived, on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;

  withInstallationStore(open, (opened) => ({ db, store, inst } = opened));

  it('never replaces the analysis of a later outbox version, whichever drain ends last', async () => {
    const full = new TimelineBuilder('T1', '2024-03-04T09:00:00Z')
      .agent('2024-03-04T09:20:00Z')
      .status('2024-03-04T11:00:00Z', 'solved')
      .build();
    // The backfill's order: the tickets stream first, its events in a later page.
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [full.ticket],
    });

    // The slow drain reads the ticket without its events, then stalls past its (zero) lease.
    let slowRead: () => void = () => undefined;
    let resumeSlow: () => void = () => undefined;
    const slowHasRead = new Promise<void>((resolve) => {
      slowRead = resolve;
    });
    const slowStore: TicketStore = Object.create(store) as TicketStore;
    slowStore.getTicketTimelines = async (...args) => {
      const timelines = await store.getTicketTimelines(...args);
      slowRead();
      await new Promise<void>((resolve) => {
        resumeSlow = resolve;
      });
      return timelines;
    };
    // Each analysis later than the one before: the slow drain computes last, so its `now` is
    // the newest and a "newest computation wins" rule alone would keep its result.
    let clock = ms('2024-04-01T00:00:00Z');
    const deps = (s: TicketStore, drainLeaseMs?: number): AnalysisDeps => ({
      store: s,
      producer: NO_PRODUCER,
      now: () => (clock += 1_000),
      reportingTimeZone: 'UTC',
      ...(drainLeaseMs === undefined ? {} : { drainLeaseMs }),
    });
    const payload = { installationId: inst, notBefore: 0 };
    const slow = analyzePendingTickets(deps(slowStore, 0), payload);
    await slowHasRead;

    await store.writeSyncPage({
      installationId: inst,
      stream: 'ticket_events',
      checkpoint: 'e1',
      events: full.events,
    });
    // A second drain takes the re-marked row (the slow one's lease is over) and analyses it.
    expect(await analyzePendingTickets(deps(store), payload)).toEqual({
      batches: 1,
      subjects: 1,
    });
    resumeSlow();
    await slow;

    expect((await store.countPending(inst)).ticket).toBe(0);
    const stored = await store.getTicketMetrics(inst, 'T1');
    const expected = computeTicketMetrics(full, {
      now: ms('2024-04-01T00:00:00Z'),
      calendars: calendarSetFor(inst, []),
    });
    expect(expected.firstReply).not.toBeNull();
    expect(stored?.metrics.firstReply).toEqual(expected.firstReply);
    expect(stored?.metrics.firstSolvedAt).toBe(expected.firstSolvedAt);
    expect(stored?.metrics.agentReplies).toBe(expected.agentReplies);
  });

  it('holds the claimed row while writing, so a sync page marking it meanwhile waits and wins', async (ctx) => {
    if (db.openAnother === null) {
      ctx.skip(); // A second connection's open transaction needs a real PostgreSQL.
      return;
    }
    const t2 = new TimelineBuilder('T2', '2024-03-05T09:00:00Z').build();
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c2',
      tickets: [t2.ticket],
    });
    const claimed = await store.claimPending(inst, 'ticket', 10, 60_000);
    expect(claimed.map((c) => c.subjectId)).toEqual(['T2']);
    const analysis = {
      metrics: computeTicketMetrics(t2, {
        now: ms('2024-04-02T00:00:00Z'),
        calendars: calendarSetFor(inst, []),
      }),
      dims: metricsDims(),
      timelineVersion: 0,
    };

    // A sync page's transaction has re-marked T2 (its events stored beside) and not committed.
    let commit: () => void = () => undefined;
    let marked: (pid: number) => void = () => undefined;
    const pageMarked = new Promise<number>((resolve) => {
      marked = resolve;
    });
    const page = db.openAnother().transaction(async (tx) => {
      await markPending(tx, inst, 'ticket', ['T2']);
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      marked(rows[0]?.pid ?? -1);
      await new Promise<void>((resolve) => {
        commit = resolve;
      });
    });
    const pagePid = await pageMarked;

    const save = store.saveClaimedTicketMetrics(inst, [analysis], claimed);
    const progress = { ended: false };
    const ended = () => {
      progress.ended = true;
    };
    save.then(ended, ended);
    // Until the save either ended or waits on the page's lock, then the page commits.
    for (;;) {
      if (progress.ended) break;
      const [waiting] = await db.client
        .query<{ n: string }>(
          'SELECT count(*)::text AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pagePid],
        )
        .then((r) => r.rows);
      if (waiting?.n !== '0') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    commit();
    await page;

    expect([...(await save)]).toEqual([]);
    expect(await store.getTicketMetrics(inst, 'T2')).toBeNull();
    // The newer mark stays for the next drain.
    expect((await store.countPending(inst)).ticket).toBe(1);
  });
});
