import type { Dataset } from './dataset.js';
import type { FaultLog } from './fault-report.js';

/** Faults that change page content (not transport), decided per request by the seeded PRNG. */
export interface PageFaultOptions {
  duplicateEvents?: { probability: number };
  outOfOrderEvents?: { probability: number };
}

/** A request a write-back endpoint received. */
export interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/** What every route sees. */
export interface SimContext {
  dataset: Dataset;
  seed: number;
  now: () => number;
  pageFaults: PageFaultOptions;
  /** Numbers page-producing requests, so page faults vary between retries. */
  pageCounter: { value: number };
  writes: RecordedWrite[];
  /** What faults were served, for `GET /__faults`. */
  faultLog: FaultLog;
  userFields: { id: number; key: string; title: string; type: string; description: string }[];
}
