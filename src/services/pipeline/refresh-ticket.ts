import type { Id } from '../../domain/index.js';
import { AppError } from '../../errors.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { SyncDeps } from './sync-deps.js';

/** Thrown by {@link refreshTicket} when the helpdesk still serves an older version than announced. */
export class StaleRefreshError extends AppError {
  constructor(ticketId: Id) {
    super('REFRESH_STALE', `ticket ${ticketId} is older than the webhook announced`, {
      retryable: true,
    });
  }
}

/**
 * Runs one `ticket.refresh` job: fetches the ticket's full history and stores it as a page of the
 * tickets stream, then enqueues its analysis. `writeSyncPage` always writes a checkpoint, so the
 * stored tickets checkpoint is written back unchanged. Should a sync commit a newer one in
 * between, this moves it back, which only makes the next sync replay pages, never skip any.
 * Before the first sync there is no checkpoint to keep; that sync will bring the ticket, so the
 * refresh does nothing. When the helpdesk answers with a version older than the webhook's, the
 * fetched one is stored and a retryable error makes the queue ask again.
 */
export async function refreshTicket(
  deps: SyncDeps,
  payload: JobPayload<'ticket.refresh'>,
): Promise<void> {
  const { installationId, ticketId } = payload;
  // The checkpoint is read while the helpdesk answers (an agent may be waiting); the fetch is
  // wasted only before the first sync, when there is no checkpoint.
  const history = deps.connectorFor(installationId).then((c) => c.ticketHistory(ticketId));
  history.catch(() => undefined);
  const checkpoint = await deps.store.getCheckpoint(installationId, 'tickets');
  if (checkpoint === null) return;
  const { ticket, events, quarantined } = await history;
  const { changedTicketIds } = await deps.store.writeSyncPage({
    installationId,
    stream: 'tickets',
    checkpoint,
    tickets: [ticket],
    events,
    quarantined,
  });
  // Analysed at once for freshness; the outbox mark the page left makes a drain confirm it later.
  if (changedTicketIds.includes(ticket.id)) {
    await deps.producer.enqueue('ticket.analyze', {
      installationId,
      ticketId: ticket.id,
      updatedAt: ticket.updatedAt,
    });
  }
  if (ticket.updatedAt < payload.updatedAt) throw new StaleRefreshError(ticketId);
}
