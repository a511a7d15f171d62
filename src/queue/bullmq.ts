import { DelayedError, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_CATALOG, JOB_NAMES } from './catalog.js';
import type { JobName, JobPayload } from './catalog.js';
import { classifyFailure } from './outcome.js';
import { failureOf, type JobFailure } from './job-failure.js';
import type { FailedJob, JobProducer, JobRunner, Processor, Processors } from './queue.js';
import { parsePayload } from './validate.js';

export type { JobFailure } from './job-failure.js';

export interface BullmqOptions {
  redisUrl: string;
  /** Key prefix in Redis; tests use a unique one so they never see each other's jobs. */
  prefix?: string;
  /** Jobs of one name run at once in this process (default 4). */
  concurrency?: number;
  /** How long the runner's close waits for in-flight jobs before it stops without them. */
  shutdownGraceMs?: number;
  /**
   * BullMQ's job lock (`WORKER_LOCK_MS`), also how often stalled jobs are looked for: a dead
   * worker's job runs again elsewhere within one to two times this (BullMQ's default: 30 s).
   */
  lockMs?: number;
  /** Told of every failed attempt of a job (the runner's only output; the worker logs it). */
  onJobFailed?: (failure: JobFailure) => void;
}

/**
 * BullMQ fails a job that stalled (its worker died or stopped renewing its lock) more often than
 * this. Every processor is idempotent, so a stalled job is simply run again; the limit only stops
 * a job that kills each worker that takes it from going round for ever.
 */
const MAX_STALLED_COUNT = 20;

/** Resolves true when `work` settles within `ms`, false (leaving it to run) otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One BullMQ queue per job name, so each can have its own concurrency and be inspected alone. */
export function queueNameOf(name: JobName): string {
  return `deskpulse-${name.replace('.', '-')}`;
}

// BullMQ's blocking commands need ioredis to wait for Redis indefinitely rather than give up.
const redisFor = (url: string): Redis => new Redis(url, { maxRetriesPerRequest: null });

const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
const FORCED_CLOSE_MS = 1_000;

/** Production producer: adds jobs with the catalog's content-derived id and retry policy. */
export function createBullmqProducer(options: BullmqOptions): JobProducer {
  const connection = redisFor(options.redisUrl);
  const queues = new Map<JobName, Queue>();
  const queueFor = (name: JobName): Queue => {
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new Queue(queueNameOf(name), { connection, prefix: options.prefix ?? 'bull' });
      // Without a listener BullMQ prints every connection error (each reconnect attempt while
      // Redis is down) to the console; ioredis reconnects by itself and a failed enqueue rejects.
      queue.on('error', () => undefined);
      queues.set(name, queue);
    }
    return queue;
  };
  let closed = false;
  return {
    async enqueue<N extends JobName>(
      name: N,
      payload: JobPayload<N>,
      enqueueOptions: { delayMs?: number } = {},
    ) {
      const valid = parsePayload(name, payload);
      const definition = JOB_CATALOG[name];
      const queue = queueFor(name);
      const contentId = definition.jobId(valid);
      // An equal job that is already running read its inputs before this enqueue (e.g. an
      // analysis started before the events page it needs was committed): absorbing the enqueue
      // would lose that change, so it becomes one re-run. BullMQ may start it beside the running
      // one; a second sync of one installation then waits for the first's database lease
      // (services/pipeline/sync-lease.ts), so a backfill asked for during a sync runs after it.
      const state = await queue.getJobState(contentId);
      const jobId = state === 'active' ? `${contentId}_rerun` : contentId;
      // A job that failed for good stays for inspection only until the same work is asked for
      // again: its id must never absorb that request (one failed sync once stopped all syncing).
      const current = jobId === contentId ? state : await queue.getJobState(jobId);
      if (current === 'failed') await queue.remove(jobId);
      await queue.add(name, valid, {
        jobId,
        attempts: definition.retry.attempts,
        backoff: { type: 'exponential', delay: definition.retry.backoffMs },
        delay: enqueueOptions.delayMs ?? 0,
        // Completed jobs free their id so the same content can run again later; failed jobs stay
        // until the next enqueue of their id removes them (above).
        removeOnComplete: true,
        removeOnFail: false,
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // Like the runner's: BullMQ's close waits for Redis, which may be unreachable.
      await settlesWithin(Promise.all([...queues.values()].map((q) => q.close())), FORCED_CLOSE_MS);
      connection.disconnect();
    },
  };
}

/** Production runner: one BullMQ worker per job name that has a processor. */
export function createBullmqRunner(options: BullmqOptions): JobRunner {
  const workers: Worker[] = [];
  const connections: Redis[] = [];
  const controller = new AbortController();
  let closing: Promise<void> | null = null;
  const prefix = options.prefix ?? 'bull';

  const report = (failure: JobFailure): void => {
    options.onJobFailed?.(failure);
  };

  return {
    start(processors: Processors): void {
      for (const name of JOB_NAMES) {
        const processor = processors[name] as Processor<JobName> | undefined;
        if (processor === undefined) continue;
        const connection = redisFor(options.redisUrl);
        connections.push(connection);
        const worker = new Worker(
          queueNameOf(name),
          (job: Job, token?: string) =>
            runJob(name, processor, job, token, controller.signal, report),
          {
            connection,
            prefix,
            concurrency: options.concurrency ?? 4,
            maxStalledCount: MAX_STALLED_COUNT,
            ...(options.lockMs === undefined
              ? {}
              : { lockDuration: options.lockMs, stalledInterval: options.lockMs }),
          },
        );
        // Failures are recorded on the job in Redis; the listener only keeps them from being unhandled.
        worker.on('error', () => undefined);
        // A job that stalled too often fails without running the processor: report it here.
        worker.on('failed', (job, error) => {
          if (job === undefined || !/stalled/i.test(error.message)) return;
          report(failureOf(name, job, job.attemptsMade, true, error, 'STALLED'));
        });
        workers.push(worker);
      }
    },
    async failed(): Promise<FailedJob[]> {
      const connection = redisFor(options.redisUrl);
      try {
        const lists = await Promise.all(
          JOB_NAMES.map(async (name) => {
            const queue = new Queue(queueNameOf(name), { connection, prefix });
            const jobs = await queue.getFailed();
            await queue.close();
            return jobs.map((job) => ({
              name,
              jobId: job.id ?? '',
              payload: job.data as unknown,
              attempts: job.attemptsMade,
              error: job.failedReason,
            }));
          }),
        );
        return lists.flat();
      } finally {
        connection.disconnect();
      }
    },
    close(): Promise<void> {
      // Stop taking jobs and let the active ones finish (BullMQ's close waits for them), then
      // signal anything still long-running and release the connections. Idempotent. BullMQ's
      // close never resolves while Redis is unreachable (its blocking connection waits for an
      // 'end' that never comes), so past the grace period the runner aborts the jobs and stops
      // without them: BullMQ re-runs what was active as stalled, and every processor is
      // idempotent.
      closing ??= (async () => {
        const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
        const finished = await settlesWithin(Promise.all(workers.map((w) => w.close())), graceMs);
        controller.abort();
        if (!finished) {
          await settlesWithin(Promise.all(workers.map((w) => w.close(true))), FORCED_CLOSE_MS);
        }
        connections.forEach((c) => {
          c.disconnect();
        });
      })();
      return closing;
    },
  };
}

async function runJob(
  name: JobName,
  processor: Processor<JobName>,
  job: Job,
  token: string | undefined,
  signal: AbortSignal,
  report: (failure: JobFailure) => void,
): Promise<void> {
  const attempt = job.attemptsMade + 1;
  let payload: JobPayload<JobName>;
  try {
    payload = parsePayload(name, job.data);
  } catch (error) {
    // A payload that fails its schema can never succeed: no retries.
    report(failureOf(name, job, attempt, true, error, 'INVALID_PAYLOAD'));
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
  try {
    await processor(payload, { attempt, signal });
  } catch (error) {
    const outcome = classifyFailure(error);
    if (outcome.kind === 'retry' && outcome.delayMs !== null && token !== undefined) {
      // Rate limited or busy: wait exactly that long for this job only, not for the whole
      // queue, without spending an attempt.
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    const final = outcome.kind === 'fail' || attempt >= (job.opts.attempts ?? 1);
    report(failureOf(name, job, attempt, final, error));
    if (outcome.kind === 'fail') throw new UnrecoverableError(outcome.reason);
    throw error;
  }
}
