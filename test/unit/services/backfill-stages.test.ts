import { describe, expect, it } from 'vitest';
import {
  backfillStages,
  formatBackfillStages,
  type BackfillFacts,
} from '../../../src/services/admin/backfill-stages.js';

const REQUESTED = 1_000_000;
const idle = { ticket: 0, requester: 0, day: 0, push: 0 };
const pass = (stream: string, doneAt: number | null, rewindTo: number | null = null) => ({
  stream,
  origin: 0,
  checkpoint: null,
  doneAt,
  rewindTo,
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
        passes: ['tickets', 'ticket_events', 'satisfaction'].map((s) => pass(s, 10, REQUESTED)),
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
      'tickets: 300 done | events: running | ratings: waiting | analysis: 40 pending | summaries: waiting | push-back: waiting',
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
});
