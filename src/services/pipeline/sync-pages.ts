import type {
  Checkpoint,
  HelpdeskConnector,
  Page,
  StreamName,
  StreamOptions,
} from '../../connectors/connector.js';
import type { Id, Instant, Ticket } from '../../domain/index.js';
import type { SyncPage } from '../../store/store.js';

/** The order a sync walks the streams: people first, so tickets and events find their authors. */
export const SYNC_STREAMS = [
  'users',
  'organizations',
  'tickets',
  'ticket_events',
  'satisfaction',
  'time_entries',
] as const satisfies readonly StreamName[];

/** The records of one page in the store's shape (everything of a `SyncPage` but its address). */
export type PageRecords = Omit<SyncPage, 'installationId' | 'stream' | 'checkpoint'>;

/** One connector page, normalised for the sync loop whatever its stream. */
export interface StreamPage {
  records: PageRecords;
  checkpoint: Checkpoint;
  endOfStream: boolean;
  items: number;
  quarantined: number;
  /**
   * The instant each ticket touched by the page is analysed as of: its `updatedAt` when the page
   * holds the ticket, else the latest event (or time entry) it has for it. See {@link versionsOf}.
   */
  versions: Map<Id, Instant>;
  /** Tickets in the page (tickets stream only) and the range of their `updatedAt`, for progress. */
  tickets: { count: number; minUpdatedAt: Instant | null; maxUpdatedAt: Instant | null };
}

const NO_TICKETS: StreamPage['tickets'] = { count: 0, minUpdatedAt: null, maxUpdatedAt: null };

/**
 * Reads one stream of a connector as {@link StreamPage}s. One switch here keeps the sync loop
 * free of per-stream cases: each stream only differs in which `SyncPage` field its items fill.
 */
export async function* streamPages(
  connector: HelpdeskConnector,
  stream: StreamName,
  options: StreamOptions,
): AsyncGenerator<StreamPage> {
  switch (stream) {
    case 'users':
      for await (const page of connector.userPages(options)) {
        yield toStreamPage(page, { users: page.items }, new Map(), NO_TICKETS);
      }
      return;
    case 'organizations':
      for await (const page of connector.organizationPages(options)) {
        yield toStreamPage(page, { organizations: page.items }, new Map(), NO_TICKETS);
      }
      return;
    case 'tickets':
      for await (const page of connector.ticketPages(options)) {
        const tickets = page.items.flatMap((batch) => batch.tickets);
        const helpdeskMetrics = page.items.flatMap((batch) => batch.helpdeskMetrics);
        const stamps = tickets.map((t) => ({ ticketId: t.id, at: t.updatedAt }));
        const records = { tickets, helpdeskMetrics };
        yield toStreamPage(page, records, versionsOf(stamps), ticketRange(tickets));
      }
      return;
    case 'ticket_events':
    case 'satisfaction': {
      const pages =
        stream === 'satisfaction'
          ? connector.satisfactionPages(options)
          : connector.eventPages(options);
      for await (const page of pages) {
        yield toStreamPage(page, { events: page.items }, versionsOf(page.items), NO_TICKETS);
      }
      return;
    }
    case 'time_entries':
      for await (const page of connector.timeEntryPages(options)) {
        const stamps = page.items.map((e) => ({ ticketId: e.ticketId, at: e.loggedAt }));
        yield toStreamPage(page, { handleTimeEntries: page.items }, versionsOf(stamps), NO_TICKETS);
      }
      return;
  }
}

/**
 * The latest instant per ticket. For a tickets page that is each ticket's `updatedAt`, so the
 * analyse job id (ticket id + updatedAt) names the stored version; for event pages it is the
 * latest event, which for a ticket's newest update equals the ticket's `updatedAt`, so the same
 * version enqueued from both streams collapses into one job.
 */
export function versionsOf(stamps: readonly { ticketId: Id; at: Instant }[]): Map<Id, Instant> {
  const versions = new Map<Id, Instant>();
  for (const { ticketId, at } of stamps) {
    const seen = versions.get(ticketId);
    if (seen === undefined || at > seen) versions.set(ticketId, at);
  }
  return versions;
}

function ticketRange(tickets: readonly Ticket[]): StreamPage['tickets'] {
  if (tickets.length === 0) return NO_TICKETS;
  const times = tickets.map((t) => t.updatedAt);
  return {
    count: tickets.length,
    minUpdatedAt: Math.min(...times),
    maxUpdatedAt: Math.max(...times),
  };
}

function toStreamPage<T>(
  page: Page<T>,
  records: PageRecords,
  versions: Map<Id, Instant>,
  tickets: StreamPage['tickets'],
): StreamPage {
  const items =
    records.tickets?.length ??
    records.users?.length ??
    records.organizations?.length ??
    records.events?.length ??
    records.handleTimeEntries?.length ??
    0;
  return {
    records: { ...records, quarantined: page.quarantined },
    checkpoint: page.checkpoint,
    endOfStream: page.endOfStream,
    items,
    quarantined: page.quarantined.length,
    versions,
    tickets,
  };
}
