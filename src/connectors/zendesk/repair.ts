import { z } from 'zod';
import {
  LocalDateSchema,
  type Schedule,
  type Ticket,
  type TicketEvent,
} from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import type { QuarantinedRecord } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { ZendeskClient } from './client.js';
import { mapSchedule, mapTicket, mapTicketHistory, type ZendeskMappingOptions } from './map.js';
import { issues, parseEnvelope, parseRecord } from './payload.js';
import { toIanaTimeZone } from './rails-time-zones.js';
import type { RoleCache } from './role-cache.js';
import {
  ZendeskAuditSchema,
  ZendeskScheduleSchema,
  ZendeskTicketSchema,
  type ZendeskAudit,
} from './schemas.js';

/** What the per-ticket and schedule reads need. */
export interface RepairDeps {
  client: ZendeskClient;
  roles: RoleCache;
  mapping: ZendeskMappingOptions;
  /** Where skipped schedules and mapping notes go; nothing here is silent. */
  warn: (message: string) => void;
}

const TicketEnvelopeSchema = z.looseObject({ ticket: z.unknown() });
const CursorPageSchema = z.looseObject({
  audits: z.array(z.unknown()),
  meta: z.looseObject({ has_more: z.boolean() }).nullish(),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
});
const SchedulesSchema = z.looseObject({ schedules: z.array(z.unknown()) });
const HolidaysSchema = z.looseObject({ holidays: z.array(z.unknown()) });
const HolidaySchema = z.looseObject({
  name: z.string(),
  start_date: LocalDateSchema,
  end_date: LocalDateSchema,
});

/**
 * One ticket's full history from its audits, to repair gaps in the events stream. The ticket
 * must be valid (there is nothing to return otherwise); each bad audit is quarantined alone.
 */
export async function ticketHistory(
  deps: RepairDeps,
  ticketId: string,
): Promise<{ ticket: Ticket; events: TicketEvent[]; quarantined: QuarantinedRecord[] }> {
  const base = `/api/v2/tickets/${encodeURIComponent(ticketId)}`;
  const what = `Zendesk GET ${base}.json`;
  const envelope = parseEnvelope(TicketEnvelopeSchema, await deps.client.get(`${base}.json`), what);
  const parsed = ZendeskTicketSchema.safeParse(envelope.ticket);
  if (!parsed.success) {
    throw new ConnectorError('SCHEMA_MISMATCH', `${what}: invalid ticket (${issues(parsed)})`);
  }
  const ticket = mapTicket(parsed.data);
  const quarantined: QuarantinedRecord[] = [];
  const audits: ZendeskAudit[] = [];
  // Quarantine keeps records exactly as received, not as parsed.
  const received = new Map<ZendeskAudit, unknown>();
  let body = await deps.client.get(`${base}/audits.json`, { 'page[size]': 100 });
  for (;;) {
    const page = parseEnvelope(CursorPageSchema, body, `Zendesk GET ${base}/audits.json`);
    for (const raw of page.audits) {
      const audit = parseRecord(ZendeskAuditSchema, raw, 'ticket_events', quarantined);
      if (audit === null) continue;
      audits.push(audit);
      received.set(audit, raw);
    }
    const next = page.meta?.has_more === true ? page.links?.next : null;
    if (next == null) break;
    body = await deps.client.get(next);
  }
  await deps.roles.resolve(deps.client, audits.flatMap(commentAuthors));
  const roles = deps.roles.view();
  // mapTicketHistory rejects the whole history for one bad event; trying each audit alone finds
  // the bad ones so they can be quarantined and the rest still mapped.
  const good = audits.filter((audit) => {
    try {
      mapTicketHistory(ticket, [audit], roles, deps.mapping);
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const reason = error.issues.length > 0 ? error.issues.join('; ') : error.message;
      const raw = received.get(audit);
      quarantined.push({ stream: 'ticket_events', sourceId: audit.id, reason, raw });
      return false;
    }
  });
  const mapped = mapTicketHistory(ticket, good, roles, deps.mapping);
  for (const warning of mapped.warnings) deps.warn(warning);
  return { ticket, events: mapped.events, quarantined };
}

function commentAuthors(audit: ZendeskAudit): string[] {
  return audit.events
    .filter((e) => e.type === 'Comment' || e.type === 'VoiceComment')
    .map((e) => {
      const author = ZendeskAuditSchema.shape.author_id.safeParse(e['author_id']);
      return author.success ? author.data : audit.author_id;
    });
}

/**
 * Business-hours schedules with their holidays. A schedule that cannot be used (unknown time
 * zone, bad intervals) is skipped with a warning naming it, so one bad schedule does not hide
 * the others.
 */
export async function schedules(deps: RepairDeps): Promise<Schedule[]> {
  const path = '/api/v2/business_hours/schedules.json';
  const list = parseEnvelope(SchedulesSchema, await deps.client.get(path), `Zendesk GET ${path}`);
  const result: Schedule[] = [];
  for (const raw of list.schedules) {
    const parsed = ZendeskScheduleSchema.safeParse(raw);
    if (!parsed.success) {
      deps.warn(`Zendesk schedule skipped: invalid (${issues(parsed)})`);
      continue;
    }
    const schedule = parsed.data;
    const timeZone = toIanaTimeZone(schedule.time_zone);
    if (timeZone === null) {
      deps.warn(
        `Zendesk schedule ${schedule.id} skipped: time zone ${JSON.stringify(schedule.time_zone)} is neither a known Rails name nor IANA`,
      );
      continue;
    }
    const holidaysPath = `/api/v2/business_hours/schedules/${encodeURIComponent(schedule.id)}/holidays.json`;
    const body = await deps.client.get(holidaysPath);
    const holidays = [];
    for (const raw of parseEnvelope(HolidaysSchema, body, `Zendesk GET ${holidaysPath}`).holidays) {
      const holiday = HolidaySchema.safeParse(raw);
      if (holiday.success) holidays.push(holiday.data);
      else deps.warn(`Zendesk schedule ${schedule.id}: holiday skipped (${issues(holiday)})`);
    }
    try {
      result.push(mapSchedule({ ...schedule, time_zone: timeZone, holidays }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      deps.warn(`Zendesk schedule ${schedule.id} skipped: ${error.issues.join('; ')}`);
    }
  }
  return result;
}
