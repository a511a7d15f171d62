import { describe, expect, it } from 'vitest';
import type { HandleTimeEntry, SlaPolicy } from '../../../src/domain/index.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { analyzePendingTickets } from '../../../src/services/pipeline/analyze-pending.js';
import {
  analyzeTicket,
  calendarSetFor,
  type AnalysisDeps,
} from '../../../src/services/pipeline/analyze-ticket.js';
import type { TicketStore } from '../../../src/store/store.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';
import { NO_PRODUCER } from '../../support/producers.js';
import { DATABASES, withInstallationStore } from '../store/support.js';

/** A store whose timeline reads (single and batch) stall after reading until `resume` is called. */
function stallingStore(store: TicketStore) {
  let hasRead: () => void = () => undefined;
  let resume: () => void = () => undefined;
  let resumed = false;
  const read = new Promise<void>((resolve) => {
    hasRead = resolve;
  });
  // Only until resumed: a drain that claims the ticket again afterwards reads at full speed.
  const stall = () =>
    resumed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          hasRead();
          resume = resolve;
        });
  const slow: TicketStore = Object.create(store) as TicketStore;
  slow.getTicketTimeline = async (...args) => {
    const timeline = await store.getTicketTimeline(...args);
    await stall();
    return timeline;
  };
  slow.getTicketTimelines = async (...args) => {
    const timelines = await store.getTicketTimelines(...args);
    await stall();
    return timelines;
  };
  return {
    slow,
    read,
    resume: () => {
      resumed = true;
      resume();
    },
  };
}

/**
 * The webhook analysis (`analyzeTicket`) stamps its `now` after reading the timeline, so a run
 * that read first may stamp last. Whatever the order of stamps and saves, the stored metrics must
 * be those of the stored timeline: a run that read less must never replace one that read more.
 */
describe.each(DATABASES)('a webhook analysis that read an older timeline, on %s', (_n, open) => {
  let store: TicketStore;
  let inst: string;
  // Every analysis is stamped later than the one before: the stalled run, resumed last, has the
  // newest `now`, so a "newest computation wins" rule alone keeps its (older) result.
  let clock = ms('2024-04-01T00:00:00Z');
  const deps = (s: TicketStore): AnalysisDeps => ({
    store: s,
    producer: NO_PRODUCER,
    now: () => (clock += 1_000),
    reportingTimeZone: 'UTC',
  });

  withInstallationStore(open, (opened) => ({ store, inst } = opened));

  /** Writes the ticket with its first two events; returns a writer of the remaining ones. */
  async function seed(id: string) {
    const full = new TimelineBuilder(id, '2024-03-04T09:00:00Z')
      .agent('2024-03-04T09:20:00Z')
      .status('2024-03-04T11:00:00Z', 'solved')
      .build();
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: `${id}-1`,
      tickets: [full.ticket],
      events: full.events.slice(0, 2),
    });
    return () =>
      store.writeSyncPage({
        installationId: inst,
        stream: 'ticket_events',
        checkpoint: `${id}-2`,
        events: full.events.slice(2),
      });
  }

  /** The stored metrics against the engine run on the stored timeline (no extra entries here). */
  async function expectStoredMatchesTimeline(id: string) {
    const timeline = await store.getTicketTimeline(inst, id);
    if (timeline === null) throw new Error(`ticket ${id} is not stored`);
    expect(timeline.events.length).toBeGreaterThan(2);
    const expected = computeTicketMetrics(timeline, {
      now: clock,
      calendars: calendarSetFor(inst, []),
    });
    const stored = await store.getTicketMetrics(inst, id);
    expect(expected.firstReply).not.toBeNull();
    expect(stored?.metrics.firstReply).toEqual(expected.firstReply);
    expect(stored?.metrics.agentReplies).toBe(expected.agentReplies);
    expect(stored?.metrics.firstSolvedAt).toBe(expected.firstSolvedAt);
    expect(stored?.metrics.status).toBe(expected.status);
  }

  it('loses to a drain that read the events written after its read', async () => {
    const writeRest = await seed('W1');
    const webhook = stallingStore(store);
    const late = analyzeTicket(deps(webhook.slow), {
      installationId: inst,
      ticketId: 'W1',
      updatedAt: 0,
    });
    await webhook.read;
    await writeRest();
    expect(
      await analyzePendingTickets(deps(store), { installationId: inst, notBefore: 0 }),
    ).toEqual({ batches: 1, subjects: 1 });
    webhook.resume();
    await late;
    await expectStoredMatchesTimeline('W1');
  });

  it('loses to a second webhook analysis that read the events written after its read', async () => {
    const writeRest = await seed('W2');
    const first = stallingStore(store);
    const late = analyzeTicket(deps(first.slow), {
      installationId: inst,
      ticketId: 'W2',
      updatedAt: 0,
    });
    await first.read;
    await writeRest();
    await analyzeTicket(deps(store), { installationId: inst, ticketId: 'W2', updatedAt: 1 });
    first.resume();
    await late;
    await expectStoredMatchesTimeline('W2');
  });

  it('a drain that read before a sidebar time entry loses to the webhook run that read it', async () => {
    const writeRest = await seed('W3');
    await writeRest();
    // The entry re-marks the outbox too, so the claimed mark and the version both fence the drain's
    // stale save out (the version rule alone: timeline-versions.int.test.ts).
    const drain = stallingStore(store);
    const late = analyzePendingTickets(deps(drain.slow), { installationId: inst, notBefore: 0 });
    await drain.read;
    const entry: HandleTimeEntry = {
      id: 'h-W3',
      ticketId: 'W3',
      agentId: 'agent-1',
      seconds: 420,
      source: 'sidebar_timer',
      loggedAt: ms('2024-03-04T10:00:00Z'),
    };
    expect(await store.addHandleTimeEntry(inst, entry)).toBe(true);
    await analyzeTicket(deps(store), { installationId: inst, ticketId: 'W3', updatedAt: 1 });
    drain.resume();
    await late;
    const timeline = await store.getTicketTimeline(inst, 'W3');
    const logged = (timeline?.handleTimeEntries ?? []).reduce((sum, h) => sum + h.seconds, 0);
    expect(logged).toBe(420);
    expect((await store.getTicketMetrics(inst, 'W3'))?.metrics.handleTimeSeconds).toBe(logged);
  });

  it('a re-analysis of the same timeline under a new SLA policy still replaces it', async () => {
    const writeRest = await seed('W4');
    await writeRest();
    const payload = { installationId: inst, ticketId: 'W4', updatedAt: 1 };
    await analyzeTicket(deps(store), payload);
    const before = await store.getTicketMetrics(inst, 'W4');
    expect(before?.dims.sla).toBeUndefined();
    const policy: SlaPolicy = {
      id: 'p',
      name: 'P',
      targets: [
        {
          metric: 'first_reply_time',
          priority: null,
          targetSeconds: 4 * 3600,
          businessHours: false,
        },
      ],
    };
    const settings = (await store.getInstallation(inst))?.settings ?? {};
    await store.updateInstallationSettings(inst, { ...settings, slaPolicy: policy });
    // The drain's reconciliation re-marks the history analysed under the old policy.
    await analyzePendingTickets(deps(store), { installationId: inst, notBefore: 0 });
    const after = await store.getTicketMetrics(inst, 'W4');
    expect(after?.dims.computedAt).toBeGreaterThan(before?.dims.computedAt ?? Infinity);
    // Replied at 09:20, 4 calendar hours after the 09:00 creation were allowed.
    expect(after?.dims.sla).toEqual([
      {
        metric: 'first_reply_time',
        breachAt: ms('2024-03-04T13:00:00Z'),
        fulfilledAt: ms('2024-03-04T09:20:00Z'),
      },
    ]);
  });
});
