import type {
  HelpdeskConnector,
  Page,
  QuarantinedRecord,
  StreamOptions,
} from '../../src/connectors/connector.js';
import type { HelpdeskUser, Ticket, TicketEvent } from '../../src/domain/index.js';

/** Everything one full sync of a connector produced, deduplicated the way the store will be. */
export interface Collected {
  tickets: Map<string, Ticket>;
  events: Map<string, TicketEvent>;
  users: Map<string, HelpdeskUser>;
  quarantined: QuarantinedRecord[];
  pages: number;
}

/**
 * Drains the ticket, event and user streams of a connector from `startTime`, keeping the newest
 * version of each ticket and one copy of each event (by id), as idempotent upserts would.
 */
export async function collectStreams(
  connector: HelpdeskConnector,
  startTime: number,
): Promise<Collected> {
  const out: Collected = {
    tickets: new Map(),
    events: new Map(),
    users: new Map(),
    quarantined: [],
    pages: 0,
  };
  const options: StreamOptions = { checkpoint: null, startTime };
  const drain = async <T>(
    pages: AsyncIterable<Page<T>>,
    take: (item: T) => void,
  ): Promise<void> => {
    for await (const page of pages) {
      out.pages += 1;
      out.quarantined.push(...page.quarantined);
      page.items.forEach(take);
    }
  };
  await drain(connector.userPages(options), (user) => out.users.set(user.id, user));
  await drain(connector.ticketPages(options), (batch) => {
    for (const ticket of batch.tickets) {
      const seen = out.tickets.get(ticket.id);
      if (seen === undefined || ticket.updatedAt >= seen.updatedAt)
        out.tickets.set(ticket.id, ticket);
    }
  });
  await drain(connector.eventPages(options), (event) => out.events.set(event.id, event));
  return out;
}
