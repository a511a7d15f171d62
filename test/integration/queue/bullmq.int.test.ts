import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../../src/connectors/errors.js';
import { JOB_NAMES } from '../../../src/queue/catalog.js';
import {
  createBullmqProducer,
  createBullmqRunner,
  queueNameOf,
  type JobFailure,
} from '../../../src/queue/bullmq.js';
import { StoreError } from '../../../src/store/errors.js';
import type { JobProducer, JobRunner } from '../../../src/queue/queue.js';

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const analyze = { installationId: 'inst-1', ticketId: '42', updatedAt: 1_700_000_000_000 };

describe('BullMQ adapter on the real Redis', () => {
  let prefix = '';
  let producer: JobProducer | undefined;
  let runner: JobRunner | undefined;

  const setup = (onJobFailed?: (failure: JobFailure) => void) => {
    prefix = `test-${crypto.randomUUID()}`;
    producer = createBullmqProducer({ redisUrl, prefix });
    runner = createBullmqRunner({
      redisUrl,
      prefix,
      concurrency: 2,
      ...(onJobFailed === undefined ? {} : { onJobFailed }),
    });
    return { producer, runner };
  };

  afterEach(async () => {
    await runner?.close();
    await producer?.close();
    // Each test has its own prefix; remove everything it left in Redis.
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const name of JOB_NAMES) {
      const queue = new Queue(queueNameOf(name), { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    connection.disconnect();
  });

  it("starts a webhook refresh while another installation's backfill jobs still wait", async () => {
    const { producer, runner } = setup();
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const gate = { open: false };
    const hold = (label: string) => async () => {
      started.push(label);
      if (!gate.open) await new Promise<void>((resolve) => releases.push(resolve));
    };
    runner.start({
      'tickets.sync': hold('sync'),
      'analysis.drain': hold('drain'),
      'ticket.refresh': hold('refresh'),
    });
    await producer.enqueue('tickets.sync', { installationId: 'inst-b', mode: 'backfill' });
    // More drains than the worker's concurrency (2): some stay waiting behind the running ones.
    for (let i = 0; i < 5; i += 1) {
      await producer.enqueue('analysis.drain', { installationId: 'inst-b', notBefore: 1_000 + i });
    }
    await vi.waitFor(
      () => {
        expect(started.filter((s) => s === 'drain')).toHaveLength(2);
      },
      { timeout: 10_000 },
    );
    await producer.enqueue('ticket.refresh', { ...analyze, installationId: 'inst-a' });
    await vi.waitFor(
      () => {
        expect(started).toContain('refresh');
      },
      { timeout: 10_000 },
    );
    // Three drains still wait: the refresh did not queue behind them, nor ran any of them.
    expect([...started].sort()).toEqual(['drain', 'drain', 'refresh', 'sync']);
    gate.open = true;
    releases.splice(0).forEach((release) => {
      release();
    });
  });

  it('runs a job with its validated payload', async () => {
    const { producer, runner } = setup();
    const seen: unknown[] = [];
    runner.start({ 'ticket.analyze': async (payload) => void seen.push(payload) });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(
      () => {
        expect(seen).toEqual([analyze]);
      },
      { timeout: 10_000 },
    );
  });

  it('collapses duplicate content by job id', async () => {
    const { producer, runner } = setup();
    let runs = 0;
    await producer.enqueue('ticket.analyze', analyze);
    await producer.enqueue('ticket.analyze', analyze);
    await producer.enqueue('ticket.analyze', { ...analyze, ticketId: '43' });
    runner.start({ 'ticket.analyze': async () => void (runs += 1) });
    await vi.waitFor(
      () => {
        expect(runs).toBe(2);
      },
      { timeout: 10_000 },
    );
  });

  it('retries a retryable failure, then succeeds', async () => {
    const { producer, runner } = setup();
    const attempts: number[] = [];
    runner.start({
      'ticket.analyze': async (_p, { attempt }) => {
        attempts.push(attempt);
        if (attempt === 1) throw new ConnectorError('UPSTREAM_UNAVAILABLE', 'GET /x: 503');
      },
    });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(
      () => {
        expect(attempts).toEqual([1, 2]);
      },
      { timeout: 15_000 },
    );
    expect(await runner.failed()).toEqual([]);
  });

  it('fails an auth failure at once and keeps it for inspection', async () => {
    const { producer, runner } = setup();
    runner.start({
      'ticket.analyze': () => Promise.reject(new ConnectorError('AUTH_FAILED', 'GET /x: 401')),
    });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(
      async () => {
        expect(await runner.failed()).toEqual([
          expect.objectContaining({ name: 'ticket.analyze', attempts: 1 }),
        ]);
      },
      { timeout: 10_000 },
    );
    expect((await runner.failed())[0]?.error).toMatch(/AUTH_FAILED/);
  });

  it('a job that failed for good never blocks its id: the same work runs again (issue 13)', async () => {
    const { producer, runner } = setup();
    const runs: string[] = [];
    runner.start({
      'tickets.sync': async () => {
        runs.push('sync');
        if (runs.length === 1) throw new ConnectorError('AUTH_FAILED', 'GET /x: 401');
      },
      'helpdesk.pushBack': async () => {
        runs.push('push');
        if (runs.filter((r) => r === 'push').length === 1) {
          throw new ConnectorError('AUTH_FAILED', 'PUT /x: 401');
        }
      },
    });
    const sync = { installationId: 'inst-1', mode: 'incremental' as const };
    const push = { installationId: 'inst-1', requesterId: '7' };
    await producer.enqueue('tickets.sync', sync);
    await producer.enqueue('helpdesk.pushBack', push);
    await vi.waitFor(
      async () => {
        expect(await runner.failed()).toHaveLength(2);
      },
      {
        timeout: 10_000,
      },
    );
    await producer.enqueue('tickets.sync', sync);
    await producer.enqueue('helpdesk.pushBack', push);
    await vi.waitFor(
      () => {
        expect(runs.sort()).toEqual(['push', 'push', 'sync', 'sync']);
      },
      {
        timeout: 10_000,
      },
    );
    expect(await runner.failed()).toEqual([]);
  });

  it('a job whose worker died twice runs again on a third (issue 13: stalled jobs are retried)', async () => {
    prefix = `test-${crypto.randomUUID()}`;
    producer = createBullmqProducer({ redisUrl, prefix });
    const starts: number[] = [];
    // A worker that takes the job and never finishes it, then is stopped without letting go: to
    // BullMQ it is a dead worker, whose lock expires and whose job stalls.
    const dyingWorker = async (): Promise<void> => {
      const dying = createBullmqRunner({ redisUrl, prefix, lockMs: 500, shutdownGraceMs: 50 });
      const before = starts.length;
      dying.start({
        'tickets.sync': () => {
          starts.push(Date.now());
          return new Promise(() => undefined);
        },
      });
      await vi.waitFor(
        () => {
          expect(starts.length).toBe(before + 1);
        },
        { timeout: 10_000 },
      );
      await dying.close();
    };
    await producer.enqueue('tickets.sync', { installationId: 'inst-1', mode: 'incremental' });
    await dyingWorker();
    await dyingWorker();
    let done = false;
    runner = createBullmqRunner({ redisUrl, prefix, lockMs: 500 });
    runner.start({
      'tickets.sync': () => {
        done = true;
        return Promise.resolve();
      },
    });
    await vi.waitFor(
      () => {
        expect(done).toBe(true);
      },
      { timeout: 15_000 },
    );
    expect(starts).toHaveLength(2);
    expect(await runner.failed()).toEqual([]);
  });

  it('reports every failed attempt with name, id, installation, attempt and code', async () => {
    const failures: JobFailure[] = [];
    const { producer, runner } = setup((failure) => failures.push(failure));
    runner.start({
      'ticket.analyze': (_p, { attempt }) =>
        Promise.reject(
          attempt === 1
            ? new StoreError('database error: Connection terminated unexpectedly', {
                retryable: true,
              })
            : new ConnectorError('AUTH_FAILED', 'GET /x: 401'),
        ),
    });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(
      () => {
        expect(failures).toHaveLength(2);
      },
      { timeout: 15_000 },
    );
    const jobId = 'analyze_inst-1_42_1700000000000';
    const common = { name: 'ticket.analyze', jobId, installationId: 'inst-1' };
    expect(failures).toEqual([
      {
        ...common,
        attempt: 1,
        final: false,
        code: 'STORE_FAILED',
        message: 'database error: Connection terminated unexpectedly',
      },
      { ...common, attempt: 2, final: true, code: 'AUTH_FAILED', message: 'GET /x: 401' },
    ]);
  });

  it('a payload that fails its schema in Redis is failed without retries', async () => {
    const { runner } = setup();
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(queueNameOf('ticket.analyze'), { connection, prefix });
    await queue.add('ticket.analyze', { ticketId: 42 }, { attempts: 5 });
    await queue.close();
    connection.disconnect();
    let ran = false;
    runner.start({ 'ticket.analyze': async () => void (ran = true) });
    await vi.waitFor(
      async () => {
        expect(await runner.failed()).toHaveLength(1);
      },
      {
        timeout: 10_000,
      },
    );
    const [failed] = await runner.failed();
    expect(failed?.attempts).toBe(1);
    expect(failed?.error).toMatch(/installationId/);
    expect(ran).toBe(false);
  });

  it('a rate-limited job waits Retry-After, alone, then runs again', async () => {
    const { producer, runner } = setup();
    const runsAt: number[] = [];
    runner.start({
      'tickets.sync': async () => {
        runsAt.push(Date.now());
        if (runsAt.length === 1)
          throw new ConnectorError('RATE_LIMITED', 'GET /x: 429', { retryAfterMs: 700 });
      },
    });
    await producer.enqueue('tickets.sync', { installationId: 'inst-1', mode: 'incremental' });
    await vi.waitFor(
      () => {
        expect(runsAt).toHaveLength(2);
      },
      { timeout: 15_000 },
    );
    expect((runsAt[1] ?? 0) - (runsAt[0] ?? 0)).toBeGreaterThanOrEqual(650);
  });

  it('close waits for the running job to finish', async () => {
    const { producer, runner } = setup();
    let finished = false;
    let started = false;
    runner.start({
      'ticket.analyze': async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
    });
    await producer.enqueue('ticket.analyze', analyze);
    await vi.waitFor(
      () => {
        expect(started).toBe(true);
      },
      { timeout: 10_000 },
    );
    await runner.close();
    expect(finished).toBe(true);
  });
});
