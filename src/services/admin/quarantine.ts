import { z } from 'zod';
import { AppError, NotFoundError } from '../../errors.js';
import type { JobProducer } from '../../queue/queue.js';
import type { ApiStoreQueries, InstallationStore, QuarantineStore } from '../../store/store.js';
import { iso, isoOrNull } from '../sidebar/iso.js';

export const StreamNameSchema = z.enum([
  'tickets',
  'ticket_events',
  'users',
  'organizations',
  'satisfaction',
  'time_entries',
]);

export const QuarantineQuerySchema = z
  .object({
    includeResolved: z.enum(['true', 'false']).default('false'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const QuarantineRetryBodySchema = z
  .object({ stream: StreamNameSchema, recordKey: z.string().min(1).max(512) })
  .strict();

interface QuarantineDeps {
  store: ApiStoreQueries & InstallationStore & QuarantineStore;
  producer: JobProducer;
}

async function requireInstallation(
  store: ApiStoreQueries & InstallationStore & QuarantineStore,
  installationId: string,
) {
  if ((await store.getInstallation(installationId)) === null) {
    throw new NotFoundError('no such installation');
  }
}

/** The installation's quarantined records, newest first, raw JSON included for inspection. */
export async function listQuarantine(
  deps: QuarantineDeps,
  installationId: string,
  query: z.output<typeof QuarantineQuerySchema>,
) {
  await requireInstallation(deps.store, installationId);
  const entries = await deps.store.listQuarantine(installationId, {
    includeResolved: query.includeResolved === 'true',
    limit: query.limit,
  });
  return {
    entries: entries.map((e) => ({
      ...e,
      firstSeen: iso(e.firstSeen),
      lastSeen: iso(e.lastSeen),
      resolvedAt: isoOrNull(e.resolvedAt),
    })),
  };
}

/**
 * Retries a quarantined ticket or ticket-event record: enqueues a `ticket.refresh` of its ticket,
 * which fetches the ticket's full history again, whatever version the helpdesk now has (a record
 * that still fails is quarantined again by that run). A ticket's own entry stays open until the
 * ticket arrives, which resolves it, so a ticket the helpdesk still cannot serve stays in view
 * with the events that wait for it; an event's entry is resolved here, since the refetched
 * history cannot name which of its events it replaces. Records of other streams, or without a
 * ticket id, cannot be fetched one by one: 422 RETRY_UNSUPPORTED (the next full sync revisits
 * them).
 */
export async function retryQuarantined(
  deps: QuarantineDeps,
  installationId: string,
  body: z.output<typeof QuarantineRetryBodySchema>,
) {
  await requireInstallation(deps.store, installationId);
  const entry = await deps.store.findQuarantined(installationId, body.stream, body.recordKey);
  if (entry === null) throw new NotFoundError('no such unresolved quarantined record');
  const ticketId = ticketIdOf(entry.stream, entry.sourceId, entry.raw);
  if (ticketId === null) {
    throw new AppError(
      'RETRY_UNSUPPORTED',
      `${entry.stream} records cannot be refetched one by one; the next sync revisits them`,
      { status: 422 },
    );
  }
  // No announced version to wait for (ticket.refresh fails as stale on an older one, and the
  // helpdesk's current version is always older than now): any version it serves will do.
  await deps.producer.enqueue('ticket.refresh', { installationId, ticketId, updatedAt: 0 });
  if (entry.stream !== 'tickets') {
    await deps.store.resolveQuarantine(installationId, body.stream, body.recordKey);
  }
  return { retried: true, ticketId };
}

const TicketIdSchema = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]);

function ticketIdOf(stream: string, sourceId: string | null, raw: unknown): string | null {
  if (stream === 'tickets') return sourceId !== null && /^\d+$/.test(sourceId) ? sourceId : null;
  if (stream !== 'ticket_events' || raw === null || typeof raw !== 'object') return null;
  const parsed = TicketIdSchema.safeParse((raw as Record<string, unknown>)['ticket_id']);
  return parsed.success ? String(parsed.data) : null;
}
