import type { z } from 'zod';
import type { SurveyResponse, Ticket, TicketEvent } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import type { ZendeskAudit } from './schemas.js';
import { describeIssues } from '../../zod-issues.js';

/** Account-specific custom field ids; `null` when the account has no such field. */
export interface ZendeskMappingOptions {
  /** The Time Tracking app's "Total time spent (sec)" field. */
  timeFieldId: string | null;
  /** A custom field holding a CES 2.0 answer (1–7, higher is better). */
  cesFieldId: string | null;
  /**
   * A custom field holding a 0–10 NPS answer ("how likely are you to recommend us"), written by
   * the survey tool; Zendesk's own NPS surveys are retired. Absent or null: no NPS source.
   */
  npsFieldId?: string | null;
}

/** Running state while one ticket's audits are replayed in order. */
export interface HistoryState {
  readonly ticket: Ticket;
  readonly options: ZendeskMappingOptions;
  readonly events: TicketEvent[];
  readonly surveys: SurveyResponse[];
  readonly warnings: string[];
  sawStatusCreate: boolean;
  /** Last seen value of the time-tracking total; deltas are taken against it. */
  timeTotal: number;
  sawHandleTime: boolean;
}

/** The audit an event sits in, and the event's id for error messages. */
export interface AuditContext {
  readonly audit: ZendeskAudit;
  readonly auditAt: number;
  readonly eventId: string;
}

/** Fields every event shares. */
export type EventBase = Pick<TicketEvent, 'id' | 'ticketId' | 'at' | 'actorId'>;

/** The shared fields of an audit event; the event's own timestamp wins over the audit's. */
export function baseOf(
  ctx: AuditContext,
  eventId: string,
  createdAt: string | null | undefined,
): EventBase {
  return {
    id: `${ctx.audit.id}:${eventId}`,
    ticketId: ctx.audit.ticket_id,
    at: createdAt == null ? ctx.auditAt : Date.parse(createdAt),
    actorId: ctx.audit.author_id,
  };
}

/** Validates a known event type; a failure names the audit and event so the record can be found. */
export function parseEvent<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  ctx: AuditContext,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw malformed(ctx, describeIssues(result.error.issues, '(event)'));
}

/** A ValidationError naming the audit and event, for a known event type that is malformed. */
export function malformed(ctx: AuditContext, problems: readonly string[]): ValidationError {
  const where = `audit ${ctx.audit.id} event ${ctx.eventId}`;
  return new ValidationError(
    `Zendesk ${where} on ticket ${ctx.audit.ticket_id} is malformed: ${problems.join('; ')}`,
    problems.map((problem) => `${where}: ${problem}`),
  );
}

/** The raw event's id for messages, before the event has been validated. */
export function describeEventId(raw: Readonly<Record<string, unknown>>): string {
  const id = raw['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '(no id)';
}

/**
 * Audits in replay order (created_at, then id), each once: overlapping pages can deliver an audit
 * twice, and its events must not count twice.
 */
export function orderAudits(audits: readonly ZendeskAudit[]): ZendeskAudit[] {
  const byId = new Map<string, ZendeskAudit>();
  for (const audit of audits) if (!byId.has(audit.id)) byId.set(audit.id, audit);
  return [...byId.values()].sort(compareAudits);
}

function compareAudits(a: ZendeskAudit, b: ZendeskAudit): number {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at);
  if (byTime !== 0) return byTime;
  // Ids can exceed 2^53, so compare them exactly.
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}
