import {
  firstMessageExcerpt,
  ScheduleSchema,
  TimeZoneSchema,
  type AuthorKind,
  type Schedule,
  type Ticket,
  type TicketEvent,
} from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import type { UserRoles } from './map-history.js';
import type {
  ZendeskSatisfactionRating,
  ZendeskSchedule,
  ZendeskTicket,
  ZendeskUser,
} from './schemas.js';

export {
  mapTicketHistory,
  type MappedHistory,
  type UserRoles,
  type ZendeskMappingOptions,
} from './map-history.js';

/** The `satisfaction` member of the domain's event union. */
export type SatisfactionEvent = Extract<TicketEvent, { type: 'satisfaction' }>;

/**
 * Role lookup for comment authors: agents and admins answer as `agent`, end-users as `end_user`.
 * Roles are as of the users export; Zendesk keeps no role history.
 */
export function userRolesFrom(users: readonly ZendeskUser[]): UserRoles {
  return new Map(
    users.map((user): [string, AuthorKind] => [
      user.id,
      user.role === 'end-user' ? 'end_user' : 'agent',
    ]),
  );
}

/** Maps a ticket snapshot; custom fields are keyed by the field id as a string. */
export function mapTicket(raw: ZendeskTicket): Ticket {
  const channel = raw.via?.channel?.trim().toLowerCase();
  return {
    id: raw.id,
    status: raw.status,
    subject: raw.subject ?? null,
    channel: channel === undefined || channel === '' ? 'unknown' : channel,
    requesterId: raw.requester_id,
    submitterId: raw.submitter_id,
    organizationId: raw.organization_id,
    assigneeId: raw.assignee_id,
    groupId: raw.group_id,
    brandId: raw.brand_id,
    priority: raw.priority,
    tags: [...raw.tags],
    customFields: Object.fromEntries(raw.custom_fields.map((field) => [field.id, field.value])),
    createdAt: Date.parse(raw.created_at),
    updatedAt: Date.parse(raw.updated_at),
    // Ticket payloads do not name their schedule; SLA/schedule data fills it in elsewhere.
    scheduleId: null,
    // Only when set, so tickets of accounts without forms keep the shape they always had.
    ...(raw.ticket_form_id === null ? {} : { formId: raw.ticket_form_id }),
    ...firstMessageOf(raw.description),
  };
}

function firstMessageOf(description: string | null | undefined): { firstMessage?: string } {
  const excerpt = firstMessageExcerpt(description);
  return excerpt === null ? {} : { firstMessage: excerpt };
}

/**
 * Maps a business-hours schedule. Throws ValidationError when the result is not a valid domain
 * schedule, including when `time_zone` is not an IANA name: Zendesk's schedules API can return
 * Rails names such as "Pacific Time (US & Canada)", which need translating before this point.
 */
export function mapSchedule(raw: ZendeskSchedule): Schedule {
  if (!TimeZoneSchema.safeParse(raw.time_zone).success) {
    throw new ValidationError(`Zendesk schedule ${raw.id} has a time zone that is not IANA`, [
      `schedule ${raw.id}: time_zone ${JSON.stringify(raw.time_zone)} is not a known IANA time zone`,
    ]);
  }
  const result = ScheduleSchema.safeParse({
    id: raw.id,
    name: raw.name,
    timeZone: raw.time_zone,
    intervals: raw.intervals.map((i) => ({ startMinute: i.start_time, endMinute: i.end_time })),
    holidays: raw.holidays.map((h) => ({
      name: h.name,
      startDate: h.start_date,
      endDate: h.end_date,
    })),
  });
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `schedule ${raw.id}: ${issue.path.map(String).join('.')}: ${issue.message}`,
  );
  throw new ValidationError(`Zendesk schedule ${raw.id} is invalid`, issues);
}

/**
 * Maps a rating from the satisfaction-ratings API to a `satisfaction` event. It is dated at
 * `updated_at` because a rating is offered first and scored later on the same record.
 */
export function mapSatisfactionRating(raw: ZendeskSatisfactionRating): SatisfactionEvent {
  return {
    id: `csat:${raw.id}`,
    ticketId: raw.ticket_id,
    at: Date.parse(raw.updated_at),
    actorId: raw.requester_id,
    type: 'satisfaction',
    score: raw.score,
    assigneeId: raw.assignee_id,
  };
}
