import type { JobName, JobPayload } from '../../src/queue/catalog.js';
import type { JobProducer } from '../../src/queue/queue.js';

/** A producer that takes every job and runs none: for tests that run the services themselves. */
export const NO_PRODUCER: JobProducer = {
  enqueue: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** A job a {@link recordingProducer} took. */
export interface RecordedJob {
  name: JobName;
  payload: JobPayload<JobName>;
  delayMs: number;
}

/** A producer that only records what it was asked to enqueue, in order. */
export function recordingProducer(): { producer: JobProducer; jobs: RecordedJob[] } {
  const jobs: RecordedJob[] = [];
  const producer: JobProducer = {
    enqueue: (name, payload, options) => {
      jobs.push({ name, payload, delayMs: options?.delayMs ?? 0 });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { producer, jobs };
}
