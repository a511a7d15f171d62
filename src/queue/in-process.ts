import { JOB_CATALOG, backoffDelayMs } from './catalog.js';
import type { JobName, JobPayload } from './catalog.js';
import { classifyFailure } from './outcome.js';
import type { FailedJob, JobProducer, JobRunner, Processor, Processors } from './queue.js';
import { parsePayload } from './validate.js';

interface QueuedJob {
  name: JobName;
  jobId: string;
  payload: unknown;
  attempt: number;
}

/**
 * Webhook-driven jobs: an agent may be looking at the sidebar they refresh. They go first, and
 * bulk work (syncs and drains) never holds the last slot, so a backfill cannot make them wait
 * for a whole batch (the freshness goal); in production each job name has its own BullMQ worker.
 */
const INTERACTIVE: ReadonlySet<JobName> = new Set([
  'ticket.refresh',
  'ticket.analyze',
  'requester.summarize',
  'helpdesk.pushBack',
]);

/**
 * Work nobody waits for (the replay blocks' rebuild): it runs only when no other job is ready, so
 * it never delays a drain or a sync in the single process embedded mode has.
 */
const BACKGROUND: ReadonlySet<JobName> = new Set(['replay.rebuild']);

/** A job as {@link JobTrace} sees it. */
export interface TracedJob {
  name: JobName;
  jobId: string;
  payload: unknown;
  attempt: number;
}

/**
 * Hooks that time the queue's jobs (the freshness bench's breakdown of a webhook's path): when a
 * job is accepted and with what delay, and a wrapper around each run.
 */
export interface JobTrace {
  /** A job was accepted (not one absorbed by an equal waiting job); `delayMs` 0 means ready now. */
  enqueued(job: TracedJob, delayMs: number): void;
  /** Must call `run` once and return its promise (it may run it inside a context of its own). */
  around(job: TracedJob, run: () => Promise<void>): Promise<void>;
}

export interface InProcessQueueOptions {
  /** Jobs run at once (default 4). */
  concurrency?: number;
  trace?: JobTrace;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The embedded (single-machine) mode of the job queue: the same catalog, payload checks, job-id
 * de-duplication and retry policy as the BullMQ adapter, run in this process. Jobs live in memory;
 * after a restart the sync replays from the stored checkpoints, so nothing committed is lost.
 */
export function createInProcessQueue(
  options: InProcessQueueOptions = {},
): JobProducer & JobRunner & { idle(): Promise<void> } {
  const concurrency = options.concurrency ?? 4;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ??
    ((h) => {
      clearTimeout(h as NodeJS.Timeout);
    });
  const ready: QueuedJob[] = [];
  const known = new Set<string>();
  const running = new Set<string>();
  // Enqueued while an equal job ran: it read its inputs too early, so it runs once more after,
  // no sooner than that enqueue asked (a drain deferring itself must not spin in its own slot).
  const rerun = new Map<string, { job: QueuedJob; delayMs: number }>();
  const timers = new Set<unknown>();
  const failed: FailedJob[] = [];
  const controller = new AbortController();
  let processors: Processors = {};
  let active = 0;
  let activeBulk = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = (): void => {
    if (active > 0 || ready.length > 0 || timers.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => {
      resolve();
    });
  };

  const schedule = (job: QueuedJob, delayMs: number): void => {
    options.trace?.enqueued(job, Math.max(0, delayMs));
    if (delayMs <= 0) {
      ready.push(job);
      return;
    }
    const handle = setTimer(() => {
      timers.delete(handle);
      ready.push(job);
      pump();
    }, delayMs);
    timers.add(handle);
  };

  const run = async (job: QueuedJob, processor: Processor<JobName>): Promise<void> => {
    running.add(job.jobId);
    try {
      const start = () =>
        processor(parsePayload(job.name, job.payload), {
          attempt: job.attempt,
          signal: controller.signal,
        });
      await (options.trace === undefined ? start() : options.trace.around(job, start));
      known.delete(job.jobId);
    } catch (error) {
      const outcome = classifyFailure(error);
      const policy = JOB_CATALOG[job.name].retry;
      if (outcome.kind === 'retry' && job.attempt < policy.attempts && !closed) {
        schedule(
          { ...job, attempt: job.attempt + 1 },
          outcome.delayMs ?? backoffDelayMs(policy, job.attempt),
        );
        return;
      }
      known.delete(job.jobId);
      const reason =
        outcome.kind === 'fail'
          ? outcome.reason
          : String(error instanceof Error ? error.message : error);
      failed.push({
        name: job.name,
        jobId: job.jobId,
        payload: job.payload,
        attempts: job.attempt,
        error: reason,
      });
    } finally {
      running.delete(job.jobId);
      const again = rerun.get(job.jobId);
      if (again !== undefined && !known.has(job.jobId) && !closed) {
        rerun.delete(job.jobId);
        known.add(job.jobId);
        schedule(again.job, again.delayMs);
      }
    }
  };

  const runnable = (job: QueuedJob) => processors[job.name] !== undefined;
  const nextIndex = (): number => {
    const interactive = ready.findIndex((job) => runnable(job) && INTERACTIVE.has(job.name));
    if (interactive >= 0) return interactive;
    if (concurrency > 1 && activeBulk >= concurrency - 1) return -1;
    const foreground = ready.findIndex((job) => runnable(job) && !BACKGROUND.has(job.name));
    return foreground >= 0 ? foreground : ready.findIndex(runnable);
  };

  const pump = (): void => {
    while (!closed && active < concurrency) {
      const index = nextIndex();
      if (index < 0) break;
      const [job] = ready.splice(index, 1);
      const processor =
        job === undefined ? undefined : (processors[job.name] as Processor<JobName> | undefined);
      if (job === undefined || processor === undefined) break;
      const bulk = !INTERACTIVE.has(job.name);
      active += 1;
      if (bulk) activeBulk += 1;
      void run(job, processor).finally(() => {
        active -= 1;
        if (bulk) activeBulk -= 1;
        pump();
        settleIdle();
      });
    }
    settleIdle();
  };

  return {
    enqueue<N extends JobName>(
      name: N,
      payload: JobPayload<N>,
      enqueueOptions: { delayMs?: number } = {},
    ): Promise<void> {
      // A throw inside the executor (a bad payload) becomes the promise's rejection.
      return new Promise<void>((resolve) => {
        const valid = parsePayload(name, payload);
        const jobId = JOB_CATALOG[name].jobId(valid);
        // Same content, same id: a job already waiting absorbs the duplicate; a running one
        // gets one re-run after it (it may have read its inputs before this enqueue) — but not a
        // sync, as in the BullMQ adapter: it resumes from its checkpoints at the next tick.
        if (!closed && name !== 'tickets.sync' && running.has(jobId) && known.has(jobId)) {
          const job = { name, jobId, payload: valid, attempt: 1 };
          rerun.set(jobId, { job, delayMs: enqueueOptions.delayMs ?? 0 });
        } else if (!closed && !known.has(jobId)) {
          known.add(jobId);
          schedule({ name, jobId, payload: valid, attempt: 1 }, enqueueOptions.delayMs ?? 0);
          pump();
        }
        resolve();
      });
    },
    start(next: Processors): void {
      processors = { ...processors, ...next };
      pump();
    },
    failed: () => Promise.resolve([...failed]),
    /** Resolves when nothing is running, ready or waiting for a retry. */
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      controller.abort();
      timers.forEach((handle) => {
        clearTimer(handle);
      });
      timers.clear();
      ready.length = 0;
      while (active > 0) await new Promise((resolve) => setImmediate(resolve));
      settleIdle();
    },
  };
}
