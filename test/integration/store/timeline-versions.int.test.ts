import { describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketStore } from '../../../src/store/store.js';
import {
  DATABASES,
  withInstallationStore,
  T0,
  comment,
  metricsDims,
  ticket,
  type TestDatabase,
} from './support.js';

const HOUR = 3_600_000;

/** Migration 025: every change of a ticket's timeline raises its version; saves keep the highest. */
describe.each(DATABASES)('timeline versions on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;

  withInstallationStore(open, (opened) => ({ db, store, inst } = opened));

  const versionOf = async (id: string) =>
    (await store.getTicketTimeline(inst, id))?.timelineVersion;

  it('rises with every write that changes the timeline, and only with those', async () => {
    // Events may come before their ticket: they count once the ticket is there to be read.
    await store.writeSyncPage({
      installationId: inst,
      stream: 'ticket_events',
      checkpoint: 'e1',
      events: [comment('V1-c1', 'V1', 10)],
    });
    expect(await versionOf('V1')).toBeUndefined();
    const page = { installationId: inst, stream: 'tickets' as const, checkpoint: 'c1' };
    await store.writeSyncPage({ ...page, tickets: [ticket('V1', 30)] });
    expect(await versionOf('V1')).toBe(2);
    // An identical replay changes nothing, so it raises nothing.
    await store.writeSyncPage({ ...page, tickets: [ticket('V1', 30)] });
    await store.writeSyncPage({ ...page, events: [comment('V1-c1', 'V1', 10)] });
    expect(await versionOf('V1')).toBe(2);
    await store.writeSyncPage({ ...page, tickets: [ticket('V1', 40)] });
    expect(await versionOf('V1')).toBe(3);
    await store.writeSyncPage({ ...page, events: [comment('V1-c2', 'V1', 50)] });
    expect(await versionOf('V1')).toBe(4);
    const entry = {
      id: 'V1-h',
      ticketId: 'V1',
      agentId: null,
      seconds: 60,
      source: 'sidebar_timer' as const,
      loggedAt: T0,
    };
    // Whatever the sync marked so far is taken; a sidebar entry then marks the ticket itself, so
    // the analysis drain gets it even if the caller's job never runs. A replay marks nothing.
    await store.ackPending(inst, 'ticket', await store.claimPending(inst, 'ticket', 100, 60_000));
    const marked = async () => {
      const claimed = await store.claimPending(inst, 'ticket', 100, 60_000);
      await store.ackPending(inst, 'ticket', claimed);
      return claimed.map((c) => c.subjectId);
    };
    expect(await store.addHandleTimeEntry(inst, entry)).toBe(true);
    expect(await marked()).toEqual(['V1']);
    expect(await store.addHandleTimeEntry(inst, entry)).toBe(false);
    expect(await marked()).toEqual([]);
    expect(await versionOf('V1')).toBe(5);
    const answer = {
      id: 'V1-s',
      ticketId: 'V1',
      requesterId: 'req-1',
      kind: 'ces' as const,
      surveyId: 'ces',
      questionId: 'q',
      scaleMin: 1,
      scaleMax: 7,
      direction: 'higher_is_better' as const,
      value: 6,
      respondedAt: T0 + HOUR,
    };
    expect(await store.addSurveyAnswer(inst, answer)).toBe(true);
    expect(await marked()).toEqual(['V1']);
    expect(await store.addSurveyAnswer(inst, answer)).toBe(false);
    expect(await marked()).toEqual([]);
    expect(await versionOf('V1')).toBe(6);
    // The batch read carries the same version.
    const [batch] = await store.getTicketTimelines(inst, ['V1']);
    expect(batch?.timelineVersion).toBe(6);
    // Another ticket's writes leave this one alone; tickets stored before 025 read 0.
    await store.writeSyncPage({ ...page, tickets: [ticket('V2', 30)] });
    expect(await versionOf('V1')).toBe(6);
    await db.client.query('DELETE FROM ticket_timeline_versions WHERE ticket_id = $1', ['V2']);
    expect(await versionOf('V2')).toBe(0);
  });

  it('keeps the metrics of the highest version read, then of the latest computation', async () => {
    const save = (computedAt: number, timelineVersion: number) =>
      store.saveTicketMetrics(inst, {
        metrics: computeTicketMetrics(
          { ticket: ticket('V3', 30), events: [comment('V3-c', 'V3', 80)] },
          { now: computedAt, calendars: { defaultCalendar: null, byId: new Map() } },
        ),
        dims: metricsDims({ computedAt }),
        timelineVersion,
      });
    const storedAt = async () => (await store.getTicketMetrics(inst, 'V3'))?.dims.computedAt;
    expect(await save(T0 + HOUR, 2)).toBe(true);
    // Read before the last change, stamped later: the stale read loses.
    expect(await save(T0 + 3 * HOUR, 1)).toBe(false);
    expect(await storedAt()).toBe(T0 + HOUR);
    // The same timeline computed later (new settings, a new engine) replaces it; earlier does not.
    expect(await save(T0 + 2 * HOUR, 2)).toBe(true);
    expect(await save(T0 + HOUR, 2)).toBe(false);
    expect(await storedAt()).toBe(T0 + 2 * HOUR);
    // A newer read wins even with an earlier stamp.
    expect(await save(T0, 3)).toBe(true);
    expect(await storedAt()).toBe(T0);
  });
});
