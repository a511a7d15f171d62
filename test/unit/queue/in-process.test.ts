import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/errors.js';
import { ValidationError } from '../../../src/errors.js';
import { createInProcessQueue } from '../../../src/queue/in-process.js';

const analyze = { installationId: 'inst-1', ticketId: '42', updatedAt: 1_700_000_000_000 };

/** A queue whose retry timers fire at once but record the delay they were asked for. */
function queueRecordingDelays() {
  const delays: number[] = [];
  const queue = createInProcessQueue({
    setTimer: (fn, ms) => {
      delays.push(ms);
      return setImmediate(fn);
    },
    clearTimer: (h) => {
      clearImmediate(h as NodeJS.Immediate);
    },
  });
  return { queue, delays };
}

describe('in-process job queue (embedded mode)', () => {
  it('runs a job with its validated payload', async () => {
    const { queue } = queueRecordingDelays();
    const seen: unknown[] = [];
    queue.start({ 'ticket.analyze': async (payload) => void seen.push(payload) });
    await queue.enqueue('ticket.analyze', analyze);
    await queue.idle();
    expect(seen).toEqual([analyze]);
    await queue.close();
  });

  it('rejects a bad payload at enqueue with the field named', async () => {
    const { queue } = queueRecordingDelays();
    await expect(
      queue.enqueue('ticket.analyze', { ...analyze, updatedAt: 'soon' } as never),
    ).rejects.toThrow(ValidationError);
    await expect(
      queue.enqueue('ticket.analyze', { ...analyze, updatedAt: 'soon' } as never),
    ).rejects.toThrow(/updatedAt/);
    await queue.close();
  });

  it('runs one sync per installation at a time, whatever the mode', async () => {
    const { queue } = queueRecordingDelays();
    const runs: string[] = [];
    await queue.enqueue('tickets.sync', { installationId: 'inst-1', mode: 'backfill', since: 0 });
    await queue.enqueue('tickets.sync', { installationId: 'inst-1', mode: 'incremental' });
    await queue.enqueue('tickets.sync', { installationId: 'inst-2', mode: 'incremental' });
    queue.start({ 'tickets.sync': async (p) => void runs.push(`${p.installationId}/${p.mode}`) });
    await queue.idle();
    expect(runs).toEqual(['inst-1/backfill', 'inst-2/incremental']);
    await queue.close();
  });

  it('collapses duplicate content into one job', async () => {
    const { queue } = queueRecordingDelays();
    let runs = 0;
    await queue.enqueue('ticket.analyze', analyze);
    await queue.enqueue('ticket.analyze', analyze);
    queue.start({ 'ticket.analyze': async () => void (runs += 1) });
    await queue.idle();
    expect(runs).toBe(1);
    await queue.close();
  });

  it('runs a job enqueued again while it runs once more, after the delay that enqueue asked', async () => {
    // A drain that defers itself re-enqueues its own id; with a frozen clock (the CLI tests) the
    // id repeats, and an immediate re-run would spin in its slot while the work it waits for
    // cannot get one.
    const { queue, delays } = queueRecordingDelays();
    const drain = { installationId: 'inst-1', notBefore: 2_000 };
    let runs = 0;
    queue.start({
      'pushback.drain': async (payload) => {
        runs += 1;
        if (runs === 1) await queue.enqueue('pushback.drain', payload, { delayMs: 2_000 });
      },
    });
    await queue.enqueue('pushback.drain', drain);
    await queue.idle();
    expect(runs).toBe(2);
    expect(delays).toEqual([2_000]);
    await queue.close();
  });

  it('retries retryable failures with exponential backoff', async () => {
    const { queue, delays } = queueRecordingDelays();
    const attempts: number[] = [];
    queue.start({
      'ticket.analyze': async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new ConnectorError('UPSTREAM_UNAVAILABLE', 'GET /x: 503');
      },
    });
    await queue.enqueue('ticket.analyze', analyze);
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([1_000, 2_000]);
    expect(await queue.failed()).toEqual([]);
    await queue.close();
  });

  it('waits for Retry-After when rate limited', async () => {
    const { queue, delays } = queueRecordingDelays();
    let calls = 0;
    queue.start({
      'tickets.sync': async () => {
        calls += 1;
        if (calls === 1)
          throw new ConnectorError('RATE_LIMITED', 'GET /x: 429', { retryAfterMs: 7_000 });
      },
    });
    await queue.enqueue('tickets.sync', { installationId: 'inst-1', mode: 'incremental' });
    await queue.idle();
    expect(delays).toEqual([7_000]);
    await queue.close();
  });

  it.each([
    ['an auth failure', new ConnectorError('AUTH_FAILED', 'GET /x: 401'), 1, /AUTH_FAILED/],
    ['a transient error that never clears', new Error('socket hang up'), 5, /socket hang up/],
  ])('keeps %s as a failed job', async (_name, error, attempts, message) => {
    const { queue } = queueRecordingDelays();
    queue.start({
      'ticket.analyze': () => Promise.reject(error),
    });
    await queue.enqueue('ticket.analyze', analyze);
    await queue.idle();
    const failed = await queue.failed();
    expect(failed).toEqual([
      expect.objectContaining({ name: 'ticket.analyze', attempts, payload: analyze }),
    ]);
    expect(failed[0]?.error).toMatch(message);
    await queue.close();
  });

  it('keeps a slot for webhook jobs while bulk drains fill the others', async () => {
    const queue = createInProcessQueue({ concurrency: 2 });
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const hold = (label: string) => async () => {
      started.push(label);
      await new Promise<void>((resolve) => releases.push(resolve));
    };
    queue.start({
      'analysis.drain': hold('analysis'),
      'summaries.drain': hold('summaries'),
      'ticket.analyze': hold('analyze'),
    });
    const drain = { installationId: 'inst-1', notBefore: 1_700_000_000_000 };
    await queue.enqueue('analysis.drain', drain);
    await queue.enqueue('summaries.drain', drain);
    await queue.enqueue('ticket.analyze', analyze);
    await new Promise((resolve) => setImmediate(resolve));
    // One bulk job runs; the second waits although a slot is free, which the webhook job takes.
    expect(started).toEqual(['analysis', 'analyze']);
    releases.splice(0).forEach((release) => {
      release();
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['analysis', 'analyze', 'summaries']);
    releases.splice(0).forEach((release) => {
      release();
    });
    await queue.idle();
    await queue.close();
  });

  it('runs the replay-block rebuild only when no other job is ready', async () => {
    const queue = createInProcessQueue({ concurrency: 1 });
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const hold = (label: string) => async () => {
      started.push(label);
      await new Promise<void>((resolve) => releases.push(resolve));
    };
    queue.start({
      'analysis.drain': hold('analysis'),
      'rollups.drain': hold('rollups'),
      'replay.rebuild': hold('rebuild'),
    });
    const drain = { installationId: 'inst-1', notBefore: 1_700_000_000_000 };
    await queue.enqueue('analysis.drain', drain);
    await queue.enqueue('replay.rebuild', { installationId: 'inst-1' });
    await queue.enqueue('rollups.drain', drain);
    const next = async () => {
      releases.splice(0).forEach((release) => {
        release();
      });
      await new Promise((resolve) => setImmediate(resolve));
    };
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['analysis']);
    // Enqueued before the rollups, it still waits for them.
    await next();
    expect(started).toEqual(['analysis', 'rollups']);
    await next();
    expect(started).toEqual(['analysis', 'rollups', 'rebuild']);
    await next();
    await queue.idle();
    await queue.close();
  });

  it('reports each accepted job and runs it inside the trace wrapper', async () => {
    const events: string[] = [];
    const queue = createInProcessQueue({
      setTimer: (fn) => setImmediate(fn),
      clearTimer: (h) => {
        clearImmediate(h as NodeJS.Immediate);
      },
      trace: {
        enqueued: (job, delayMs) => events.push(`enqueued ${job.name} ${String(delayMs)}`),
        around: async (job, run) => {
          events.push(`start ${job.name}`);
          await run();
          events.push(`end ${job.name}`);
        },
      },
    });
    queue.start({ 'ticket.analyze': async () => void events.push('run') });
    await queue.enqueue('ticket.analyze', analyze, { delayMs: 500 });
    // Absorbed by the waiting job: no second report.
    await queue.enqueue('ticket.analyze', analyze);
    await queue.idle();
    expect(events).toEqual([
      'enqueued ticket.analyze 500',
      'start ticket.analyze',
      'run',
      'end ticket.analyze',
    ]);
    await queue.close();
  });

  it('close lets the running job finish, then takes no more', async () => {
    const { queue } = queueRecordingDelays();
    const done: string[] = [];
    let release: () => void = () => undefined;
    queue.start({
      'ticket.analyze': async ({ ticketId }) => {
        if (ticketId === '1') await new Promise<void>((resolve) => (release = resolve));
        done.push(ticketId);
      },
    });
    await queue.enqueue('ticket.analyze', { ...analyze, ticketId: '1' });
    const closing = queue.close();
    await queue.enqueue('ticket.analyze', { ...analyze, ticketId: '2' });
    release();
    await closing;
    expect(done).toEqual(['1']);
  });
});
