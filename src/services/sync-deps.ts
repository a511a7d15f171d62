import type { HelpdeskConnector } from '../connectors/connector.js';
import type { JobProducer } from '../queue/queue.js';
import type { TicketStore } from '../store/store.js';
import type { SyncProgress } from './sync-progress.js';

/** What the sync services need; all adapters arrive as interfaces. */
export interface SyncDeps {
  store: TicketStore;
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  producer: JobProducer;
  now: () => number;
  onProgress?: (progress: SyncProgress) => void;
}
