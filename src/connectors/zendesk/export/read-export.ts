import type { Ticket, TicketEvent } from '../../../domain/index.js';
import { SatisfactionScoreSchema } from '../../../domain/index.js';
import type { HelpdeskExport } from '../../export-source.js';
import { mapSatisfactionRating, mapSchedule, mapTicket, userRolesFrom } from '../map.js';
import type { ZendeskMappingOptions } from '../map.js';
import { toIanaTimeZone } from '../rails-time-zones.js';
import {
  ZendeskAuditSchema,
  ZendeskSatisfactionRatingSchema,
  ZendeskScheduleSchema,
  ZendeskTicketSchema,
  ZendeskUserSchema,
} from '../schemas.js';
import { mapHistories } from './histories.js';
import { parseRecords } from './records.js';

/** The parsed JSON of each file of a Zendesk export folder; optional files are undefined when absent. */
export interface ZendeskExportFiles {
  tickets: unknown;
  audits: unknown;
  users: unknown;
  schedules?: unknown;
  satisfactionRatings?: unknown;
}

/**
 * Reads a Zendesk export folder into the domain model: validates every record, maps tickets,
 * audits (through the users' roles), schedules and ratings. Records that fail are reported in
 * `rejected` with their file, position and id; the rest is read as far as it can be.
 */
export function readZendeskExport(
  files: ZendeskExportFiles,
  mapping: ZendeskMappingOptions,
): HelpdeskExport {
  const tickets = parseRecords('tickets.json', files.tickets, 'tickets', ZendeskTicketSchema);
  const audits = parseRecords('audits.json', files.audits, 'audits', ZendeskAuditSchema);
  const users = parseRecords('users.json', files.users, 'users', ZendeskUserSchema);
  const schedules =
    files.schedules === undefined
      ? { records: [], rejected: [] }
      : parseRecords('schedules.json', files.schedules, 'schedules', ZendeskScheduleSchema);
  const ratings =
    files.satisfactionRatings === undefined
      ? { records: [], rejected: [] }
      : parseRecords(
          'satisfaction_ratings.json',
          files.satisfactionRatings,
          'satisfaction_ratings',
          ZendeskSatisfactionRatingSchema,
        );
  // Zendesk's schedules API names zones the Rails way ("Pacific Time (US & Canada)"), as the live
  // connector translates them; a name neither knows still fails in mapSchedule.
  const domainSchedules = schedules.records.map((s) =>
    mapSchedule({ ...s, time_zone: toIanaTimeZone(s.time_zone) ?? s.time_zone }),
  );
  const domainTickets = dedupeTickets(tickets.records.map(mapTicket));
  const extraEvents = new Map<string, TicketEvent[]>();
  for (const rating of ratings.records) {
    const event = mapSatisfactionRating(rating);
    extraEvents.set(event.ticketId, [...(extraEvents.get(event.ticketId) ?? []), event]);
  }
  for (const raw of tickets.records) {
    const score = SatisfactionScoreSchema.safeParse(raw.satisfaction_rating?.score);
    const ticket = mapTicket(raw);
    if (!score.success || extraEvents.has(ticket.id)) continue;
    // Without the ratings file the ticket's own snapshot is the only CSAT source.
    extraEvents.set(ticket.id, [
      {
        id: `${ticket.id}:csat-snapshot`,
        ticketId: ticket.id,
        at: ticket.updatedAt,
        actorId: null,
        type: 'satisfaction',
        score: score.data,
        assigneeId: null,
      },
    ]);
  }
  const histories = mapHistories(
    domainTickets,
    audits.records,
    userRolesFrom(users.records),
    mapping,
  );
  const events = new Map<string, TicketEvent[]>();
  for (const ticket of domainTickets) {
    events.set(
      ticket.id,
      mergeSorted(histories.events.get(ticket.id) ?? [], extraEvents.get(ticket.id) ?? []),
    );
  }
  return {
    tickets: domainTickets,
    events,
    schedules: domainSchedules,
    rejected: [
      ...tickets.rejected,
      ...audits.rejected,
      ...users.rejected,
      ...schedules.rejected,
      ...ratings.rejected,
      ...histories.rejected,
    ],
    warnings: histories.warnings,
  };
}

/** Exports can list a ticket twice (an update between pages); the latest version wins. */
function dedupeTickets(tickets: readonly Ticket[]): Ticket[] {
  const byId = new Map<string, Ticket>();
  for (const t of tickets) {
    const seen = byId.get(t.id);
    if (seen === undefined || t.updatedAt >= seen.updatedAt) byId.set(t.id, t);
  }
  return [...byId.values()];
}

function mergeSorted(a: readonly TicketEvent[], b: readonly TicketEvent[]): TicketEvent[] {
  if (b.length === 0) return [...a];
  // Stable sort keeps each source's own order for events at the same instant.
  return [...a, ...b].sort((x, y) => x.at - y.at);
}
