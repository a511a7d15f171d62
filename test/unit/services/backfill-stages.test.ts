import { describe, expect, it } from 'vitest';
import {
  backfillStages,
  formatBackfillStages,
  type BackfillFacts,
} from '../../../src/services/admin/backfill-stages.js';

const REQUESTED = 1_000_000;
const idle = { ticket: 0, requester: 0, day: 0, push: 0 };
const pass = (
  stream: string,
  doneAt: number | null,
  rewindTo: number | null = null,
  progress: { records: number; watermark: number | null } = { records: 0, watermark: null },
) => ({
  stream,
  origin: 0,
  checkpoint: null,
  doneAt,
  rewindTo,
  startedAt: REQUESTED,
  ...progress,
});
const time = (stream: string, updatedAt: number) => ({
  installationId: 'i',
  stream,
  updatedAt,
  lastErrorAt: null,
  count429: 0,
  rateLimitRemaining: null,
});

function facts(overrides: Partial<BackfillFacts>): BackfillFacts {
  return {
    requestedAt: REQUESTED,
    now: REQUESTED + 1_000,
    passes: [],
    times: [],
    pending: idle,
    tickets: { stored: 0, estimatedTotal: null, etaSeconds: null },
    ...overrides,
  };
}

describe('backfillStages', () => {
  it('a backfill whose rewind is not applied yet waits in every stage, whatever earlier passes did', () => {
    const stages = backfillStages(
      facts({
        // An earlier pass's count stays in the row until the rewind restarts it: not shown.
        passes: ['tickets', 'ticket_events', 'satisfaction'].map((s) =>
          pass(s, 10, REQUESTED, { records: 77, watermark: 5 }),
        ),
        times: [time('tickets', REQUESTED - 1)],
      }),
    );
    expect(formatBackfillStages(stages)).toBe(
      'tickets: waiting | events: waiting | ratings: waiting | analysis: waiting | summaries: waiting | push-back: waiting',
    );
  });

  it('tickets done, events reading, analysis working off its outbox', () => {
    const stages = backfillStages(
      facts({
        passes: [
          pass('tickets', REQUESTED + 5),
          pass('ticket_events', null),
          pass('satisfaction', null),
        ],
        times: [time('tickets', REQUESTED + 5), time('ticket_events', REQUESTED + 9)],
        pending: { ...idle, ticket: 40 },
        tickets: { stored: 300, estimatedTotal: 320, etaSeconds: 4 },
      }),
    );
    expect(stages[0]).toEqual({
      stage: 'tickets',
      state: 'done',
      done: 300,
      total: 300,
      pending: null,
      etaSeconds: 0,
    });
    expect(formatBackfillStages(stages)).toBe(
      'tickets: 300 done | events: 0 running | ratings: waiting | analysis: 40 pending | summaries: waiting | push-back: waiting',
    );
  });

  it('an empty outbox is done only once every sync stage is', () => {
    const done = ['tickets', 'ticket_events', 'satisfaction'].map((s) => pass(s, REQUESTED + 1));
    const stages = backfillStages(
      facts({ passes: done, tickets: { stored: 3, estimatedTotal: 3, etaSeconds: 0 } }),
    );
    expect(stages.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(stages.slice(3).map((s) => s.pending)).toEqual([0, 0, 0]);
  });

  it('events and ratings count the records their pass read, with an estimate from the time covered', () => {
    // Origin 0, now 2,000,000: a watermark at 1,000,000 has covered half of the range, so 500
    // records read estimate 1,000 in all; 500 took 1,000 s since the pass started, 500 more too.
    const now = 2_000_000;
    const stages = backfillStages(
      facts({
        now,
        passes: [
          pass('tickets', REQUESTED + 5),
          pass('ticket_events', null, null, { records: 500, watermark: 1_000_000 }),
          pass('satisfaction', REQUESTED + 9, null, { records: 42, watermark: now - 5 }),
        ],
        times: [time('ticket_events', REQUESTED + 9), time('satisfaction', REQUESTED + 9)],
        tickets: { stored: 3, estimatedTotal: 3, etaSeconds: 0 },
      }),
    );
    expect(stages[1]).toEqual({
      stage: 'events',
      state: 'running',
      done: 500,
      total: 1_000,
      pending: null,
      etaSeconds: 1_000,
    });
    expect(stages[2]).toEqual({
      stage: 'ratings',
      state: 'done',
      done: 42,
      total: 42,
      pending: null,
      etaSeconds: 0,
    });
    expect(formatBackfillStages(stages).split(' | ').slice(0, 3)).toEqual([
      'tickets: 3 done',
      'events: 500 running',
      'ratings: 42 done',
    ]);
  });
});
