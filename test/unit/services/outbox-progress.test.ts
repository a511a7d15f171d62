import { describe, expect, it } from 'vitest';
import { createOutboxProgress } from '../../../src/services/pipeline/outbox-progress.js';

const counts = (ticket: number, requester: number, push: number) => ({
  ticket,
  requester,
  day: 7,
  push,
});

describe('createOutboxProgress', () => {
  it('waits while nothing is pending, then counts drained rows and extrapolates the rate', () => {
    let now = 0;
    const progress = createOutboxProgress(() => now);
    expect(progress.observe(counts(0, 0, 0)).map((s) => s.state)).toEqual([
      'waiting',
      'waiting',
      'waiting',
    ]);
    progress.observe(counts(1000, 0, 0));
    now += 10_000;
    // 250 analysed in 10 s, 750 left: 30 s.
    const [analysis] = progress.observe(counts(750, 40, 0));
    expect(analysis).toEqual({
      stage: 'analysis',
      state: 'running',
      done: 250,
      total: 1000,
      etaMs: 30_000,
    });
  });

  it('adds newly marked work to the total and reports done once drained', () => {
    let now = 0;
    const progress = createOutboxProgress(() => now);
    progress.observe(counts(100, 0, 0));
    now += 1_000;
    progress.observe(counts(50, 0, 0));
    now += 1_000;
    // A sync page marked 30 more while 20 drained: the rise counts as new work.
    expect(progress.observe(counts(60, 0, 0))[0]).toMatchObject({ done: 50, total: 110 });
    now += 1_000;
    expect(progress.observe(counts(0, 0, 0))[0]).toEqual({
      stage: 'analysis',
      state: 'done',
      done: 110,
      total: 110,
      etaMs: 0,
    });
  });
});
