import type { HelpdeskConnector, Page, QuarantinedRecord, TicketBatch } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { Ticket, TicketEvent } from '../../domain/index.js';
import type { FreshdeskClient } from './client.js';
import { AGENTS, COMPANIES, CONTACTS, SATISFACTION_RATINGS, TIME_ENTRIES } from './listings.js';
import { currentUser } from './current-user.js';
import { directory } from './directory.js';
import { mapTicket, type CustomStatusTable } from './map.js';
import { creatingComment, mapConversation, statsStatusEvents } from './map-events.js';
import { mapBusinessHours } from './map-schedule.js';
import { PER_PAGE, getArray, listingPages, sequencePages } from './pager.js';
import {
  FreshdeskBusinessHoursSchema,
  FreshdeskConversationSchema,
  FreshdeskTicketSchema,
  parseRecord,
  rawIdOf,
} from './schemas.js';
import { ticketListing } from './ticket-listing.js';
import { ensureContactFields, updateContactFields } from './write-back.js';

/** What the Freshdesk connector needs. */
export interface FreshdeskConnectorOptions {
  client: FreshdeskClient;
  /** The account's custom statuses (id ≥ 6) → canonical status; unmapped ones are quarantined. */
  customStatuses: CustomStatusTable;
  /** The clock, injected; used only to pick which years annual holidays are expanded for. */
  now: () => number;
}

/** A `HelpdeskConnector` for Freshdesk API v2. */
export function createFreshdeskConnector(options: FreshdeskConnectorOptions): HelpdeskConnector {
  const { client, customStatuses } = options;

  /** Validates and maps one raw ticket; the quarantine stream is the caller's. */
  const readTicket = (raw: unknown) => {
    const parsed = parseRecord(FreshdeskTicketSchema, raw);
    if (!parsed.ok) return parsed;
    const mapped = mapTicket(parsed.value, customStatuses);
    return mapped.ok ? { ok: true as const, raw: parsed.value, ticket: mapped.value } : mapped;
  };

  /** All conversations of a ticket as comment events; bad ones go to `quarantined`. */
  async function conversationEvents(
    ticketId: string,
    signal: AbortSignal | undefined,
    quarantined: QuarantinedRecord[],
  ): Promise<TicketEvent[]> {
    const events: TicketEvent[] = [];
    const path = `/api/v2/tickets/${encodeURIComponent(ticketId)}/conversations`;
    for (let page = 1; ; page++) {
      const raws = await getArray(client, path, { per_page: PER_PAGE, page }, signal);
      for (const raw of raws) {
        const parsed = parseRecord(FreshdeskConversationSchema, raw);
        const mapped = parsed.ok ? mapConversation(parsed.value, ticketId) : parsed;
        if (mapped.ok) events.push(mapped.value);
        else {
          const sourceId = rawIdOf(raw);
          quarantined.push({ stream: 'ticket_events', sourceId, reason: mapped.reason, raw });
        }
      }
      if (raws.length < PER_PAGE) return events;
    }
  }

  /** Comments, the creating comment and the (approximate) status events of one ticket. */
  async function ticketEvents(
    rawTicket: unknown,
    signal: AbortSignal | undefined,
  ): Promise<{ ticket: Ticket | null; events: TicketEvent[]; quarantined: QuarantinedRecord[] }> {
    const quarantined: QuarantinedRecord[] = [];
    const read = readTicket(rawTicket);
    if (!read.ok) {
      const sourceId = rawIdOf(rawTicket);
      quarantined.push({ stream: 'ticket_events', sourceId, reason: read.reason, raw: rawTicket });
      return { ticket: null, events: [], quarantined };
    }
    const { ticket } = read;
    const events: TicketEvent[] = [creatingComment(read.raw, ticket)];
    events.push(...statsStatusEvents(read.raw, ticket));
    try {
      events.push(...(await conversationEvents(ticket.id, signal, quarantined)));
    } catch (error) {
      // Deleted (or merged away) between the listing and this call: keep what the listing gave.
      if (!(error instanceof ConnectorError) || error.code !== 'NOT_FOUND') throw error;
      const reason = 'conversations not found: ticket deleted or merged during the sync';
      quarantined.push({ stream: 'ticket_events', sourceId: ticket.id, reason, raw: rawTicket });
    }
    events.sort((a, b) => a.at - b.at);
    return { ticket, events, quarantined };
  }

  return {
    kind: 'freshdesk',
    rateLimit: () => client.rateLimit(),
    currentUser: (signal) => currentUser(client, signal),

    async *ticketPages(streamOptions) {
      // Freshdesk leaves deleted and spam tickets out of this listing; see LIMITS.md.
      for await (const page of ticketListing(client, streamOptions)) {
        const batch: TicketBatch = { tickets: [], helpdeskMetrics: [] };
        const quarantined: QuarantinedRecord[] = [];
        for (const raw of page.raws) {
          const read = readTicket(raw);
          if (read.ok) batch.tickets.push(read.ticket);
          else {
            const sourceId = rawIdOf(raw);
            quarantined.push({ stream: 'tickets', sourceId, reason: read.reason, raw });
          }
        }
        yield { items: [batch], quarantined, ...pick(page) };
      }
    },

    async *eventPages(streamOptions) {
      for await (const page of ticketListing(client, streamOptions)) {
        const out: Page<TicketEvent> = { items: [], quarantined: [], ...pick(page) };
        for (const raw of page.raws) {
          const result = await ticketEvents(raw, streamOptions.signal);
          out.items.push(...result.events);
          out.quarantined.push(...result.quarantined);
        }
        yield out;
      }
    },

    userPages: (o) =>
      sequencePages(o, [
        (p) => listingPages(client, AGENTS, p),
        (p) => listingPages(client, CONTACTS, p),
      ]),
    organizationPages: (o) => listingPages(client, COMPANIES, o),
    satisfactionPages: (o) => listingPages(client, SATISFACTION_RATINGS, o),
    timeEntryPages: (o) => listingPages(client, TIME_ENTRIES, o),

    async schedules() {
      const raws = await getArray(client, '/api/v2/business_hours', {}, undefined);
      const year = new Date(options.now()).getUTCFullYear();
      const years = [year - 1, year, year + 1];
      const problems: string[] = [];
      const schedules = [];
      for (const raw of raws) {
        const parsed = parseRecord(FreshdeskBusinessHoursSchema, raw);
        const mapped = parsed.ok ? mapBusinessHours(parsed.value, years) : parsed;
        if (mapped.ok) schedules.push(mapped.value);
        else problems.push(`business hours ${rawIdOf(raw) ?? '?'}: ${mapped.reason}`);
      }
      // Schedules have no quarantine channel, and dropping one would silently move every
      // business-hours metric of its tickets onto another calendar: fail, naming each problem.
      if (problems.length > 0) {
        throw new ConnectorError(
          'SCHEMA_MISMATCH',
          `Freshdesk business hours: ${problems.join('; ')}`,
        );
      }
      return schedules;
    },

    directory: () => directory(client),

    async ticketHistory(ticketId) {
      const path = `/api/v2/tickets/${encodeURIComponent(ticketId)}`;
      const raw = await client.get(path, { params: { include: 'stats' } });
      const result = await ticketEvents(raw, undefined);
      if (result.ticket === null) {
        const reason = result.quarantined[0]?.reason ?? 'invalid ticket';
        throw new ConnectorError('SCHEMA_MISMATCH', `Freshdesk ticket ${ticketId}: ${reason}`);
      }
      return { ticket: result.ticket, events: result.events, quarantined: result.quarantined };
    },

    ensureUserFields: (fields) => ensureContactFields(client, fields),

    updateUserFields: (userId, values) => updateContactFields(client, userId, values),
    // Freshdesk has no bulk contact update: one request per contact, in order.
    async updateManyUserFields(updates) {
      for (const { userId, values } of updates) await updateContactFields(client, userId, values);
    },

    // Freshdesk has no server → app push API (Zendesk's apps notify); sidebars refresh on their
    // own when opened, so there is nothing to send. Resolves without a request.
    notifyApp: () => Promise.resolve(),
  };
}

function pick(page: { checkpoint: string; endOfStream: boolean }) {
  return { checkpoint: page.checkpoint, endOfStream: page.endOfStream };
}
