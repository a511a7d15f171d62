import { describe, expect, it } from 'vitest';
import type { StreamPage } from '../../../src/services/pipeline/sync-pages.js';
import { createProgressTracker } from '../../../src/services/pipeline/sync-progress.js';

const DAY = 86_400_000;
const ORIGIN = Date.UTC(2024, 0, 1);

/** A tickets page of `count` tickets updated between `from` and `to`. */
function page(count: number, from: number, to: number, endOfStream = false): StreamPage {
  return {
    records: {},
    checkpoint: `c${String(to)}`,
    endOfStream,
    items: count,
    quarantined: 0,
    versions: new Map(),
    tickets: { count, minUpdatedAt: from, maxUpdatedAt: to },
  };
}

describe('createProgressTracker', () => {
  it('estimates the total from how far the watermark has moved, and the ETA from the rate', () => {
    let now = ORIGIN + 100 * DAY;
    const tracker = createProgressTracker('inst', () => now);
    tracker.startStream('tickets', ORIGIN);
    now += 10_000;
    // A quarter of the window covered by 250 tickets in 10 s: ~1000 in all, 30 s to go.
    const p = tracker.commit('tickets', page(250, ORIGIN, ORIGIN + 25 * DAY));
    expect(p.ticketsDone).toBe(250);
    expect(p.estimatedTotal).toBe(1000);
    expect(p.etaMs).toBe(30_000);
    expect(p.watermark).toBe(ORIGIN + 25 * DAY);
  });

  it('reports the exact total and no remaining time once the stream has caught up', () => {
    let now = ORIGIN + 10 * DAY;
    const tracker = createProgressTracker('inst', () => now);
    tracker.startStream('tickets', ORIGIN);
    now += 1_000;
    tracker.commit('tickets', page(10, ORIGIN, ORIGIN + DAY));
    const done = tracker.commit('tickets', page(5, ORIGIN + DAY, ORIGIN + 2 * DAY, true));
    expect(done).toMatchObject({ ticketsDone: 15, estimatedTotal: 15, etaMs: 0, pages: 2 });
  });

  it('knows nothing before the first tickets page, and takes a resume origin from it', () => {
    let now = ORIGIN + 10 * DAY;
    const tracker = createProgressTracker('inst', () => now);
    expect(tracker.current('users')).toMatchObject({ estimatedTotal: null, etaMs: null });
    tracker.startStream('tickets', null);
    now += 1_000;
    const first = tracker.commit('tickets', page(10, ORIGIN + 8 * DAY, ORIGIN + 9 * DAY));
    // From the page's oldest ticket to now is two days, of which one is covered.
    expect(first.estimatedTotal).toBe(20);
    // A page of another stream counts as a page but leaves the ticket estimate alone.
    const users = {
      ...page(0, 0, 0),
      tickets: { count: 0, minUpdatedAt: null, maxUpdatedAt: null },
    };
    expect(tracker.commit('users', users)).toMatchObject({ pages: 2, ticketsDone: 10 });
  });

  it('keeps events and ratings running with their own counts and ETAs after the tickets finish', () => {
    let now = ORIGIN + 100 * DAY;
    const tracker = createProgressTracker('inst', () => now);
    tracker.startStream('tickets', ORIGIN);
    now += 1_000;
    tracker.commit('tickets', page(100, ORIGIN, ORIGIN + 99 * DAY, true));
    tracker.startStream('ticket_events', ORIGIN);
    now += 20_000;
    // 500 events covering the first quarter of the window in 20 s: ~2000 in all, 60 s to go.
    const events = {
      ...page(500, 0, 0),
      tickets: { count: 0, minUpdatedAt: null, maxUpdatedAt: null },
      versions: new Map([
        ['1', ORIGIN + DAY],
        ['2', ORIGIN + 25 * DAY],
      ]),
    };
    const p = tracker.commit('ticket_events', events);
    expect(p.stages).toEqual([
      { stage: 'tickets', state: 'done', done: 100, total: 100, etaMs: 0 },
      { stage: 'events', state: 'running', done: 500, total: 2000, etaMs: 60_000 },
      { stage: 'ratings', state: 'waiting', done: 0, total: null, etaMs: null },
    ]);
  });
});
