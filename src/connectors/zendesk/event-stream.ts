import { z } from 'zod';
import type { TicketEvent } from '../../domain/index.js';
import type { Page, QuarantinedRecord, StreamOptions } from '../connector.js';
import type { ZendeskClient } from './client.js';
import type { ZendeskMappingOptions } from './map.js';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  exportStartTime,
  parseEnvelope,
  parseRecord,
} from './payload.js';
import type { RoleCache } from './role-cache.js';
import {
  ZendeskTicketUpdateSchema,
  commentAuthorIds,
  mapTicketUpdate,
  type ZendeskTicketUpdate,
} from './ticket-events.js';

const EVENTS_PATH = '/api/v2/incremental/ticket_events.json';

/** The time-based export envelope shared by ticket events and organizations. */
export function timeBasedPageSchema<K extends string>(key: K) {
  return z.looseObject({
    [key]: z.array(z.unknown()),
    end_time: z.number().int().nullish(),
    end_of_stream: z.boolean(),
  } as { [P in K]: z.ZodArray<z.ZodUnknown> } & {
    end_time: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    end_of_stream: z.ZodBoolean;
  });
}

const EventsPageSchema = timeBasedPageSchema('ticket_events');

/** Dependencies of the events stream. */
export interface EventStreamDeps {
  client: ZendeskClient;
  roles: RoleCache;
  mapping: ZendeskMappingOptions;
  now: () => number;
}

/**
 * The time-based incremental ticket events export with comments, one Page per HTTP page. The next
 * page starts at the previous `end_time`, so updates of that last second can come again: they are
 * deduped by id, remembering only updates at or after the current start time so memory stays flat
 * however long the stream (a repeat from further back is still harmless: events are stored once
 * by id). Comment authors' roles are resolved before a page is mapped, so each page stands alone.
 */
export async function* eventPages(
  deps: EventStreamDeps,
  options: StreamOptions,
): AsyncGenerator<Page<TicketEvent>> {
  const resume = options.checkpoint === null ? {} : decodeCheckpoint(options.checkpoint);
  const startMs = resume.startTime === undefined ? options.startTime : resume.startTime * 1000;
  let startTime = exportStartTime(startMs, deps.now());
  const seen = new Map<string, number>();
  for (;;) {
    options.signal?.throwIfAborted();
    const query = { start_time: startTime, include: 'comment_events' };
    const body = await deps.client.get(EVENTS_PATH, query, options.signal);
    const page = parseEnvelope(EventsPageSchema, body, `Zendesk GET ${EVENTS_PATH}`);
    const quarantined: QuarantinedRecord[] = [];
    const updates: ZendeskTicketUpdate[] = [];
    for (const raw of page.ticket_events) {
      const update = parseRecord(ZendeskTicketUpdateSchema, raw, 'ticket_events', quarantined);
      if (update === null || seen.has(update.id)) continue;
      seen.set(update.id, updateSeconds(update));
      updates.push(update);
    }
    await deps.roles.resolve(deps.client, updates.flatMap(commentAuthorIds), options.signal);
    const items: TicketEvent[] = [];
    for (const update of updates) {
      const mapped = mapTicketUpdate(update, deps.roles, deps.mapping);
      items.push(...mapped.events);
      quarantined.push(...mapped.quarantined);
    }
    // A page whose end_time does not move on would be asked for forever; stop and resume later.
    const next = page.end_time ?? startTime;
    const advanced = next > startTime;
    startTime = Math.max(startTime, next);
    for (const [id, seconds] of seen) if (seconds < startTime) seen.delete(id);
    yield {
      items,
      quarantined,
      checkpoint: encodeCheckpoint({ startTime }),
      endOfStream: page.end_of_stream,
    };
    if (page.end_of_stream || !advanced) return;
  }
}

/** The update's time in unix seconds (the export's own clock for `start_time`). */
function updateSeconds(update: ZendeskTicketUpdate): number {
  return update.timestamp ?? Math.floor(Date.parse(update.created_at ?? '') / 1000);
}
