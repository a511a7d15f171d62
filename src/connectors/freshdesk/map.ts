import {
  HandleTimeEntrySchema,
  HelpdeskUserSchema,
  OrganizationSchema,
  TicketEventSchema,
  TicketSchema,
  type HandleTimeEntry,
  type HelpdeskUser,
  type Organization,
  type Priority,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../../domain/index.js';
import {
  parseRecord,
  type FreshdeskAgent,
  type FreshdeskCompany,
  type FreshdeskContact,
  type FreshdeskSatisfactionRating,
  type FreshdeskTicket,
  type FreshdeskTimeEntry,
  type ParseOutcome,
} from './schemas.js';

/** Per-account table for custom statuses (id ≥ 6); metrics.md §0.2 makes this config, not code. */
export type CustomStatusTable = Readonly<Record<number, TicketStatus>>;

const BUILT_IN_STATUSES: ReadonlyMap<number, TicketStatus> = new Map([
  [2, 'open'],
  [3, 'pending'],
  [4, 'solved'],
  [5, 'closed'],
]);

/** Maps a Freshdesk status code, or null when the account has not mapped that custom status. */
export function mapStatus(code: number, customStatuses: CustomStatusTable): TicketStatus | null {
  return BUILT_IN_STATUSES.get(code) ?? (code >= 6 ? (customStatuses[code] ?? null) : null);
}

/** Ticket `source` → channel. Outbound email (10) is a ticket an agent created (see map-events). */
const CHANNELS: ReadonlyMap<number, string> = new Map([
  [1, 'email'],
  [2, 'web'],
  [3, 'voice'],
  [5, 'twitter'],
  [6, 'facebook'],
  [7, 'chat'],
  [9, 'feedback_widget'],
  [10, 'outbound_email'],
  [13, 'whatsapp'],
]);

/** Channel of a ticket source; unknown codes stay visible as `source_<n>` rather than failing. */
export function mapChannel(source: number): string {
  return CHANNELS.get(source) ?? `source_${source}`;
}

/** Freshdesk source 10: the ticket was started by an agent, so its description is no request. */
export const OUTBOUND_EMAIL_SOURCE = 10;

const PRIORITY_BY_CODE: ReadonlyMap<number, Priority> = new Map([
  [1, 'low'],
  [2, 'normal'],
  [3, 'high'],
  [4, 'urgent'],
]);

/** Maps a ticket; unknown or unmapped statuses fail with a reason so the ticket is quarantined. */
export function mapTicket(
  raw: FreshdeskTicket,
  customStatuses: CustomStatusTable,
): ParseOutcome<Ticket> {
  const status = raw.deleted === true ? 'deleted' : mapStatus(raw.status, customStatuses);
  if (status === null) {
    return {
      ok: false,
      reason:
        raw.status >= 6
          ? `custom status ${raw.status} is not mapped; add it to customStatuses`
          : `unknown status code ${raw.status}`,
    };
  }
  const ticket: Ticket = {
    id: raw.id,
    status,
    subject: raw.subject ?? null,
    channel: mapChannel(raw.source),
    requesterId: raw.requester_id,
    // Freshdesk does not report who submitted a ticket; outbound email implies the responder.
    submitterId: raw.source === OUTBOUND_EMAIL_SOURCE ? raw.responder_id : null,
    organizationId: raw.company_id,
    assigneeId: raw.responder_id,
    groupId: raw.group_id,
    // Products are Freshdesk's brands (multi-product accounts).
    brandId: raw.product_id,
    priority: raw.priority == null ? null : (PRIORITY_BY_CODE.get(raw.priority) ?? null),
    tags: [...raw.tags],
    customFields: { ...raw.custom_fields },
    createdAt: Date.parse(raw.created_at),
    updatedAt: Date.parse(raw.updated_at),
    // Tickets do not name their business hours; groups do (group.business_hour_id).
    scheduleId: null,
  };
  return parseRecord(TicketSchema, ticket);
}

/** Parses "hh:mm" into seconds; the schema has already checked the shape. */
export function timeSpentSeconds(timeSpent: string): number {
  const [hours = '0', minutes = '0'] = timeSpent.split(':');
  return Number(hours) * 3600 + Number(minutes) * 60;
}

/**
 * Maps a time entry. A running timer yields `null`: its `time_spent` is still growing, so it is
 * excluded until stopped (metrics.md §7(b)); the connector re-reads it on a later sync.
 */
export function mapTimeEntry(raw: FreshdeskTimeEntry): ParseOutcome<HandleTimeEntry | null> {
  if (raw.timer_running) return { ok: true, value: null };
  return parseRecord(HandleTimeEntrySchema, {
    id: raw.id,
    ticketId: raw.ticket_id,
    agentId: raw.agent_id,
    seconds: timeSpentSeconds(raw.time_spent),
    source: 'freshdesk_time_entry',
    loggedAt: Date.parse(raw.executed_at ?? raw.created_at),
  } satisfies HandleTimeEntry);
}

/**
 * Maps a rating of the survey's default question. Codes above 100 are satisfied (101–103), below
 * -100 unsatisfied. Neutral (100) becomes `bad`: CSAT = good ÷ (good + bad) must keep neutral
 * answers in the denominator (metrics.md §8(a)) and the domain score has no neutral value, so
 * `bad` here reads "not satisfied". Any other code is quarantined rather than guessed.
 */
export function mapSatisfactionRating(raw: FreshdeskSatisfactionRating): ParseOutcome<TicketEvent> {
  const code = raw.ratings['default_question'];
  if (code === undefined) return { ok: false, reason: 'rating has no default_question answer' };
  const score = code >= 101 && code <= 103 ? 'good' : isUnsatisfied(code) ? 'bad' : null;
  if (score === null) return { ok: false, reason: `unknown rating code ${code}` };
  return parseRecord(TicketEventSchema, {
    id: `csat:${raw.id}`,
    ticketId: raw.ticket_id,
    at: Date.parse(raw.created_at),
    actorId: raw.user_id,
    type: 'satisfaction',
    score,
    assigneeId: raw.agent_id,
  } satisfies TicketEvent);
}

function isUnsatisfied(code: number): boolean {
  return code === 100 || (code <= -101 && code >= -103);
}

/** Maps an agent; agents are users whose replies count as agent replies. */
export function mapAgent(raw: FreshdeskAgent): ParseOutcome<HelpdeskUser> {
  return parseRecord(HelpdeskUserSchema, {
    id: raw.id,
    name: raw.contact?.name ?? null,
    kind: 'agent',
    organizationId: null,
    updatedAt: Date.parse(raw.updated_at),
  } satisfies HelpdeskUser);
}

/** Maps a contact (customer). */
export function mapContact(raw: FreshdeskContact): ParseOutcome<HelpdeskUser> {
  return parseRecord(HelpdeskUserSchema, {
    id: raw.id,
    name: raw.name ?? null,
    kind: 'end_user',
    organizationId: raw.company_id,
    updatedAt: Date.parse(raw.updated_at),
  } satisfies HelpdeskUser);
}

/** Maps a company to an organization. */
export function mapCompany(raw: FreshdeskCompany): ParseOutcome<Organization> {
  return parseRecord(OrganizationSchema, {
    id: raw.id,
    name: raw.name,
    updatedAt: Date.parse(raw.updated_at),
  } satisfies Organization);
}
