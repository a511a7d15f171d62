import { createHttpWebhookPoster } from '../src/notify/http-webhook.js';
import type { EmbeddedJobsDeps as ServerEmbeddedJobsDeps } from '../src/runtime/embedded-jobs.js';
import { createInProcessQueue, type JobTrace } from '../src/queue/in-process.js';
import type { FailedJob, JobProducer } from '../src/queue/queue.js';
import type { SyncProgress } from '../src/services/pipeline/sync-installation.js';
import { createProcessors } from './processors.js';

/**
 * What the embedded jobs need from the composition root that owns the store and connectors: the
 * contract src/main.ts declares, plus an optional progress callback for the CLI's sync command.
 */
export interface EmbeddedJobsDeps extends ServerEmbeddedJobsDeps {
  onProgress?: (progress: SyncProgress) => void;
  /** Times every job (benches). */
  trace?: JobTrace;
}

/** Jobs running in this process: the producer to enqueue on, and how to wait for or stop them. */
export interface EmbeddedJobs {
  producer: JobProducer;
  /** Resolves when no job is running, ready or waiting for a retry. */
  idle(): Promise<void>;
  failed(): Promise<FailedJob[]>;
  /** Stops taking jobs, lets running ones finish; idempotent. */
  close(): Promise<void>;
}

/**
 * The embedded mode's job runtime: the same processors as the BullMQ worker on the in-process
 * queue, so both modes run one code path. The store and connectors stay owned by the caller.
 */
export function startEmbeddedJobs(deps: EmbeddedJobsDeps): EmbeddedJobs {
  const queue = createInProcessQueue({
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
    ...(deps.trace === undefined ? {} : { trace: deps.trace }),
  });
  queue.start(
    createProcessors({
      store: deps.store,
      producer: queue,
      connectorFor: deps.connectorFor,
      now: deps.now,
      webhooks: createHttpWebhookPoster(),
      reportingTimeZone: deps.reportingTimeZone,
      ...(deps.reopenWindowDays === undefined ? {} : { reopenWindowDays: deps.reopenWindowDays }),
      ...(deps.firstSyncDays === undefined ? {} : { firstSyncDays: deps.firstSyncDays }),
      ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    }),
  );
  return {
    producer: queue,
    idle: () => queue.idle(),
    failed: () => queue.failed(),
    close: () => queue.close(),
  };
}
