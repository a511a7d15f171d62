import type { HelpdeskConnector } from '../connectors/connector.js';
import type { JobProducer } from '../queue/queue.js';
import type { TicketStore } from '../store/store.js';

/** What an embedded job runtime receives (jobs/embedded.ts implements it; src never imports it). */
export interface EmbeddedJobsDeps {
  store: TicketStore;
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  now: () => number;
  reportingTimeZone: string;
  reopenWindowDays?: number;
  /** `FIRST_SYNC_DAYS`: how far back a first sync reaches without a backfill. */
  firstSyncDays?: number;
  concurrency?: number;
}

/** Starts in-process jobs; injected by the caller so `src/` stays free of `jobs/`. */
export type StartEmbeddedJobs = (deps: EmbeddedJobsDeps) => {
  producer: JobProducer;
  close(): Promise<void>;
};
