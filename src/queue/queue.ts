import type { JobName, JobPayload } from './catalog.js';

export interface JobContext {
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the runner shuts down, so long jobs can stop at a safe point. */
  signal: AbortSignal;
}

export type Processor<N extends JobName> = (
  payload: JobPayload<N>,
  context: JobContext,
) => Promise<void>;
export type Processors = { [N in JobName]?: Processor<N> };

/** Puts work on the queue. Payloads are validated here, so a bad one fails the caller at once. */
export interface JobProducer {
  enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: { delayMs?: number },
  ): Promise<void>;
  close(): Promise<void>;
}

/** A job that ran out of attempts or could never succeed, kept for inspection. */
export interface FailedJob {
  name: JobName;
  jobId: string;
  payload: unknown;
  attempts: number;
  error: string;
}

/**
 * Runs processors for queued jobs with the catalog's retry policy. `close()` stops taking jobs,
 * lets in-flight ones finish (or hands them back to the queue), then releases connections; it is
 * idempotent.
 */
export interface JobRunner {
  start(processors: Processors): void;
  failed(): Promise<FailedJob[]>;
  close(): Promise<void>;
}
