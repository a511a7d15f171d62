import type { HelpdeskConnector } from '../connectors/connector.js';
import type { Id } from '../domain/index.js';
import type { JobProducer } from '../queue/queue.js';
import type { TicketStore } from '../store/store.js';
import type { StreamPage } from './sync-pages.js';
import type { SyncProgress } from './sync-progress.js';

/** What the sync services need; all adapters arrive as interfaces. */
export interface SyncDeps {
  store: TicketStore;
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  producer: JobProducer;
  now: () => number;
  onProgress?: (progress: SyncProgress) => void;
}

/**
 * Enqueues `ticket.analyze` per changed ticket as of the version the page carries for it
 * ({@link StreamPage.versions}); a ticket the page names no instant for (the store reports only
 * tickets the page touched, so this should not happen) falls back to now, which still yields a
 * job but one that never collapses with another.
 */
export async function enqueueAnalysis(
  deps: SyncDeps,
  installationId: string,
  ticketIds: readonly Id[],
  page: Pick<StreamPage, 'versions'>,
): Promise<number> {
  await Promise.all(
    ticketIds.map((ticketId) =>
      deps.producer.enqueue('ticket.analyze', {
        installationId,
        ticketId,
        updatedAt: page.versions.get(ticketId) ?? deps.now(),
      }),
    ),
  );
  return ticketIds.length;
}
