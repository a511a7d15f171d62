import { describe, expect, it } from 'vitest';
import { QUIET_POLLS, until } from '../../support/wait-until.js';

/** A probe whose queues hold `inFlight[i]` jobs at the i-th look (the last value thereafter). */
function probe(inFlight: number[], failed: string[] = []) {
  let looks = 0;
  return {
    looks: () => looks,
    inFlight: () => {
      looks += 1;
      return Promise.resolve(inFlight[Math.min(looks, inFlight.length) - 1] ?? 0);
    },
    failed: () => Promise.resolve(failed),
  };
}

describe('until (the agreement scenario waits)', () => {
  it('ends as soon as what it waits for is there', async () => {
    let polls = 0;
    const jobs = probe([2]);
    await until({ probe: jobs, timeoutMs: 60_000, pollMs: 1 }, 'x', () => {
      polls += 1;
      return Promise.resolve(polls < 4 ? 'not yet' : null);
    });
    expect(polls).toBe(4);
  });

  it('fails naming what is missing and the failed jobs once no job is left to bring it', async () => {
    // Jobs run for two polls, then the queues stay empty: the wait gives up QUIET_POLLS later.
    const jobs = probe([3, 1, 0], ['tickets.sync sync_1: HTTP 500']);
    const wait = until({ probe: jobs, timeoutMs: 60_000, pollMs: 1 }, 'the deletions', () =>
      Promise.resolve('tickets 19964 not deleted'),
    );
    await expect(wait).rejects.toThrow(
      'no job left to run waiting for the deletions: tickets 19964 not deleted; jobs failed for good: tickets.sync sync_1: HTTP 500',
    );
    expect(jobs.looks()).toBe(2 + QUIET_POLLS);
  });

  it('does not give up on one empty look between jobs (a follow-up not yet enqueued)', async () => {
    let polls = 0;
    const jobs = probe([1, 0, 1, 0, 0, 1]);
    await until({ probe: jobs, timeoutMs: 60_000, pollMs: 1 }, 'x', () => {
      polls += 1;
      return Promise.resolve(polls < 7 ? 'not yet' : null);
    });
    expect(polls).toBe(7);
  });

  it('fails at the timeout while jobs still run', async () => {
    const wait = until({ probe: probe([1]), timeoutMs: 30, pollMs: 5 }, 'the pipeline', () =>
      Promise.resolve('{"outbox":{"day":3}}'),
    );
    await expect(wait).rejects.toThrow('timed out waiting for the pipeline: {"outbox":{"day":3}}');
  });
});
