import { z } from 'zod';
import type { HelpdeskTicketMetrics, Ticket } from '../../domain/index.js';
import type { Page, QuarantinedRecord, StreamOptions, TicketBatch } from '../connector.js';
import type { ZendeskClient } from './client.js';
import { mapTicket } from './map.js';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  exportStartTime,
  parseEnvelope,
  parseRecord,
} from './payload.js';
import { ZendeskIdSchema, ZendeskTicketSchema, ZendeskTimestampSchema } from './schemas.js';

const TICKETS_PATH = '/api/v2/incremental/tickets/cursor.json';

const TicketExportPageSchema = z.looseObject({
  tickets: z.array(z.unknown()),
  metric_sets: z.array(z.unknown()).nullish(),
  after_cursor: z.string().nullish(),
  end_of_stream: z.boolean(),
});

const MinutesSchema = z
  .looseObject({ calendar: z.number().nullish(), business: z.number().nullish() })
  .nullish()
  .transform((m) => ({ calendar: m?.calendar ?? null, business: m?.business ?? null }));

/** One `metric_sets` entry (Zendesk's Ticket Metrics object). */
export const ZendeskMetricSetSchema = z.looseObject({
  ticket_id: ZendeskIdSchema,
  reply_time_in_minutes: MinutesSchema,
  first_resolution_time_in_minutes: MinutesSchema,
  full_resolution_time_in_minutes: MinutesSchema,
  requester_wait_time_in_minutes: MinutesSchema,
  agent_wait_time_in_minutes: MinutesSchema,
  on_hold_time_in_minutes: MinutesSchema,
  reopens: z.number().int().nullish(),
  replies: z.number().int().nullish(),
  solved_at: ZendeskTimestampSchema.nullish(),
  updated_at: ZendeskTimestampSchema,
});

/** Maps a metric set to the helpdesk's own metrics, kept beside ours for reconciliation. */
export function mapMetricSet(raw: z.output<typeof ZendeskMetricSetSchema>): HelpdeskTicketMetrics {
  return {
    ticketId: raw.ticket_id,
    replyMinutes: raw.reply_time_in_minutes,
    firstResolutionMinutes: raw.first_resolution_time_in_minutes,
    fullResolutionMinutes: raw.full_resolution_time_in_minutes,
    requesterWaitMinutes: raw.requester_wait_time_in_minutes,
    agentWaitMinutes: raw.agent_wait_time_in_minutes,
    onHoldMinutes: raw.on_hold_time_in_minutes,
    reopens: raw.reopens ?? null,
    replies: raw.replies ?? null,
    solvedAt: raw.solved_at == null ? null : Date.parse(raw.solved_at),
    updatedAt: Date.parse(raw.updated_at),
  };
}

/**
 * The cursor-based incremental ticket export with `metric_sets`, one Page per HTTP page.
 * Deleted tickets are filtered here rather than with `exclude_deleted`, so one cursor serves
 * callers with either setting.
 */
export async function* ticketPages(
  client: ZendeskClient,
  now: () => number,
  options: StreamOptions & { includeDeleted?: boolean },
): AsyncGenerator<Page<TicketBatch>> {
  const resume = options.checkpoint === null ? {} : decodeCheckpoint(options.checkpoint);
  let { cursor } = resume;
  const startMs = resume.startTime === undefined ? options.startTime : resume.startTime * 1000;
  const startTime = exportStartTime(startMs, now());
  for (;;) {
    options.signal?.throwIfAborted();
    // `include` is repeated on cursor calls: sideloads are per request, not part of the cursor.
    const query =
      cursor === undefined
        ? { start_time: startTime, include: 'metric_sets' }
        : { cursor, include: 'metric_sets' };
    const body = await client.get(TICKETS_PATH, query, options.signal);
    const page = parseEnvelope(TicketExportPageSchema, body, `Zendesk GET ${TICKETS_PATH}`);
    const quarantined: QuarantinedRecord[] = [];
    const tickets: Ticket[] = [];
    const skipped = new Set<string>();
    for (const raw of page.tickets) {
      const parsed = parseRecord(ZendeskTicketSchema, raw, 'tickets', quarantined);
      if (parsed === null) continue;
      if (parsed.status === 'deleted' && options.includeDeleted !== true) {
        skipped.add(parsed.id);
        continue;
      }
      tickets.push(mapTicket(parsed));
    }
    const helpdeskMetrics: HelpdeskTicketMetrics[] = [];
    for (const raw of page.metric_sets ?? []) {
      const parsed = parseRecord(ZendeskMetricSetSchema, raw, 'tickets', quarantined);
      if (parsed !== null && !skipped.has(parsed.ticket_id)) {
        helpdeskMetrics.push(mapMetricSet(parsed));
      }
    }
    // Zendesk can end a stream with a null after_cursor; the last cursor then stays valid.
    cursor = page.after_cursor ?? cursor;
    yield {
      items: [{ tickets, helpdeskMetrics }],
      quarantined,
      checkpoint: encodeCheckpoint(cursor === undefined ? { startTime } : { cursor }),
      endOfStream: page.end_of_stream,
    };
    if (page.end_of_stream || cursor === undefined) return;
  }
}
